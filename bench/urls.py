"""The project's URLs plus one bare view: the yardstick every page is compared with."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from chuangxian.urls import handler403
from chuangxian.urls import urlpatterns as project_urlpatterns

__all__ = ["handler403", "urlpatterns"]


def bare(request):
    """No template, no query: what Django and the middleware cost on their own."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def frame(request):
    """A signed-in page with nothing on it: the session, the user, their scope, the
    navigation bar and the base template, what every page pays before its own."""
    return render(request, "base.html", {})


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/frame/", frame, name="bench_frame"),
    *project_urlpatterns,
]
