"""What the API shows and accepts. Reads mirror the pages; writes only validate and
clean, as the forms do, before the views hand them to the services."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chuangxian.api.base import MAX_ID, MAX_REVISION, IdField, id_param
from evaluations.models import QuestionTally, Round, Score, TargetTally
from organizations.models import Organization, Person
from pledges.models import (
    Campaign,
    Criterion,
    Plan,
    PlanMeasure,
    PlanMilestone,
    Pledge,
    PledgeItem,
    Status,
)

# ---------------------------------------------------------------------------
# Organisations and people


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


# ---------------------------------------------------------------------------
# Campaigns


class CampaignSerializer(serializers.ModelSerializer):
    """Campaign year (创先争优活动年度) with its calendar."""

    scope = UnitRefSerializer(read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "year",
            "theme",
            "scope",
            "is_active",
            *Campaign.DATE_FIELDS,
            "news_check_day",
            "min_ballots",
        ]


# ---------------------------------------------------------------------------
# Plans and pledges: reading


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


# ---------------------------------------------------------------------------
# Plans and pledges: filing and changing (validate and clean only, as the forms)


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


# ---------------------------------------------------------------------------
# Evaluation rounds, results and scores


class RoundSerializer(serializers.ModelSerializer):
    """Evaluation round (评议轮次): its window and state, never who voted."""

    scope = UnitRefSerializer(read_only=True)
    target_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Round
        fields = [
            "id",
            "title",
            "kind",
            "status",
            "year",
            "scope",
            "institute",
            "campaign",
            "opens_on",
            "closes_on",
            "k",
            "scale",
            "target_count",
            "tallied_on",
            "published_on",
        ]


class QuestionResultSerializer(serializers.ModelSerializer):
    question = serializers.IntegerField(source="question_id")
    code = serializers.CharField(source="question.code")
    text = serializers.CharField(source="question.text")
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=_("How many chose each rating value."),
    )

    class Meta:
        model = QuestionTally
        fields = ["question", "code", "text", "answered", "mean", "counts"]


class ResultSerializer(serializers.ModelSerializer):
    """Tally of one target (评议结果); below k ballots nothing but the name is shown."""

    target = serializers.SerializerMethodField()
    ballots = serializers.SerializerMethodField()
    questions = serializers.SerializerMethodField()

    class Meta:
        model = TargetTally
        fields = ["target", "withheld", "ballots", "mean", "questions"]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "name": {"type": "string"},
                "unit": {"type": "integer", "nullable": True},
                "person": {"type": "integer", "nullable": True},
            },
            "required": ["id", "name", "unit", "person"],
        }
    )
    def get_target(self, tally):
        target = tally.target
        return {
            "id": target.pk,
            "name": target.name,
            "unit": target.unit_id,
            "person": target.person_id,
        }

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_ballots(self, tally):
        return None if tally.withheld else tally.ballots

    @extend_schema_field(QuestionResultSerializer(many=True))
    def get_questions(self, tally):
        if tally.withheld:
            return []
        return QuestionResultSerializer(tally.questions.all(), many=True).data

    def to_representation(self, tally):
        data = super().to_representation(tally)
        if tally.withheld:
            data["mean"] = None
        return data


class ScoreSerializer(serializers.ModelSerializer):
    """Final score (综合得分) of a unit or a member; the breakdown stays on its page."""

    class Meta:
        model = Score
        fields = [
            "id",
            "campaign",
            "unit",
            "person",
            "name",
            "category_key",
            "category_label",
            "score",
            "grade",
            "vetoed",
            "rank",
            "computed_at",
        ]


# ---------------------------------------------------------------------------
# Filters (query parameters), checked before they reach a query


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
