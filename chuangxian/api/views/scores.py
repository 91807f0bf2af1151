"""Scores."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from chuangxian.api import selectors, serializers
from chuangxian.api.base import ApiMixin
from chuangxian.api.views.common import _filters, _pk
from evaluations.models import Score
from organizations.access import scope_of


@extend_schema_view(
    list=extend_schema(
        summary="Scores you may read", parameters=[serializers.ScoreFilter]
    ),
    retrieve=extend_schema(summary="One score"),
)
class ScoreViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Final scores (综合得分): all of them for the office and the leading group; once
    published, those of the units and members your roles reach, and your own."""

    serializer_class = serializers.ScoreSerializer
    queryset = Score.objects.none()  # for the schema: the real one is below

    def get_queryset(self):
        scores = selectors.scores_readable(scope_of(self.request.user))
        filters = _filters(self.request, serializers.ScoreFilter)
        if filters.get("campaign"):
            scores = scores.filter(campaign_id=filters["campaign"])
        if filters.get("audience") == "unit":
            scores = scores.filter(unit__isnull=False)
        elif filters.get("audience") == "person":
            scores = scores.filter(person__isnull=False)
        return scores

    def get_object(self):
        score = (
            selectors.scores_readable(scope_of(self.request.user))
            .filter(pk=_pk(self.kwargs["pk"]))
            .first()
        )
        if score is None:
            raise Http404
        return score
