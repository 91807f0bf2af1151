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
        "inspections/campaigns/<int:campaign_pk>/q<int:quarter>/plan/",
        views.round_plan,
        name="round_plan",
    ),
    path(
        "inspections/campaigns/<int:campaign_pk>/q<int:quarter>/open/",
        views.round_open,
        name="round_open",
    ),
    path("inspections/<int:pk>/", views.round_detail, name="round"),
    path("inspections/<int:pk>/start/", views.round_start, name="round_start"),
    path("inspections/<int:pk>/close/", views.round_close, name="round_close"),
    path("inspections/<int:pk>/reopen/", views.round_reopen, name="round_reopen"),
    path("inspections/<int:pk>/note/", views.round_note, name="round_note"),
    path("inspections/<int:pk>/sampling/", views.round_sampling, name="round_sampling"),
    path("inspections/<int:pk>/draw/", views.round_draw, name="round_draw"),
    path("inspections/draws/<int:pk>/verify/", views.draw_verify, name="draw_verify"),
    path("inspections/draws/<int:pk>/void/", views.draw_void, name="draw_void"),
    path(
        "inspections/<int:pk>/findings/new/",
        views.finding_create,
        name="finding_create",
    ),
    path("inspections/findings/", views.finding_list, name="findings"),
    path("inspections/findings/<int:pk>/", views.finding_detail, name="finding"),
    path(
        "inspections/findings/<int:pk>/edit/", views.finding_edit, name="finding_edit"
    ),
    path(
        "inspections/findings/<int:pk>/files/<int:file_pk>/",
        views.finding_file,
        name="finding_file",
    ),
    # Rectification and help
    path("rectifications/", views.rectification_list, name="rectifications"),
    path(
        "rectifications/open/<int:finding_pk>/",
        views.rectification_open,
        name="rectification_open",
    ),
    path(
        "rectifications/<int:pk>/",
        views.rectification_detail,
        name="rectification",
    ),
    path(
        "rectifications/<int:pk>/answer/",
        views.rectification_answer,
        name="rectification_answer",
    ),
    path(
        "rectifications/<int:pk>/reinspect/",
        views.rectification_reinspect,
        name="rectification_reinspect",
    ),
    path(
        "rectifications/<int:pk>/reopen/",
        views.rectification_reopen,
        name="rectification_reopen",
    ),
    path(
        "rectifications/<int:pk>/files/<int:file_pk>/",
        views.rectification_file,
        name="rectification_file",
    ),
    path("rectifications/help/", views.help_list, name="help_items"),
    path(
        "rectifications/help/new/<int:finding_pk>/",
        views.help_create,
        name="help_create",
    ),
    path("rectifications/help/<int:pk>/", views.help_detail, name="help_item"),
    path("rectifications/help/<int:pk>/move/", views.help_move, name="help_move"),
    # Half-year reviews
    path("reviews/", views.review_round_list, name="reviews"),
    path("reviews/mine/", views.my_reviews, name="my_reviews"),
    path(
        "reviews/campaigns/<int:campaign_pk>/h<int:half>/open/",
        views.review_round_open,
        name="review_round_open",
    ),
    path("reviews/rounds/<int:pk>/", views.review_round_detail, name="review_round"),
    path(
        "reviews/rounds/<int:pk>/close/",
        views.review_round_close,
        name="review_round_close",
    ),
    path(
        "reviews/rounds/<int:pk>/reopen/",
        views.review_round_reopen,
        name="review_round_reopen",
    ),
    path(
        "reviews/rounds/<int:round_pk>/branches/<int:unit_pk>/",
        views.review_write_unit,
        name="review_write_unit",
    ),
    path(
        "reviews/rounds/<int:round_pk>/members/<int:person_pk>/",
        views.review_write_person,
        name="review_write_person",
    ),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path(
        "reviews/<int:pk>/acknowledge/",
        views.review_acknowledge,
        name="review_acknowledge",
    ),
    path(
        "reviews/branches/<int:pk>/history/",
        views.review_history_unit,
        name="review_history_unit",
    ),
    path(
        "reviews/people/<int:pk>/history/",
        views.review_history_person,
        name="review_history_person",
    ),
]
