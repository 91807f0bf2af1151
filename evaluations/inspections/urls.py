"""Quarterly inspections, spot checks, half-year reviews and rectification (督查, 抽查, 半年点评, 督促整改).

URLs under ``inspections/``, ``rectifications/`` and ``reviews/``.
"""

from django.urls import path

from evaluations.inspections import views

app_name = "inspections"

urlpatterns = [
    # Inspection rounds and spot checks
    path("inspections/", views.round_list, name="rounds"),
    path(
        "inspections/campaigns/<id:campaign_pk>/q<id:quarter>/plan/",
        views.round_plan,
        name="round_plan",
    ),
    path(
        "inspections/campaigns/<id:campaign_pk>/q<id:quarter>/open/",
        views.round_open,
        name="round_open",
    ),
    path("inspections/<id:pk>/", views.round_detail, name="round"),
    path("inspections/<id:pk>/start/", views.round_start, name="round_start"),
    path("inspections/<id:pk>/close/", views.round_close, name="round_close"),
    path("inspections/<id:pk>/reopen/", views.round_reopen, name="round_reopen"),
    path("inspections/<id:pk>/note/", views.round_note, name="round_note"),
    path("inspections/<id:pk>/sampling/", views.round_sampling, name="round_sampling"),
    path("inspections/<id:pk>/draw/", views.round_draw, name="round_draw"),
    path("inspections/draws/<id:pk>/verify/", views.draw_verify, name="draw_verify"),
    path("inspections/draws/<id:pk>/void/", views.draw_void, name="draw_void"),
    path(
        "inspections/<id:pk>/findings/new/",
        views.finding_create,
        name="finding_create",
    ),
    path("inspections/findings/", views.finding_list, name="findings"),
    path("inspections/findings/<id:pk>/", views.finding_detail, name="finding"),
    path("inspections/findings/<id:pk>/edit/", views.finding_edit, name="finding_edit"),
    path(
        "inspections/findings/<id:pk>/commend/",
        views.finding_commend,
        name="finding_commend",
    ),
    # Field visits and forums (实地调研, 座谈会)
    path("inspections/visits/", views.visit_list, name="visits"),
    path(
        "inspections/visits/new/<id:campaign_pk>/",
        views.visit_create,
        name="visit_create",
    ),
    path("inspections/visits/<id:pk>/", views.visit_detail, name="visit"),
    path(
        "inspections/visits/<id:pk>/files/<id:file_pk>/",
        views.visit_file,
        name="visit_file",
    ),
    path(
        "inspections/findings/<id:pk>/files/<id:file_pk>/",
        views.finding_file,
        name="finding_file",
    ),
    # Rectification and help
    path("rectifications/", views.rectification_list, name="rectifications"),
    path(
        "rectifications/open/<id:finding_pk>/",
        views.rectification_open,
        name="rectification_open",
    ),
    path(
        "rectifications/<id:pk>/",
        views.rectification_detail,
        name="rectification",
    ),
    path(
        "rectifications/<id:pk>/answer/",
        views.rectification_answer,
        name="rectification_answer",
    ),
    path(
        "rectifications/<id:pk>/reinspect/",
        views.rectification_reinspect,
        name="rectification_reinspect",
    ),
    path(
        "rectifications/<id:pk>/reopen/",
        views.rectification_reopen,
        name="rectification_reopen",
    ),
    path(
        "rectifications/<id:pk>/files/<id:file_pk>/",
        views.rectification_file,
        name="rectification_file",
    ),
    path("rectifications/help/", views.help_list, name="help_items"),
    path(
        "rectifications/help/new/<id:finding_pk>/",
        views.help_create,
        name="help_create",
    ),
    path("rectifications/help/<id:pk>/", views.help_detail, name="help_item"),
    path("rectifications/help/<id:pk>/move/", views.help_move, name="help_move"),
    # Half-year reviews
    path("reviews/", views.review_round_list, name="reviews"),
    path("reviews/mine/", views.my_reviews, name="my_reviews"),
    path(
        "reviews/campaigns/<id:campaign_pk>/h<id:half>/open/",
        views.review_round_open,
        name="review_round_open",
    ),
    path("reviews/rounds/<id:pk>/", views.review_round_detail, name="review_round"),
    path(
        "reviews/rounds/<id:pk>/close/",
        views.review_round_close,
        name="review_round_close",
    ),
    path(
        "reviews/rounds/<id:pk>/reopen/",
        views.review_round_reopen,
        name="review_round_reopen",
    ),
    path(
        "reviews/rounds/<id:round_pk>/branches/<id:unit_pk>/",
        views.review_write_unit,
        name="review_write_unit",
    ),
    path(
        "reviews/rounds/<id:round_pk>/members/<id:person_pk>/",
        views.review_write_person,
        name="review_write_person",
    ),
    path("reviews/<id:pk>/", views.review_detail, name="review"),
    path(
        "reviews/<id:pk>/acknowledge/",
        views.review_acknowledge,
        name="review_acknowledge",
    ),
    path(
        "reviews/branches/<id:pk>/history/",
        views.review_history_unit,
        name="review_history_unit",
    ),
    path(
        "reviews/people/<id:pk>/history/",
        views.review_history_person,
        name="review_history_person",
    ),
]
