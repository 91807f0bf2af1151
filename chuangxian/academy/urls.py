"""The academy overview under ``academy/``."""

from django.urls import path

from chuangxian.academy import views

app_name = "academy"

urlpatterns = [
    path("academy/", views.overview, name="overview"),
]
