"""The REST API at /api/v1/ (接口): the pages' access helpers, selectors and services.

Each view loads through the same ``get_<object>_for`` helper as its page (404 out of
scope, 403 in sight but not allowed), validates the input as the page's form does, and
calls the same service. Lists are the helpers' rules as filters (``selectors``).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from chuangxian.api import selectors, serializers, services
from chuangxian.api.base import ApiMixin
from evaluations.ballots import access as ballot_access
from evaluations.ballots import selectors as round_selectors
from evaluations.models import Round, Score, TargetTally
from organizations import selectors as org_selectors
from organizations.access import get_person_for, get_unit_for, scope_of
from organizations.models import Organization, Person
from pledges import selectors as pledge_selectors
from pledges import services as pledge_services
from pledges.access import (
    get_campaign_for,
    get_plan_for,
    get_pledge_filing_for,
    get_pledge_for,
)
from pledges.models import Campaign, ConflictError, Criterion, Plan, Pledge


def _valid(serializer) -> dict:
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _filters(request, serializer_class) -> dict:
    return _valid(serializer_class(data=request.query_params))


def _pk(value) -> int:
    return int(value)  # the URL's pattern admits only digits


def _rows_replacing(existing_ids, rows: list[dict]) -> list[dict]:
    """The rows sent become the rows kept: the ones left out are removed."""
    sent = {row["id"] for row in rows if row.get("id")}
    return [
        *[dict(row) for row in rows],
        *({"id": pk, "delete": True} for pk in existing_ids if pk not in sent),
    ]


def _conflict(model, obj, revision: int) -> Response:
    """409 with the current revision, so the client knows what to read again."""
    current = model.objects.values_list("revision", flat=True).get(pk=obj.pk)
    detail = _(
        "Someone changed this after revision %(yours)s; it is now at revision "
        "%(current)s. Read it again, then send your change with the current revision."
    ) % {"yours": revision, "current": current}
    return Response(
        {"detail": detail, "revision": current}, status=status.HTTP_409_CONFLICT
    )


def _campaign_for(user, campaign_id, unit: Organization):
    """The campaign asked for, else the one current for the unit (not the user's
    institute: filing is for that unit). Unlike the pages, which fall back to the
    current campaign, an API client that names a campaign it may not read gets a 404,
    and one with no campaign at all a 400 saying so."""
    if campaign_id:
        return get_campaign_for(user, campaign_id)
    campaign = pledge_selectors.current_campaign(unit)
    if campaign is None:
        raise ValidationError({"campaign": _("No campaign is set up yet.")})
    return campaign


# ---------------------------------------------------------------------------
# Organisations and people


@extend_schema_view(
    list=extend_schema(
        summary="Organisation units in your scope",
        parameters=[serializers.OrganisationFilter],
    ),
    retrieve=extend_schema(summary="One organisation unit"),
)
class OrganisationViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Organisation units (组织) your roles reach, and your own branch and department."""

    serializer_class = serializers.OrganisationSerializer
    queryset = Organization.objects.none()  # for the schema: the real one is below

    def get_queryset(self):
        units = scope_of(self.request.user).units().select_related("category")
        filters = _filters(self.request, serializers.OrganisationFilter)
        if filters.get("kind"):
            units = units.filter(kind=filters["kind"])
        if filters.get("parent"):
            units = units.filter(parent_id=filters["parent"])
        return units.order_by("path")

    def get_object(self):
        return get_unit_for(self.request.user, _pk(self.kwargs["pk"]))


@extend_schema_view(
    list=extend_schema(
        summary="The roster in your scope", parameters=[serializers.PeopleFilter]
    ),
    retrieve=extend_schema(summary="One person of the roster"),
)
class PersonViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """The roster (花名册) as its page shows it, for those whose roles reach people."""

    serializer_class = serializers.PersonSerializer
    queryset = Person.objects.none()  # for the schema: the real one is below

    def _scope(self):
        scope = scope_of(self.request.user)
        if not scope.read_paths:  # the roster page's rule
            raise PermissionDenied
        return scope

    def get_queryset(self):
        scope = self._scope()
        filters = _filters(self.request, serializers.PeopleFilter)
        unit = None
        if filters.get("unit"):
            unit = get_unit_for(self.request.user, filters["unit"])
        people = org_selectors.people_for(
            scope, query=filters.get("q", "").strip(), unit=unit
        )
        return people.order_by("staff_no", "pk")

    def get_object(self):
        self._scope()
        return get_person_for(self.request.user, _pk(self.kwargs["pk"]))


# ---------------------------------------------------------------------------
# Campaigns


@extend_schema_view(
    list=extend_schema(summary="Campaigns your institute takes part in"),
    retrieve=extend_schema(summary="One campaign with its calendar"),
)
class CampaignViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Campaign years (创先争优活动) and their calendars."""

    serializer_class = serializers.CampaignSerializer
    queryset = Campaign.objects.none()  # for the schema: the real one is below

    def get_queryset(self):
        scope = scope_of(self.request.user)
        if scope.person is None and not scope.is_superuser:  # the list page's rule
            raise PermissionDenied
        return selectors.campaigns_readable(scope)

    def get_object(self):
        return get_campaign_for(self.request.user, _pk(self.kwargs["pk"]))


# ---------------------------------------------------------------------------
# Plans and pledges


class FiledViewSet(
    ApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """What plans and pledges share: reading, filtering and reloading after a write."""

    def readable(self, scope):
        raise NotImplementedError

    def get_queryset(self):
        rows = self.readable(scope_of(self.request.user))
        filters = _filters(self.request, self.filter_class)
        for name in ("campaign", "unit", "person"):
            if filters.get(name):
                rows = rows.filter(**{f"{name}_id": filters[name]})
        if filters.get("status"):
            rows = rows.filter(status=filters["status"])
        return rows

    def reloaded(self, obj):
        """The object as the list shows it, after a service changed it."""
        readable = self.readable(scope_of(self.request.user))
        return readable.filter(pk=obj.pk).first() or obj

    def answer(self, obj, code=status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.reloaded(obj)).data, status=code)


@extend_schema_view(
    list=extend_schema(
        summary="Plans you may read", parameters=[serializers.FiledFilter]
    ),
    retrieve=extend_schema(summary="One plan"),
)
class PlanViewSet(FiledViewSet):
    """Striving plans (争创计划): read, file, update and submit."""

    queryset = Plan.objects.none()  # for the schema: the real one is below
    serializer_class = serializers.PlanSerializer
    filter_class = serializers.FiledFilter

    def readable(self, scope):
        return selectors.plans_readable(scope)

    def get_object(self):
        return get_plan_for(self.request.user, _pk(self.kwargs["pk"]))

    @extend_schema(
        summary="File a plan",
        description=(
            "Starts the unit's plan from its category's template, as the page does; "
            "then send the whole plan with PUT and submit it."
        ),
        request=serializers.PlanCreateSerializer,
        responses={201: serializers.PlanSerializer},
    )
    def create(self, request):
        data = _valid(serializers.PlanCreateSerializer(data=request.data))
        unit = get_unit_for(request.user, data["unit"])
        campaign = _campaign_for(request.user, data.get("campaign"), unit)
        plan = pledge_services.plan_create(
            campaign=campaign, unit=unit, by=request.user
        )
        return self.answer(plan, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a plan",
        description=(
            "Send the whole plan with the revision you read. Measures and milestones "
            "without an id are added; those you leave out are removed. After "
            "publication every change is kept as a new version."
        ),
        request=serializers.PlanUpdateSerializer,
        responses={200: serializers.PlanSerializer},
    )
    def update(self, request, pk=None):
        plan = get_plan_for(request.user, _pk(pk), write=True)
        owners = pledge_selectors.unit_members(plan.unit)
        data = _valid(
            serializers.PlanUpdateSerializer(data=request.data, owners=owners)
        )
        try:
            pledge_services.plan_update(
                plan=plan,
                by=request.user,
                revision=data["revision"],
                focus=data["focus"],
                targets=data["targets"],
                measures=_rows_replacing(
                    plan.measures.values_list("pk", flat=True), data["measures"]
                ),
                milestones=_rows_replacing(
                    plan.milestones.values_list("pk", flat=True), data["milestones"]
                ),
            )
        except ConflictError:
            return _conflict(Plan, plan, data["revision"])
        return self.answer(plan)

    @extend_schema(
        summary="Submit a plan for approval",
        request=None,
        responses={200: serializers.PlanSerializer},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        plan = get_plan_for(request.user, _pk(pk))
        pledge_services.plan_submit(plan=plan, by=request.user)
        return self.answer(plan)


@extend_schema_view(
    list=extend_schema(
        summary="Pledges you may read", parameters=[serializers.PledgeFilter]
    ),
    retrieve=extend_schema(summary="One pledge"),
)
class PledgeViewSet(FiledViewSet):
    """Member pledges (承诺书): read, file, update and submit."""

    queryset = Pledge.objects.none()  # for the schema: the real one is below
    serializer_class = serializers.PledgeSerializer
    filter_class = serializers.PledgeFilter

    def readable(self, scope):
        return selectors.pledges_readable(scope)

    def get_object(self):
        return get_pledge_for(self.request.user, _pk(self.kwargs["pk"]))

    @extend_schema(
        summary="File a pledge",
        description=(
            "Your own pledge, or (for whoever looks after the unit) a member's on "
            "their behalf. Then send the whole pledge with PUT and submit it."
        ),
        request=serializers.PledgeCreateSerializer,
        responses={201: serializers.PledgeSerializer},
    )
    def create(self, request):
        data = _valid(serializers.PledgeCreateSerializer(data=request.data))
        unit, person = get_pledge_filing_for(
            request.user, data["unit"], data.get("person")
        )
        campaign = _campaign_for(request.user, data.get("campaign"), unit)
        pledge = pledge_services.pledge_create(
            campaign=campaign, unit=unit, person=person, by=request.user
        )
        return self.answer(pledge, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a pledge",
        description=(
            "Send the whole pledge with the revision you read. Items without an id "
            "are added; those you leave out are removed. Each item serves one of the "
            "pledge's top-level criteria (带头)."
        ),
        request=serializers.PledgeUpdateSerializer,
        responses={200: serializers.PledgeSerializer},
    )
    def update(self, request, pk=None):
        pledge = get_pledge_for(request.user, _pk(pk), write=True)
        criteria = Criterion.objects.filter(
            criteria_set_id=pledge.criteria_set_id, parent__isnull=True
        )
        data = _valid(
            serializers.PledgeUpdateSerializer(data=request.data, criteria=criteria)
        )
        try:
            pledge_services.pledge_update(
                pledge=pledge,
                by=request.user,
                revision=data["revision"],
                plans=data["plans"],
                direction=data["direction"],
                items=_rows_replacing(
                    pledge.items.values_list("pk", flat=True), data["items"]
                ),
            )
        except ConflictError:
            return _conflict(Pledge, pledge, data["revision"])
        return self.answer(pledge)

    @extend_schema(
        summary="Submit a pledge for approval",
        request=None,
        responses={200: serializers.PledgeSerializer},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        pledge = get_pledge_for(request.user, _pk(pk))
        pledge_services.pledge_submit(pledge=pledge, by=request.user)
        return self.answer(pledge)


# ---------------------------------------------------------------------------
# Evaluation rounds and their results


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


# ---------------------------------------------------------------------------
# Scores


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


# ---------------------------------------------------------------------------
# Tokens


class TokenView(ApiMixin, APIView):
    """Your API token (接口令牌): create or replace it, or withdraw it."""

    pagination_class = None

    @extend_schema(
        summary="Create or replace your API token",
        description=(
            "Signed in (session or token), you get a new token; the old one stops "
            "working at once. Keep it secret: it acts as you."
        ),
        request=None,
        responses={201: serializers.TokenSerializer},
    )
    def post(self, request):
        token = services.token_rotate(user=request.user)
        return Response(
            {"token": token.key, "created": token.created},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Withdraw your API token", request=None, responses={204: None}
    )
    def delete(self, request):
        services.token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
