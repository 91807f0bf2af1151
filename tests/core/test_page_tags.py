"""The frame's fixed links ({% fixed_url %}, {% fixed_static %}): what {% url %} and
{% static %} give, worked out once per process."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse
from django.utils import translation


def render(text: str) -> str:
    return Template("{% load page static %}" + text).render(Context())


def test_it_gives_what_url_and_static_give():
    assert render("{% fixed_url 'home' %}") == render("{% url 'home' %}")
    assert render("{% fixed_url 'logout' %}") == reverse("logout")
    assert render("{% fixed_static 'css/site.css' %}") == render(
        "{% static 'css/site.css' %}"
    )


def test_it_follows_a_change_of_static_url(settings):
    before = render("{% fixed_static 'css/site.css' %}")
    settings.STATIC_URL = "/elsewhere/"
    after = render("{% fixed_static 'css/site.css' %}")
    assert after != before
    assert after == render("{% static 'css/site.css' %}")


def test_it_takes_one_quoted_name_only():
    with pytest.raises(TemplateSyntaxError):
        render("{% fixed_url 'organizations:person' 1 %}")
    with pytest.raises(TemplateSyntaxError):
        render("{% fixed_url home %}")


def test_it_keeps_one_link_per_language():
    with translation.override("en"):
        english = render("{% fixed_url 'home' %}")
    with translation.override("zh-hans"):
        assert render("{% fixed_url 'home' %}") == english
