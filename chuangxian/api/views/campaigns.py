"""Campaigns."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from chuangxian.api import selectors, serializers
from chuangxian.api.base import ApiMixin
from chuangxian.api.views.common import _pk
from organizations.access import scope_of
from pledges.access import get_campaign_for
from pledges.models import Campaign


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
