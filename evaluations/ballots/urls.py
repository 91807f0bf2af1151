"""URLs of the evaluations app: voting under ``vote/``, the office's rounds under ``rounds/``."""

from django.urls import path

from evaluations.ballots import views

app_name = "evaluations"

urlpatterns = [
    path("vote/", views.vote_list, name="vote"),
    path("vote/slip/", views.slip_start, name="slip"),
    path("vote/slip/cast/", views.slip_cast, name="slip_cast"),
    path("vote/check/", views.receipt_check, name="receipt_check"),
    path("vote/<int:round_pk>/<int:target_pk>/", views.vote_ballot, name="ballot"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/targets/", views.target_list, name="targets"),
    path("rounds/<int:pk>/rules/new/", views.rule_create, name="rule_create"),
    path(
        "rounds/<int:pk>/rules/<int:rule_pk>/delete/",
        views.rule_delete,
        name="rule_delete",
    ),
    path(
        "rounds/<int:pk>/questions/new/", views.question_create, name="question_create"
    ),
    path(
        "rounds/<int:pk>/questions/copy/", views.questions_copy, name="questions_copy"
    ),
    path(
        "rounds/<int:pk>/questions/<int:question_pk>/edit/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "rounds/<int:pk>/questions/<int:question_pk>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("rounds/<int:pk>/turnout/", views.round_turnout, name="turnout"),
    path("rounds/<int:pk>/slips/", views.round_slips, name="slips"),
    path("rounds/<int:pk>/tallies/", views.round_tallies, name="tallies"),
    path("rounds/<int:pk>/receipts/", views.round_receipts, name="receipts"),
    path("rounds/<int:pk>/opinions/", views.round_opinions, name="opinions"),
    path(
        "rounds/<int:pk>/<slug:step>/",
        views.round_step,
        name="round_step",
    ),
]
