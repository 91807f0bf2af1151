from django.urls import path

from organizations import views
from organizations.roster import views as roster_views

app_name = "organizations"

urlpatterns = [
    path("org/", views.tree, name="tree"),
    path("org/<id:pk>/", views.unit_detail, name="unit"),
    path("org/<id:parent_pk>/new/", views.unit_create, name="unit_create"),
    path("org/<id:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("org/<id:pk>/move/", views.unit_move, name="unit_move"),
    path("org/<id:pk>/merge/", views.unit_merge, name="unit_merge"),
    path("org/<id:pk>/roles/new/", views.role_add, name="role_add"),
    path(
        "org/<id:pk>/roles/<id:role_pk>/remove/",
        views.role_remove,
        name="role_remove",
    ),
    path("people/", views.people, name="people"),
    path("people/import/", roster_views.roster_upload, name="roster_upload"),
    path("people/import/<id:pk>/", roster_views.roster_import, name="roster_import"),
    path(
        "people/import/<id:pk>/status/",
        roster_views.roster_import_status,
        name="roster_import_status",
    ),
    path(
        "people/import/<id:pk>/apply/",
        roster_views.roster_apply,
        name="roster_apply",
    ),
    path(
        "people/import/<id:pk>/discard/",
        roster_views.roster_discard,
        name="roster_discard",
    ),
    path("people/export.xlsx", roster_views.roster_export, name="roster_export"),
    path("people/template.xlsx", roster_views.roster_template, name="roster_template"),
    path("people/<id:pk>/", views.person_detail, name="person"),
    path("people/<id:pk>/edit/", views.person_edit, name="person_edit"),
]
