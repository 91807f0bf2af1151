"""The navigation modules (settings.NAVIGATION_MODULES): their entries and home panels,
read once in the order of the setting, and a module that is missing fails loudly."""

import sys
import types

import pytest
from django.core.exceptions import ImproperlyConfigured

from organizations import homes, navigation
from organizations.homes import Panel
from organizations.navigation import NavItem

# What each home shows, top to bottom (the order people are used to).
PANEL_ORDER = {
    "office": [
        "pledges/panels/office.html",
        "activity/panels/overview.html",
        "inspections/panels/office.html",
        "scoring/panels/office.html",
        "awards/panels/office.html",
        "dashboards/panels/notifications.html",
    ],
    "leader": [
        "pledges/panels/office.html",
        "activity/panels/leader.html",
        "activity/panels/overview.html",
        "inspections/panels/office.html",
        "scoring/panels/office.html",
        "awards/panels/leader.html",
        "awards/panels/duty.html",
        "awards/panels/commendations.html",
        "dashboards/panels/notifications.html",
    ],
    "general_secretary": [
        "pledges/panels/secretary.html",
        "activity/panels/overview.html",
        "leadership/panel.html",
        "inspections/panels/secretary.html",
        "scoring/panels/secretary.html",
        "scoring/panels/member.html",
        "awards/panels/writer.html",
        "awards/panels/duty.html",
        "awards/panels/commendations.html",
        "evaluations/panels/vote.html",
        "dashboards/panels/progress.html",
        "dashboards/panels/notifications.html",
    ],
    "secretary": [
        "pledges/panels/secretary.html",
        "pledges/panels/member.html",
        "activity/panels/secretary.html",
        "leadership/panel.html",
        "inspections/panels/secretary.html",
        "scoring/panels/secretary.html",
        "scoring/panels/member.html",
        "awards/panels/writer.html",
        "awards/panels/duty.html",
        "awards/panels/commendations.html",
        "evaluations/panels/vote.html",
        "dashboards/panels/progress.html",
        "dashboards/panels/notifications.html",
    ],
    "mass": [
        "pledges/panels/secretary.html",
        "pledges/panels/member.html",
        "scoring/panels/secretary.html",
        "scoring/panels/member.html",
        "awards/panels/writer.html",
        "awards/panels/commendations.html",
        "evaluations/panels/vote.html",
        "dashboards/panels/progress.html",
        "dashboards/panels/notifications.html",
    ],
    "member": [
        "pledges/panels/member.html",
        "pledges/panels/staff.html",
        "activity/panels/member.html",
        "inspections/panels/member.html",
        "scoring/panels/member.html",
        "awards/panels/commendations.html",
        "evaluations/panels/vote.html",
        "dashboards/panels/progress.html",
        "dashboards/panels/notifications.html",
    ],
    "staff": [
        "pledges/panels/staff.html",
        "activity/panels/member.html",
        "awards/panels/commendations.html",
        "evaluations/panels/vote.html",
        "dashboards/panels/progress.html",
        "dashboards/panels/notifications.html",
    ],
}


def fake_module(monkeypatch, name, **attrs):
    module = types.ModuleType(name)
    for key, value in attrs.items():
        setattr(module, key, value)
    monkeypatch.setitem(sys.modules, name, module)
    return module


def build(scope):
    return {}


def test_it_shows_each_home_its_panels_in_the_usual_order():
    for home, templates in PANEL_ORDER.items():
        assert [panel.template for panel in homes.panels_of(home)] == templates


def test_it_imports_the_modules_once():
    assert navigation.modules() is navigation.modules()
    assert [m.__name__ for m in navigation.modules()][0] == "organizations.nav"


def test_it_fails_loudly_on_a_missing_module(settings):
    settings.NAVIGATION_MODULES = ["organizations.nav", "organizations.no_such_nav"]
    with pytest.raises(ModuleNotFoundError, match="organizations.no_such_nav"):
        homes.panels_of("office")


def test_it_lists_panels_in_the_order_of_the_setting(settings, monkeypatch):
    first = Panel("member", "first.html", build)
    second = Panel("member", "second.html", build)
    fake_module(monkeypatch, "cx_fake_nav_a", PANELS=[second])
    fake_module(monkeypatch, "cx_fake_nav_b", PANELS=[first])
    settings.NAVIGATION_MODULES = ["cx_fake_nav_b", "cx_fake_nav_a"]
    assert homes.panels_of("member") == [first, second]
    assert homes.panels_of("staff") == []


def test_it_refuses_a_panel_for_an_unknown_home(settings, monkeypatch):
    fake_module(monkeypatch, "cx_fake_nav", PANELS=[Panel("boss", "x.html", build)])
    settings.NAVIGATION_MODULES = ["cx_fake_nav"]
    with pytest.raises(ImproperlyConfigured, match="boss"):
        homes.panels_of("member")


def test_it_refuses_two_entries_with_one_key(settings, monkeypatch, inst):
    item = NavItem(key="x", label="X", url_name="home", allowed=lambda s: True)
    fake_module(monkeypatch, "cx_fake_nav_a", NAV=[item])
    fake_module(monkeypatch, "cx_fake_nav_b", NAV=[item])
    settings.NAVIGATION_MODULES = ["cx_fake_nav_a", "cx_fake_nav_b"]
    with pytest.raises(ImproperlyConfigured, match="'x'"):
        navigation.items_for(inst.user("office"))


def test_it_reads_the_modules_afresh_when_the_setting_changes(settings, monkeypatch):
    item = NavItem(key="x", label="X", url_name="home", allowed=lambda s: True)
    fake_module(monkeypatch, "cx_fake_nav", NAV=[item])
    settings.NAVIGATION_MODULES = ["cx_fake_nav"]
    assert [m.__name__ for m in navigation.modules()] == ["cx_fake_nav"]


def test_it_builds_each_bar_once_and_in_the_language_asked(inst):
    """The bar is kept per process for each set of entries and language: a user is
    never shown another role's entries, nor the labels of another language."""
    from django.utils import translation

    office, staff = inst.user("office"), inst.user("staff")
    with translation.override("en"):
        english = navigation.bar_html(office, "/")
        assert navigation.bar_html(office, "/") is english  # built once
        assert 'data-nav="people"' in english
        assert 'data-nav="people"' not in navigation.bar_html(staff, "/")
    with translation.override("zh-hans"):
        chinese = navigation.bar_html(office, "/")
    assert chinese != english
    assert "首页" in chinese and "Home" in english


def test_it_marks_the_current_entry_active(inst):
    from django.urls import reverse

    office = inst.user("office")
    people = reverse("organizations:people")
    bar = navigation.bar_html(office, people)
    assert f'active" data-nav="people" href="{people}"' in bar
    assert "active" not in navigation.bar_html(office, "/nowhere/")
