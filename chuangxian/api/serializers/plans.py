"""Plans and pledges: reading."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chuangxian.api.serializers.people import PersonRefSerializer, UnitRefSerializer
from pledges.models import Plan, PlanMeasure, PlanMilestone, Pledge, PledgeItem


class MeasureSerializer(serializers.ModelSerializer):
    owner = PersonRefSerializer(read_only=True, allow_null=True)
    progress_status = serializers.CharField()

    class Meta:
        model = PlanMeasure
        fields = [
            "id",
            "text",
            "owner",
            "due_on",
            "order",
            "progress_status",
            "progress_percent",
        ]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanMilestone
        fields = ["id", "due_on", "text"]


FILED_FIELDS = [
    "id",
    "campaign",
    "unit",
    "criteria_set",
    "status",
    "revision",
    "version",
    "return_reason",
    "created_at",
    "updated_at",
    "submitted_at",
    "approved_at",
    "published_at",
]


class PlanSerializer(serializers.ModelSerializer):
    """Striving plan (争创计划) with its measures and milestones."""

    unit = UnitRefSerializer(read_only=True)
    measures = MeasureSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [*FILED_FIELDS, "focus", "targets", "measures", "milestones"]


class ItemSerializer(serializers.ModelSerializer):
    criterion = serializers.SerializerMethodField()
    progress_status = serializers.CharField()

    class Meta:
        model = PledgeItem
        fields = [
            "id",
            "text",
            "target",
            "due_on",
            "criterion",
            "order",
            "progress_status",
            "progress_percent",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
            "required": ["id", "name"],
        }
    )
    def get_criterion(self, item):
        criterion = item.criterion
        if criterion is None:
            return None
        return {"id": criterion.pk, "name": criterion.name}


class PledgeSerializer(serializers.ModelSerializer):
    """Member pledge (承诺书) with its committed items."""

    unit = UnitRefSerializer(read_only=True)
    person = PersonRefSerializer(read_only=True)
    items = ItemSerializer(many=True, read_only=True)

    class Meta:
        model = Pledge
        fields = [
            *FILED_FIELDS,
            "person",
            "on_behalf",
            "plans",
            "direction",
            "items",
        ]
