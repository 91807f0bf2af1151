"""URLs of scoring sheets (``scoring/``), scores (``scores/``) and the 五带头 assessment
(``assessments/``)."""

from django.urls import path

from evaluations.scoring import views

app_name = "scoring"

urlpatterns = [
    path("scoring/", views.index, name="index"),
    path("scoring/<id:pk>/rules/", views.rules, name="rules"),
    path(
        "scoring/<id:pk>/rules/<slug:audience>/edit/",
        views.rule_edit,
        name="rule_edit",
    ),
    path("scoring/<id:pk>/criteria/", views.criteria, name="criteria"),
    path(
        "scoring/<id:pk>/criteria/defaults/",
        views.criteria_defaults,
        name="criteria_defaults",
    ),
    path("scoring/<id:pk>/criteria/<id:set_pk>/", views.lines, name="lines"),
    path(
        "scoring/<id:pk>/criteria/<id:set_pk>/lines/new/",
        views.line_edit,
        name="line_create",
    ),
    path(
        "scoring/<id:pk>/criteria/<id:set_pk>/lines/<id:line_pk>/edit/",
        views.line_edit,
        name="line_edit",
    ),
    path(
        "scoring/<id:pk>/criteria/<id:set_pk>/lines/<id:line_pk>/delete/",
        views.line_delete,
        name="line_delete",
    ),
    path(
        "scoring/<id:pk>/criteria/<id:set_pk>/items/<id:criterion_pk>/edit/",
        views.criterion_edit,
        name="criterion_edit",
    ),
    path(
        "scoring/<id:pk>/criteria/<id:set_pk>/freeze/",
        views.criteria_freeze,
        name="freeze",
    ),
    path(
        "scoring/<id:pk>/criteria/<id:set_pk>/reopen/",
        views.criteria_reopen,
        name="reopen",
    ),
    path("scoring/<id:pk>/sheets/", views.sheets, name="sheets"),
    path("scoring/<id:pk>/sheets/<id:unit_pk>/", views.sheet, name="sheet"),
    path(
        "scoring/<id:pk>/sheets/<id:unit_pk>/marks/<slug:source>/",
        views.sheet_marks,
        name="sheet_marks",
    ),
    path(
        "scoring/<id:pk>/sheets/<id:unit_pk>/step/<slug:step>/",
        views.sheet_step,
        name="sheet_step",
    ),
    path("scores/mine/", views.mine, name="mine"),
    path("scores/<id:pk>/", views.ranking, name="ranking"),
    path("scores/<id:pk>/compute/", views.compute, name="compute"),
    path(
        "scores/<id:pk>/missing/",
        views.missing_sources,
        name="missing_sources",
    ),
    path("scores/<id:pk>/publish/", views.publish, name="publish"),
    path("scores/<id:pk>/verify/", views.verify, name="verify"),
    path(
        "scores/<id:pk>/units/<id:unit_pk>/",
        views.unit_breakdown,
        name="unit_breakdown",
    ),
    path(
        "scores/<id:pk>/people/<id:person_pk>/",
        views.person_breakdown,
        name="person_breakdown",
    ),
    path("scores/<id:pk>/snapshots/", views.snapshots, name="snapshots"),
    path("scores/snapshots/<id:snapshot_pk>/", views.snapshot, name="snapshot"),
    path(
        "scores/snapshots/<id:snapshot_pk>/<id:row_pk>/",
        views.snapshot_row,
        name="snapshot_row",
    ),
    path("assessments/<id:pk>/", views.assessments, name="assessments"),
    path(
        "assessments/<id:pk>/people/<id:person_pk>/",
        views.assessment,
        name="assessment",
    ),
]
