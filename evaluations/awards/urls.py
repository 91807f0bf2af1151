"""URLs of the award selection (``awards/``), duty reports (``duty-reports/``), member
model posts (``model-posts/``) and experience-exchange sessions (``exchanges/``)."""

from django.urls import path

from evaluations.awards import views

app_name = "awards"

urlpatterns = [
    path("awards/", views.index, name="index"),
    path("awards/<id:pk>/", views.award_list, name="list"),
    path("awards/<id:pk>/quotas/", views.quotas, name="quotas"),
    path("awards/<id:pk>/propose/", views.propose, name="propose"),
    path("awards/<id:pk>/submit/", views.submit, name="submit"),
    path("awards/<id:pk>/recall/", views.recall, name="recall"),
    path("awards/<id:pk>/publish/", views.publish, name="publish"),
    path("awards/<id:pk>/sign-off/", views.signoff, name="signoff"),
    path("awards/<id:pk>/candidates/new/", views.candidate_add, name="candidate_add"),
    path(
        "awards/<id:pk>/candidates/<id:cid>/remove/",
        views.candidate_remove,
        name="candidate_remove",
    ),
    path(
        "awards/<id:pk>/candidates/<id:cid>/include/",
        views.candidate_include,
        name="candidate_include",
    ),
    path(
        "awards/<id:pk>/candidates/<id:cid>/nomination/",
        views.nomination,
        name="nomination",
    ),
    path("awards/<id:pk>/nominations/", views.nominations, name="nominations"),
    path("awards/<id:pk>/commendations/", views.commendations, name="commendations"),
    path("awards/<id:pk>/commendations/print/", views.print_view, name="print"),
    path("awards/<id:pk>/deeds/", views.deeds, name="deeds"),
    path(
        "awards/<id:pk>/committees/<id:unit_pk>/",
        views.committee,
        name="committee",
    ),
    path(
        "awards/<id:pk>/committees/<id:unit_pk>/candidates/<id:cid>/withdraw/",
        views.committee_withdraw,
        name="committee_withdraw",
    ),
    path(
        "awards/<id:pk>/committees/<id:unit_pk>/submit/",
        views.committee_submit,
        name="committee_submit",
    ),
    path(
        "awards/<id:pk>/nomination-files/<id:file_pk>/",
        views.nomination_file,
        name="nomination_file",
    ),
    path(
        "awards/<id:pk>/recommend/<id:institute_pk>/",
        views.recommend,
        name="recommend",
    ),
    path(
        "awards/<id:pk>/recommend/<id:institute_pk>/<id:rid>/withdraw/",
        views.recommend_withdraw,
        name="recommend_withdraw",
    ),
    path(
        "awards/<id:pk>/recommend/<id:institute_pk>/submit/",
        views.recommend_submit,
        name="recommend_submit",
    ),
    path(
        "awards/<id:pk>/recommendations/",
        views.recommendations,
        name="recommendations",
    ),
    path(
        "awards/<id:pk>/recommendations/quotas/",
        views.recommendation_quotas,
        name="recommendation_quotas",
    ),
    path(
        "awards/<id:pk>/recommendations/receive/",
        views.recommendations_receive,
        name="recommendations_receive",
    ),
    path("duty-reports/<id:pk>/", views.duty_reports, name="duty_reports"),
    path("duty-reports/<id:pk>/mine/", views.duty_report_edit, name="duty_report_edit"),
    path(
        "duty-reports/<id:pk>/<id:report_pk>/",
        views.duty_report,
        name="duty_report",
    ),
    path("duty-reports/<id:pk>/round/", views.duty_round, name="duty_round"),
    path("model-posts/", views.model_posts, name="model_posts"),
    path("model-posts/<id:pk>/new/", views.model_post_create, name="model_post_create"),
    path(
        "model-posts/edit/<id:post_pk>/", views.model_post_edit, name="model_post_edit"
    ),
    path("exchanges/", views.exchanges, name="exchanges"),
    path(
        "exchanges/campaign/<id:pk>/new/",
        views.exchange_create,
        name="exchange_create",
    ),
    path("exchanges/<id:pk>/", views.exchange, name="exchange"),
    path("exchanges/<id:pk>/edit/", views.exchange_edit, name="exchange_edit"),
    path(
        "exchanges/<id:pk>/files/<id:file_pk>/",
        views.exchange_file,
        name="exchange_file",
    ),
]
