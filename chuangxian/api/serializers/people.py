"""Organisations and people."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from organizations.models import Organization, Person


class UnitRefSerializer(serializers.ModelSerializer):
    """A unit named inside another object."""

    class Meta:
        model = Organization
        fields = ["id", "name", "kind"]


class OrganisationSerializer(serializers.ModelSerializer):
    """Organisation unit (组织)."""

    category = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "kind",
            "parent",
            "institute",
            "depth",
            "category",
            "department",
            "led_by",
            "order",
            "is_active",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                "id": {"type": "integer"},
                "code": {"type": "string"},
                "name": {"type": "string"},
            },
            "required": ["id", "code", "name"],
        }
    )
    def get_category(self, unit):
        category = unit.category
        if category is None:
            return None
        return {"id": category.pk, "code": category.code, "name": category.name}


class PersonSerializer(serializers.ModelSerializer):
    """A row of the roster (花名册): what the roster page shows, nothing more."""

    department = UnitRefSerializer(read_only=True, allow_null=True)
    branch = UnitRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "staff_no",
            "name",
            "department",
            "branch",
            "political_status",
            "position",
        ]


class PersonRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "name"]
