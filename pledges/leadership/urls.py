from django.urls import path

from pledges.leadership import views

app_name = "leadership"

# 党建带群建: requests and reports of mass units, and the units a party body leads.
urlpatterns = [
    path("leadership/reports/", views.report_list, name="reports"),
    path("leadership/reports/new/", views.report_create, name="report_create"),
    path("leadership/reports/<id:pk>/", views.report_detail, name="report"),
    path("leadership/reports/<id:pk>/reply/", views.report_reply, name="report_reply"),
    path(
        "leadership/reports/<id:pk>/files/<id:file_pk>/",
        views.report_file,
        name="report_file",
    ),
    path("leadership/units/", views.unit_list, name="units"),
]
