"""URLs of the evaluations app: voting under ``vote/``, the office's rounds under ``rounds/``."""

from django.urls import path

from evaluations.ballots import views

app_name = "evaluations"

urlpatterns = [
    path("vote/", views.vote_list, name="vote"),
    path("vote/slip/", views.slip_start, name="slip"),
    path("vote/slip/cast/", views.slip_cast, name="slip_cast"),
    path("vote/check/", views.receipt_check, name="receipt_check"),
    path("vote/<id:round_pk>/<id:target_pk>/", views.vote_ballot, name="ballot"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/electorate/", views.round_electorate, name="electorate"),
    path("rounds/<id:pk>/", views.round_detail, name="round"),
    path("rounds/<id:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<id:pk>/targets/", views.target_list, name="targets"),
    path("rounds/<id:pk>/rules/new/", views.rule_create, name="rule_create"),
    path(
        "rounds/<id:pk>/rules/<id:rule_pk>/delete/",
        views.rule_delete,
        name="rule_delete",
    ),
    path(
        "rounds/<id:pk>/questions/new/", views.question_create, name="question_create"
    ),
    path("rounds/<id:pk>/questions/copy/", views.questions_copy, name="questions_copy"),
    path(
        "rounds/<id:pk>/questions/<id:question_pk>/edit/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "rounds/<id:pk>/questions/<id:question_pk>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("rounds/<id:pk>/cancel/", views.round_cancel, name="round_cancel"),
    path("rounds/<id:pk>/turnout/", views.round_turnout, name="turnout"),
    path("rounds/<id:pk>/slips/", views.round_slips, name="slips"),
    path("rounds/<id:pk>/tallies/", views.round_tallies, name="tallies"),
    path("rounds/<id:pk>/receipts/", views.round_receipts, name="receipts"),
    path("rounds/<id:pk>/opinions/", views.round_opinions, name="opinions"),
    path(
        "rounds/<id:pk>/<slug:step>/",
        views.round_step,
        name="round_step",
    ),
]
