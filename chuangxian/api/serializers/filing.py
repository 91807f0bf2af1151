"""Plans and pledges: filing and changing (validate and clean only, as the forms)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from chuangxian.api.base import MAX_ID, MAX_REVISION, IdField, id_param
from organizations.models import Person
from pledges.models import Criterion


class PlanCreateSerializer(serializers.Serializer):
    """File a plan for a unit; the campaign defaults to the one running for it."""

    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    campaign = id_param()


class PledgeCreateSerializer(serializers.Serializer):
    """File a pledge in a unit, one's own or (for the secretary) a member's."""

    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    person = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Leave out to file your own pledge."),
    )
    campaign = id_param()


def _row_id():
    return serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=_("Leave out for a new row."),
    )


class MeasureWriteSerializer(serializers.Serializer):
    """One measure (具体措施); the owner is one of the unit's members."""

    id = _row_id()
    text = serializers.CharField(max_length=300)
    owner = IdField(queryset=Person.objects.none(), required=False, allow_null=True)
    due_on = serializers.DateField()

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["owner"].queryset = owners


class MilestoneWriteSerializer(serializers.Serializer):
    """One milestone (时间进度)."""

    id = _row_id()
    due_on = serializers.DateField()
    text = serializers.CharField(max_length=300)


class ItemWriteSerializer(serializers.Serializer):
    """One committed item (承诺事项) and the 带头 it serves."""

    id = _row_id()
    text = serializers.CharField(max_length=300)
    target = serializers.CharField(max_length=300)
    due_on = serializers.DateField()
    criterion = IdField(
        queryset=Criterion.objects.none(), required=False, allow_null=True
    )

    def __init__(self, *args, criteria=None, **kwargs):
        super().__init__(*args, **kwargs)
        if criteria is not None:
            field = self.fields["criterion"]
            field.queryset = criteria
            if criteria.exists():
                # As the form: once the organisation has its 带头, each item names one.
                field.required, field.allow_null = True, False


def _revision():
    return serializers.IntegerField(
        min_value=1,
        max_value=MAX_REVISION,
        help_text=_(
            "The revision you read; if someone changed it since, the answer is 409."
        ),
    )


class PlanUpdateSerializer(serializers.Serializer):
    """The whole plan: the rows sent are the rows kept (others are removed)."""

    revision = _revision()
    focus = serializers.CharField()
    targets = serializers.CharField()
    measures = MeasureWriteSerializer(many=True, max_length=50)
    milestones = MilestoneWriteSerializer(many=True, max_length=50)

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["measures"] = MeasureWriteSerializer(
                many=True, max_length=50, owners=owners
            )


class PledgeUpdateSerializer(serializers.Serializer):
    """The whole pledge: the items sent are the items kept (others are removed)."""

    revision = _revision()
    plans = serializers.CharField()
    direction = serializers.CharField()
    items = ItemWriteSerializer(many=True, max_length=50)

    def __init__(self, *args, criteria=None, **kwargs):
        super().__init__(*args, **kwargs)
        if criteria is not None:
            self.fields["items"] = ItemWriteSerializer(
                many=True, max_length=50, criteria=criteria
            )


class ReturnSerializer(serializers.Serializer):
    """Why a submitted plan goes back to its filer."""

    reason = serializers.CharField(max_length=2000)
