"""Filters (query parameters), checked before they reach a query."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from chuangxian.api.base import id_param
from evaluations.models import Round
from organizations.models import Organization
from pledges.models import Status


class OrganisationFilter(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Organization.Kind.choices, required=False)
    parent = id_param()


class PeopleFilter(serializers.Serializer):
    q = serializers.CharField(
        required=False, max_length=100, help_text=_("Name or staff number")
    )
    unit = id_param()


class FiledFilter(serializers.Serializer):
    campaign = id_param()
    unit = id_param()
    status = serializers.ChoiceField(choices=Status.choices, required=False)


class PledgeFilter(FiledFilter):
    person = id_param()


class RoundFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=Round.Status.choices, required=False)


class ScoreFilter(serializers.Serializer):
    campaign = id_param()
    audience = serializers.ChoiceField(
        choices=[("unit", _("Units")), ("person", _("Members"))], required=False
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Send it as: Authorization: Token …"))
    created = serializers.DateTimeField()
