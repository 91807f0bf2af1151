"""Plans and pledges."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from chuangxian.api import selectors, serializers
from chuangxian.api.base import ApiMixin
from chuangxian.api.views.common import (
    _campaign_for,
    _conflict,
    _filters,
    _pk,
    _rows_replacing,
    _valid,
)
from organizations.access import get_unit_for, scope_of
from pledges import selectors as pledge_selectors
from pledges import services as pledge_services
from pledges.access import get_plan_for, get_pledge_filing_for, get_pledge_for
from pledges.models import ConflictError, Criterion, Plan, Pledge


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
    """Striving plans (争创计划): read, file, update, submit, approve and return."""

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

    @extend_schema(
        summary="Approve a submitted plan",
        description=(
            "For whoever approves it (``Plan.can_approve``): the general branch's "
            "secretary for a branch; for a mass-organisation unit, the party "
            "organisation that leads it (党建带群建)."
        ),
        request=None,
        responses={200: serializers.PlanSerializer},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        plan = get_plan_for(request.user, _pk(pk))
        pledge_services.plan_approve(plan=plan, by=request.user)
        return self.answer(plan)

    @extend_schema(
        summary="Return a submitted plan with a reason",
        request=serializers.ReturnSerializer,
        responses={200: serializers.PlanSerializer},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        plan = get_plan_for(request.user, _pk(pk))
        data = _valid(serializers.ReturnSerializer(data=request.data))
        pledge_services.plan_return(plan=plan, by=request.user, reason=data["reason"])
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
