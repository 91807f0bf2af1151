from django.urls import path

from pledges import views

app_name = "pledges"

# Campaign, plan, pledge, board and fulfilment pages.
urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/copy/", views.campaign_copy, name="campaign_copy"),
    path(
        "campaigns/<int:pk>/templates/<int:template_pk>/",
        views.template_edit,
        name="template_edit",
    ),
    path(
        "campaigns/<int:pk>/criteria/<int:set_pk>/",
        views.criteria_edit,
        name="criteria_edit",
    ),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/<int:unit_pk>/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/edit/row/<slug:prefix>/", views.plan_row, name="plan_row"),
    path("plans/<int:pk>/<slug:step>/", views.plan_step, name="plan_step"),
    path("pledges/", views.pledge_list, name="pledges"),
    path("pledges/new/", views.pledge_create, name="pledge_create"),
    path("pledges/<int:pk>/", views.pledge_detail, name="pledge"),
    path("pledges/<int:pk>/edit/", views.pledge_edit, name="pledge_edit"),
    path("pledges/<int:pk>/edit/row/", views.pledge_row, name="pledge_row"),
    path("pledges/<int:pk>/<slug:step>/", views.pledge_step, name="pledge_step"),
    path("board/", views.board, name="board"),
    path("board/unit/<int:pk>/", views.board_unit, name="board_unit"),
    path("board/unit/<int:pk>/print/", views.board_print, name="board_print"),
    path("board/comment/<slug:kind>/<int:pk>/", views.comment_add, name="comment_add"),
    path(
        "board/comments/<uuid:pk>/answer/",
        views.comment_answer,
        name="comment_answer",
    ),
    path("progress/<int:pk>/", views.progress_unit, name="progress"),
    path("progress/item/<int:pk>/", views.progress_item, name="progress_item"),
    path("progress/measure/<int:pk>/", views.progress_measure, name="progress_measure"),
    path("files/<int:pk>/", views.evidence_download, name="evidence"),
]
