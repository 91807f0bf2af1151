"""URLs of the assessment of leading bodies (``leadership/``)."""

from django.urls import path

from evaluations.assessment import views

app_name = "assessment"

urlpatterns = [
    path("leadership/", views.index, name="index"),
    path("leadership/<id:pk>/", views.assessment_list, name="list"),
    path("leadership/<id:pk>/open/", views.open_assessment, name="open"),
    path("leadership/<id:pk>/items/", views.items, name="items"),
    path("leadership/<id:pk>/compute/", views.compute, name="compute"),
    path("leadership/<id:pk>/publish/", views.publish, name="publish"),
    path("leadership/<id:pk>/bodies/<id:body_pk>/", views.body, name="body"),
    path(
        "leadership/<id:pk>/bodies/<id:body_pk>/achievements/",
        views.achievements,
        name="achievements",
    ),
]
