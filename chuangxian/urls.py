from django.contrib import admin
from django.urls import include, path

from chuangxian import views
from chuangxian.calendar import views as calendar_views
from organizations import views as org_views

urlpatterns = [
    path("", org_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("calendar/<id:pk>/", calendar_views.calendar_page, name="calendar"),
    path(
        "calendar/<id:pk>/run/",
        calendar_views.calendar_run_now,
        name="calendar_run_now",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("organizations.urls")),
    path("", include("organizations.notifications.urls")),
    path("", include("pledges.urls")),
    path("", include("pledges.activity.urls")),
    path("", include("pledges.leadership.urls")),
    path("", include("evaluations.ballots.urls")),
    path("", include("evaluations.inspections.urls")),
    path("", include("evaluations.scoring.urls")),
    path("", include("evaluations.awards.urls")),
    path("", include("evaluations.assessment.urls")),
    path("", include("chuangxian.dashboards.urls")),
    path("", include("chuangxian.academy.urls")),
    path("api/", include("chuangxian.api.urls")),
]

handler400 = "core.errors.bad_request"
handler404 = "chuangxian.views.page_not_found"
handler403 = "chuangxian.views.permission_denied"
handler500 = "core.errors.server_error"
