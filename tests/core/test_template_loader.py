"""The project's template loader (core.template_loader): templates compiled once per
language, fixed translations folded into text, URLs kept; every page renders as
Django's own loader renders it."""

import pytest
from django.template import Context, engines
from django.template.base import TextNode, VariableNode
from django.templatetags.i18n import TranslateNode
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from core import template_loader


def _compile(source: str):
    """A template compiled and folded as the loader does for a file."""
    template = engines["django"].engine.from_string(source)
    template_loader.fold(template.nodelist)
    return template


def _nodes(template, kind):
    return template.nodelist.get_nodes_by_type(kind)


def test_the_loader_compiles_each_template_once_per_language():
    engine = engines["django"].engine
    with translation.override("zh-hans"):
        zh = engine.get_template("home/none.html")
        assert engine.get_template("home/none.html") is zh
    with translation.override("en"):
        en = engine.get_template("home/none.html")
    assert en is not zh
    loaders = engine.template_loaders
    assert isinstance(loaders[0], template_loader.Loader)


def test_a_fixed_translation_becomes_the_text_of_its_language():
    source = '{% load i18n %}<b>{% translate "Sign out" %}</b>'
    with translation.override("zh-hans"):
        zh = _compile(source)
        assert not _nodes(zh, TranslateNode)
        assert zh.render(Context()) == "<b>退出登录</b>"
    with translation.override("en"):
        en = _compile(source)
        assert en.render(Context()) == "<b>Sign out</b>"
    # The folded text is the compiled language's whatever is active at render.
    with translation.override("en"):
        assert zh.render(Context()) == "<b>退出登录</b>"


def test_a_translation_with_a_literal_context_is_folded_with_that_context():
    source = '{% load i18n %}{% translate "Administration" context "the admin site" %}'
    with translation.override("zh-hans"):
        template = _compile(source)
        assert not _nodes(template, TranslateNode)
        assert template.render(Context()) == translation.pgettext(
            "the admin site", "Administration"
        )


@pytest.mark.parametrize(
    "source",
    [
        '{% translate "Sign out" as label %}{{ label }}',  # as: sets a variable
        '{% translate "Sign out"|upper %}',  # a filter
        "{% translate word %}",  # a variable message
        '{% translate "Sign out" context where %}',  # a variable context
    ],
)
def test_translations_that_depend_on_the_render_stay_nodes(source):
    with translation.override("en"):
        template = _compile("{% load i18n %}" + source)
        assert _nodes(template, TranslateNode)
        assert not any(
            isinstance(n, TextNode) and "Sign out" in n.s
            for n in _nodes(template, TextNode)
        )
        expected = (
            engines["django"]
            .engine.from_string("{% load i18n %}" + source)
            .render(Context({"word": "Menu", "where": "x"}))
        )
        assert template.render(Context({"word": "Menu", "where": "x"})) == expected


def test_translations_inside_blocks_loops_and_conditions_are_folded():
    source = (
        "{% load i18n %}{% if on %}{% translate 'Sign out' %}"
        "{% elif other %}{% translate 'Menu' %}{% else %}x{% endif %}"
        "{% for i in items %}{% translate 'Go' %}{% empty %}"
        "{% translate 'Close' %}{% endfor %}"
        "{% with a=1 %}{% translate 'Language' %}{% endwith %}"
    )
    with translation.override("en"):
        template = _compile(source)
        assert not _nodes(template, TranslateNode)
        assert template.render(Context({"on": False, "other": True, "items": [1]})) == (
            "MenuGoLanguage"
        )


@pytest.mark.parametrize("autoescape", [True, False])
def test_folded_translations_render_as_django_renders_them(autoescape):
    source = (
        '{% load i18n %}{% translate "It\'s <b>" %}{% autoescape off %}'
        "{% translate 'a & b' %}{% endautoescape %}{% translate 'Menu' %}"
    )
    with translation.override("zh-hans"):
        template = _compile(source)
        assert not _nodes(template, TranslateNode)
        expected = engines["django"].engine.from_string(source)
        context = {"autoescape": autoescape}
        assert template.render(Context(**context)) == expected.render(
            Context(**context)
        )


def test_urls_are_kept_and_equal_reverses():
    template = _compile("{% url 'pledges:pledge' pk %}|{% url 'pledges:pledge' '7' %}")
    template_loader.forget_urls()
    for pk in (1, 42, 1):
        assert template.render(Context({"pk": pk})) == (
            f"{reverse('pledges:pledge', args=[pk])}|"
            f"{reverse('pledges:pledge', args=['7'])}"
        )
    assert len(template_loader._urls) == 3


def test_a_kept_url_follows_the_script_prefix():
    template = _compile("{% url 'pledges:pledge' 3 %}")
    try:
        set_script_prefix("/sub/")
        assert template.render(Context()) == "/sub/pledges/3/"
    finally:
        set_script_prefix("/")
    assert template.render(Context()) == "/pledges/3/"


def test_urls_with_keywords_as_or_objects_render_as_django_does():
    template = _compile(
        "{% url 'pledges:pledge' pk=5 %}|{% url 'pledges:pledge' 6 as link %}{{ link }}"
        "|{% url 'pledges:pledge' obj %}"
    )
    assert template.render(Context({"obj": 8})) == "/pledges/5/|/pledges/6/|/pledges/8/"


def test_a_url_that_does_not_reverse_still_raises():
    template = _compile("{% url 'pledges:pledge' 'x-y' %}")
    with pytest.raises(NoReverseMatch):
        template.render(Context())


def test_the_kept_urls_are_bounded(monkeypatch):
    monkeypatch.setattr(template_loader, "URLS_KEPT", 5)
    template_loader.forget_urls()
    template = _compile("{% url 'pledges:pledge' pk %}")
    for pk in range(1, 13):
        assert template.render(Context({"pk": pk})) == f"/pledges/{pk}/"
        assert len(template_loader._urls) <= 5


def test_another_url_configuration_is_not_answered_from_kept_urls():
    template = _compile("{% url 'bench_bare' %}")
    with override_settings(ROOT_URLCONF="bench.urls"):
        assert template.render(Context()) == "/bench/bare/"
    with pytest.raises(NoReverseMatch):
        template.render(Context())


def _dates():
    import datetime
    import zoneinfo

    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    return [
        datetime.date(2026, 1, 5),
        datetime.date(999, 12, 31),
        datetime.datetime(2026, 3, 4, 5, 6, 7),  # naive
        datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.UTC),  # next day here
        datetime.datetime(2026, 7, 1, 0, 0, tzinfo=shanghai),
        datetime.datetime(2026, 7, 1, 23, 59, 59, tzinfo=zoneinfo.ZoneInfo("UTC")),
        None,
        "",
        "2026-01-01",
    ]


@pytest.mark.parametrize("fmt", ["Y-m-d", "Y-m-d H:i", "m-d", "Y年n月j日"])
def test_a_date_filter_renders_as_djangos_own(fmt):
    """The quick date filter writes what Django's writes, after the same conversion to
    local time, for dates, naive and aware datetimes, empty values and strings; a
    format it does not know is left to Django's."""
    filtered = 'value|date:"' + fmt + '"'
    source = "{{ " + filtered + " }}|{{ " + filtered + '|default:"-" }}'
    engine = engines["django"].engine
    django_own = engine.from_string(source)
    quick = _compile(source)
    swapped = [
        f for f, _args in _nodes(quick, VariableNode)[0].filter_expression.filters
    ]
    assert (swapped[0] is template_loader.quick_date) == (
        fmt in ("Y-m-d", "Y-m-d H:i", "m-d")
    )
    for value in _dates():
        context = {"value": value}
        try:
            expected = django_own.render(Context(context))
        except TypeError:  # a time format asked of a date: Django's error
            with pytest.raises(TypeError):
                quick.render(Context(context))
            continue
        assert quick.render(Context(context)) == expected, value
        with translation.override("en"):
            assert quick.render(Context(context)) == django_own.render(Context(context))


def test_a_date_filter_with_a_variable_format_is_left_alone():
    quick = _compile("{{ value|date:fmt }}")
    ((func, _args),) = _nodes(quick, VariableNode)[0].filter_expression.filters
    assert func is not template_loader.quick_date


def _values():
    import datetime
    import decimal

    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    return [
        "plain",
        "<b>&'\"",
        mark_safe("<i>kept</i>"),
        "",
        0,
        -5,
        2026,
        10**12,
        True,
        False,
        None,
        1234.5,
        decimal.Decimal("1234.50"),
        datetime.date(2026, 1, 5),
        datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.UTC),
        gettext_lazy("Sign out"),
        ["a", "<b>"],
        {"k": 1},
    ]


@pytest.mark.parametrize("grouping", [False, True])
def test_a_variable_renders_as_djangos_own(settings, grouping):
    """Strings and integers written directly, everything else by Django: the same
    text for every kind of value, escaped or not, in both languages, with and without
    a thousand separator."""
    settings.USE_THOUSAND_SEPARATOR = grouping
    source = "{{ value }}|{% autoescape off %}{{ value }}{% endautoescape %}"
    engine = engines["django"].engine
    for language in ("zh-hans", "en"):
        with translation.override(language):
            django_own = engine.from_string(source)
            quick = _compile(source)
            assert type(_nodes(quick, VariableNode)[0]).__name__ == "_QuickVariableNode"
            for value in _values():
                context = {"value": value}
                assert quick.render(Context(context)) == django_own.render(
                    Context(context)
                ), (language, value)


CHAIN = {
    "root.html": (
        "<title>{% block title %}Root{% endblock %}</title>"
        "{% block body %}<p>root {{ v }}</p>{% block inner %}[in]{% endblock %}"
        "{% endblock %}{% block foot %}foot{% endblock %}"
    ),
    "middle.html": (
        '{% extends "root.html" %}{% block title %}Mid · {{ block.super }}'
        "{% endblock %}{% block inner %}<{{ v }}>{{ block.super }}{% endblock %}"
    ),
    "leaf.html": (
        '{% extends "middle.html" %}{% block inner %}leaf {{ block.super }}'
        "{% endblock %}{% block foot %}{% for i in items %}{{ i }}{% endfor %}"
        "{% endblock %}"
    ),
    "loop.html": ("{% for name in names %}{% include name %}|{% endfor %}"),
}


def test_extends_chains_render_as_djangos_own_again_and_again():
    # The root's blocks are found once per compiled template: a chain of three,
    # block.super at each level, rendered many times with other values, and
    # templates that include them in a loop, give what Django's own loader gives.
    from django.template import Engine

    locmem = ("django.template.loaders.locmem.Loader", CHAIN)
    ours = Engine(loaders=[("core.template_loader.Loader", [locmem])])
    django_own = Engine(loaders=[locmem])
    for n in range(3):
        for name in ("root.html", "middle.html", "leaf.html", "loop.html"):
            context = {
                "v": f"<{n}>",
                "items": list(range(n)),
                "names": ["leaf.html", "root.html", "middle.html"][: n + 1],
            }
            expected = django_own.get_template(name).render(Context(context))
            assert ours.get_template(name).render(Context(context)) == expected
    leaf = ours.get_template("leaf.html")
    assert type(leaf.nodelist[0]) is template_loader._QuickExtendsNode
    assert "Mid · Root" in leaf.render(Context({}))
    assert "leaf <>[in]" in ours.get_template("leaf.html").render(Context({}))
