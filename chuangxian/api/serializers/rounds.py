"""Evaluation rounds, results and scores."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chuangxian.api.serializers.people import UnitRefSerializer
from evaluations.models import QuestionTally, Round, Score, TargetTally


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
