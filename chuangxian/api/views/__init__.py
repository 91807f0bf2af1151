"""The REST API at /api/v1/ (接口): the pages' access helpers, selectors and services.

Each view loads through the same ``get_<object>_for`` helper as its page (404 out of
scope, 403 in sight but not allowed), validates the input as the page's form does, and
calls the same service. Lists are the helpers' rules as filters (``selectors``).
"""

from chuangxian.api.views.campaigns import CampaignViewSet
from chuangxian.api.views.people import OrganisationViewSet, PersonViewSet
from chuangxian.api.views.plans import FiledViewSet, PlanViewSet, PledgeViewSet
from chuangxian.api.views.rounds import RoundViewSet
from chuangxian.api.views.scores import ScoreViewSet
from chuangxian.api.views.tokens import TokenView

__all__ = [
    "CampaignViewSet",
    "FiledViewSet",
    "OrganisationViewSet",
    "PersonViewSet",
    "PlanViewSet",
    "PledgeViewSet",
    "RoundViewSet",
    "ScoreViewSet",
    "TokenView",
]
