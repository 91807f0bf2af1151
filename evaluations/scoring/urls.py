"""URLs of scoring sheets (``scoring/``), scores (``scores/``) and the 五带头 assessment
(``assessments/``)."""

from django.urls import path

from evaluations.scoring import views

app_name = "scoring"

urlpatterns = [
    path("scoring/", views.index, name="index"),
    path("scoring/<int:pk>/rules/", views.rules, name="rules"),
    path(
        "scoring/<int:pk>/rules/<slug:audience>/edit/",
        views.rule_edit,
        name="rule_edit",
    ),
    path("scoring/<int:pk>/criteria/", views.criteria, name="criteria"),
    path("scoring/<int:pk>/criteria/<int:set_pk>/", views.lines, name="lines"),
    path(
        "scoring/<int:pk>/criteria/<int:set_pk>/lines/new/",
        views.line_edit,
        name="line_create",
    ),
    path(
        "scoring/<int:pk>/criteria/<int:set_pk>/lines/<int:line_pk>/edit/",
        views.line_edit,
        name="line_edit",
    ),
    path(
        "scoring/<int:pk>/criteria/<int:set_pk>/lines/<int:line_pk>/delete/",
        views.line_delete,
        name="line_delete",
    ),
    path(
        "scoring/<int:pk>/criteria/<int:set_pk>/items/<int:criterion_pk>/edit/",
        views.criterion_edit,
        name="criterion_edit",
    ),
    path(
        "scoring/<int:pk>/criteria/<int:set_pk>/freeze/",
        views.criteria_freeze,
        name="freeze",
    ),
    path(
        "scoring/<int:pk>/criteria/<int:set_pk>/reopen/",
        views.criteria_reopen,
        name="reopen",
    ),
    path("scoring/<int:pk>/sheets/", views.sheets, name="sheets"),
    path("scoring/<int:pk>/sheets/<int:unit_pk>/", views.sheet, name="sheet"),
    path(
        "scoring/<int:pk>/sheets/<int:unit_pk>/marks/<slug:source>/",
        views.sheet_marks,
        name="sheet_marks",
    ),
    path(
        "scoring/<int:pk>/sheets/<int:unit_pk>/step/<slug:step>/",
        views.sheet_step,
        name="sheet_step",
    ),
    path("scores/mine/", views.mine, name="mine"),
    path("scores/<int:pk>/", views.ranking, name="ranking"),
    path("scores/<int:pk>/compute/", views.compute, name="compute"),
    path("scores/<int:pk>/publish/", views.publish, name="publish"),
    path("scores/<int:pk>/verify/", views.verify, name="verify"),
    path(
        "scores/<int:pk>/units/<int:unit_pk>/",
        views.unit_breakdown,
        name="unit_breakdown",
    ),
    path(
        "scores/<int:pk>/people/<int:person_pk>/",
        views.person_breakdown,
        name="person_breakdown",
    ),
    path("scores/<int:pk>/snapshots/", views.snapshots, name="snapshots"),
    path("scores/snapshots/<int:snapshot_pk>/", views.snapshot, name="snapshot"),
    path(
        "scores/snapshots/<int:snapshot_pk>/<int:row_pk>/",
        views.snapshot_row,
        name="snapshot_row",
    ),
    path("assessments/<int:pk>/", views.assessments, name="assessments"),
    path(
        "assessments/<int:pk>/people/<int:person_pk>/",
        views.assessment,
        name="assessment",
    ),
]
