"""Organisations and people."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from chuangxian.api import serializers
from chuangxian.api.base import ApiMixin
from chuangxian.api.views.common import _filters, _pk
from organizations import selectors as org_selectors
from organizations.access import get_person_for, get_unit_for, scope_of
from organizations.models import Organization, Person


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
