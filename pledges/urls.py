from django.urls import path

from pledges import views
from pledges.views import academy as academy_views

app_name = "pledges"

# Campaign, plan, pledge, board and fulfilment pages.
urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<id:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<id:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<id:pk>/copy/", views.campaign_copy, name="campaign_copy"),
    path(
        "campaigns/<id:pk>/adopt/", academy_views.campaign_adopt, name="campaign_adopt"
    ),
    path(
        "campaigns/<id:pk>/align/",
        academy_views.campaign_align,
        name="campaign_align",
    ),
    path(
        "campaigns/<id:pk>/templates/<id:template_pk>/",
        views.template_edit,
        name="template_edit",
    ),
    path(
        "campaigns/<id:pk>/criteria/<id:set_pk>/",
        views.criteria_edit,
        name="criteria_edit",
    ),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/<id:unit_pk>/", views.plan_create, name="plan_create"),
    path("plans/<id:pk>/", views.plan_detail, name="plan"),
    path("plans/<id:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<id:pk>/edit/row/<slug:prefix>/", views.plan_row, name="plan_row"),
    path("plans/<id:pk>/<slug:step>/", views.plan_step, name="plan_step"),
    path("pledges/", views.pledge_list, name="pledges"),
    path("pledges/new/", views.pledge_create, name="pledge_create"),
    path("pledges/<id:pk>/", views.pledge_detail, name="pledge"),
    path("pledges/<id:pk>/edit/", views.pledge_edit, name="pledge_edit"),
    path("pledges/<id:pk>/edit/row/", views.pledge_row, name="pledge_row"),
    path("pledges/<id:pk>/<slug:step>/", views.pledge_step, name="pledge_step"),
    path("board/", views.board, name="board"),
    path("board/unit/<id:pk>/", views.board_unit, name="board_unit"),
    path("board/unit/<id:pk>/print/", views.board_print, name="board_print"),
    path("board/comment/<slug:kind>/<id:pk>/", views.comment_add, name="comment_add"),
    path(
        "board/comments/<uuid:pk>/answer/",
        views.comment_answer,
        name="comment_answer",
    ),
    path("progress/<id:pk>/", views.progress_unit, name="progress"),
    path("progress/item/<id:pk>/", views.progress_item, name="progress_item"),
    path("progress/measure/<id:pk>/", views.progress_measure, name="progress_measure"),
    path("files/<id:pk>/", views.evidence_download, name="evidence"),
]
