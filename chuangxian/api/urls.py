"""The REST API: /api/v1/ (data), /api/schema/ (OpenAPI), /api/docs/ (Swagger UI) and
/api/token/ (a page to get one's API token)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from chuangxian.api import docs, pages, views

router = SimpleRouter()
router.register("organisations", views.OrganisationViewSet, basename="api-organisation")
router.register("people", views.PersonViewSet, basename="api-person")
router.register("campaigns", views.CampaignViewSet, basename="api-campaign")
router.register("plans", views.PlanViewSet, basename="api-plan")
router.register("pledges", views.PledgeViewSet, basename="api-pledge")
router.register("rounds", views.RoundViewSet, basename="api-round")
router.register("scores", views.ScoreViewSet, basename="api-score")

v1 = [
    path("token/", views.TokenView.as_view(), name="api-token-endpoint"),
    *router.urls,
]

urlpatterns = [
    path("v1/", include(v1)),
    path(
        "schema/",
        docs.SchemaView.as_view(patterns=[path("api/v1/", include(v1))]),
        name="api-schema",
    ),
    path("docs/", docs.DocsView.as_view(), name="api-docs"),
    path("token/", pages.token_page, name="api-token"),
]
