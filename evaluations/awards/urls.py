"""URLs of the award selection (``awards/``), duty reports (``duty-reports/``), member
model posts (``model-posts/``) and experience-exchange sessions (``exchanges/``)."""

from django.urls import path

from evaluations.awards import views

app_name = "awards"

urlpatterns = [
    path("awards/", views.index, name="index"),
    path("awards/<int:pk>/", views.award_list, name="list"),
    path("awards/<int:pk>/quotas/", views.quotas, name="quotas"),
    path("awards/<int:pk>/propose/", views.propose, name="propose"),
    path("awards/<int:pk>/submit/", views.submit, name="submit"),
    path("awards/<int:pk>/recall/", views.recall, name="recall"),
    path("awards/<int:pk>/publish/", views.publish, name="publish"),
    path("awards/<int:pk>/sign-off/", views.signoff, name="signoff"),
    path("awards/<int:pk>/candidates/new/", views.candidate_add, name="candidate_add"),
    path(
        "awards/<int:pk>/candidates/<int:cid>/remove/",
        views.candidate_remove,
        name="candidate_remove",
    ),
    path(
        "awards/<int:pk>/candidates/<int:cid>/include/",
        views.candidate_include,
        name="candidate_include",
    ),
    path(
        "awards/<int:pk>/candidates/<int:cid>/nomination/",
        views.nomination,
        name="nomination",
    ),
    path("awards/<int:pk>/nominations/", views.nominations, name="nominations"),
    path("awards/<int:pk>/commendations/", views.commendations, name="commendations"),
    path("awards/<int:pk>/commendations/print/", views.print_view, name="print"),
    path("awards/<int:pk>/deeds/", views.deeds, name="deeds"),
    path("duty-reports/<int:pk>/", views.duty_reports, name="duty_reports"),
    path(
        "duty-reports/<int:pk>/mine/", views.duty_report_edit, name="duty_report_edit"
    ),
    path(
        "duty-reports/<int:pk>/<int:report_pk>/",
        views.duty_report,
        name="duty_report",
    ),
    path("duty-reports/<int:pk>/round/", views.duty_round, name="duty_round"),
    path("model-posts/", views.model_posts, name="model_posts"),
    path(
        "model-posts/<int:pk>/new/", views.model_post_create, name="model_post_create"
    ),
    path(
        "model-posts/edit/<int:post_pk>/", views.model_post_edit, name="model_post_edit"
    ),
    path("exchanges/", views.exchanges, name="exchanges"),
    path(
        "exchanges/campaign/<int:pk>/new/",
        views.exchange_create,
        name="exchange_create",
    ),
    path("exchanges/<int:pk>/", views.exchange, name="exchange"),
    path("exchanges/<int:pk>/edit/", views.exchange_edit, name="exchange_edit"),
    path(
        "exchanges/<int:pk>/files/<int:file_pk>/",
        views.exchange_file,
        name="exchange_file",
    ),
]
