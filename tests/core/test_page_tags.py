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


LOOP = (
    "{% load i18n %}{% get_current_language as LANGUAGE_CODE %}"
    "{% get_available_languages as LANGUAGES %}{% for code, name in LANGUAGES %}"
    "{% get_language_info for code as language %}"
    '<option value="{{ code }}" lang="{{ code }}"'
    "{% if code == LANGUAGE_CODE %} selected{% endif %}>{{ language.name_local }}"
    "</option>{% if not forloop.last %}\n{% endif %}{% endfor %}"
)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_language_options_are_the_loops_options(language):
    # What the menu's template loop gave, in each language, the active one selected.
    with translation.override(language):
        written = render("{% language_options %}")
        assert written == render(LOOP)
    assert f'value="{language}" lang="{language}" selected>' in written
    assert written.count(" selected") == 1
    assert "简体中文" in written and "English" in written


def test_the_language_options_follow_the_languages_setting(settings):
    settings.LANGUAGES = [("en", "English"), ("zh-hans", "Chinese"), ("fr", "French")]
    with translation.override("en"):
        written = render("{% language_options %}")
        assert written == render(LOOP)
    assert 'value="fr" lang="fr">français</option>' in written
