"""Evaluation rounds and their results."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action

from chuangxian.api import serializers
from chuangxian.api.base import ApiMixin
from chuangxian.api.views.common import _filters, _pk
from evaluations.ballots import access as ballot_access
from evaluations.ballots import selectors as round_selectors
from evaluations.models import Round, TargetTally


@extend_schema_view(
    list=extend_schema(
        summary="Evaluation rounds of your institute",
        parameters=[serializers.RoundFilter],
    ),
    retrieve=extend_schema(summary="One evaluation round"),
)
class RoundViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Evaluation rounds (评议轮次), for the activity office and the leading group.

    Nothing here names who voted, how anyone voted, or any receipt.
    """

    serializer_class = serializers.RoundSerializer
    queryset = Round.objects.none()  # for the schema: the real one is below

    def get_queryset(self):
        scope = ballot_access.require_round_office(self.request.user)
        rounds = round_selectors.rounds_for_office(
            institute_ids=ballot_access.readable_institute_ids(scope)
        )
        filters = _filters(self.request, serializers.RoundFilter)
        if filters.get("status"):
            rounds = rounds.filter(status=filters["status"])
        return rounds

    def get_object(self):
        round = ballot_access.get_round_for(self.request.user, _pk(self.kwargs["pk"]))
        round.target_count = round.targets.count()
        return round

    @extend_schema(
        summary="Results (tallies) of a round",
        description=(
            "Empty until the round is tallied. A target rated on fewer than k "
            "ballots shows no figures at all, not even its number of ballots."
        ),
        responses={200: serializers.ResultSerializer(many=True)},
    )
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        round = ballot_access.get_round_for(request.user, _pk(pk))
        if round.has_tallies:
            tallies = round_selectors.round_tallies(round=round)
        else:
            tallies = TargetTally.objects.none()
        page = self.paginate_queryset(tallies)
        return self.get_paginated_response(
            serializers.ResultSerializer(page, many=True).data
        )
