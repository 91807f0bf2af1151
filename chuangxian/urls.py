from django.contrib import admin
from django.urls import include, path

from organizations import views as org_views

from . import calendar_views, views

urlpatterns = [
    path("", org_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("calendar/<int:pk>/", calendar_views.calendar_page, name="calendar"),
    path(
        "calendar/<int:pk>/run/",
        calendar_views.calendar_run_now,
        name="calendar_run_now",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("organizations.urls")),
    path("", include("organizations.notify_urls")),
    path("", include("pledges.urls")),
    path("", include("pledges.activity_urls")),
    path("", include("evaluations.urls")),
    path("", include("evaluations.inspection_urls")),
    path("", include("evaluations.scoring_urls")),
    path("", include("evaluations.award_urls")),
    path("", include("chuangxian.dashboard_urls")),
    path("api/", include("chuangxian.api.urls")),
]

handler403 = "chuangxian.views.permission_denied"
handler500 = "chuangxian.views.server_error"
