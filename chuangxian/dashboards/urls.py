"""Dashboards under ``dashboard/`` and exports under ``exports/`` (看板与导出)."""

from django.urls import path

from chuangxian.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("dashboard/", views.office, name="office"),
    path("dashboard/turnout/", views.turnout_fragment, name="turnout"),
    path("dashboard/units/", views.drill, name="drill"),
    path("dashboard/branch/", views.my_branch, name="my_branch"),
    path("dashboard/branch/<id:pk>/", views.branch, name="branch"),
    path("exports/", views.exports_index, name="exports"),
    path("exports/news-matrix.xlsx", views.news_matrix_xlsx, name="news_matrix_xlsx"),
    path(
        "exports/pledge-sheet/<id:pk>.pdf",
        views.pledge_sheet_pdf,
        name="pledge_sheet_pdf",
    ),
    path("exports/awards/<id:pk>.xlsx", views.award_list_xlsx, name="award_list_xlsx"),
    path(
        "exports/commendations/<id:pk>.pdf",
        views.commendation_pdf,
        name="commendation_pdf",
    ),
    path(
        "exports/rounds/<id:pk>/opinions.xlsx",
        views.round_opinions_xlsx,
        name="round_opinions_xlsx",
    ),
    path("exports/jobs/<id:pk>/", views.export_job, name="export_job"),
    path(
        "exports/jobs/<id:pk>/status/",
        views.export_job_status,
        name="export_job_status",
    ),
    path(
        "exports/jobs/<id:pk>/download/",
        views.export_job_download,
        name="export_job_download",
    ),
    path("exports/<slug:kind>/", views.export_request, name="export_request"),
]
