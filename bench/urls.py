"""The project's URLs plus one bare view: the yardstick every page is compared with."""

from django.http import HttpResponse
from django.urls import path

from chuangxian.urls import handler403
from chuangxian.urls import urlpatterns as project_urlpatterns

__all__ = ["handler403", "urlpatterns"]


def bare(request):
    """No template, no query: what Django and the middleware cost on their own."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *project_urlpatterns]
