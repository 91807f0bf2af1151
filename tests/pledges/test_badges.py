"""{% status_badge %} and {% progress_badge %} write byte for byte what the
``pledges/_status.html`` and ``pledges/_progress_badge.html`` includes they replace
wrote (their text kept here), for every status, in both languages."""

import datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from pledges.models import Plan, Pledge, PledgeItem, Status

OLD_STATUS = '{% load i18n %}<span class="badge {% if obj.status == \'published\' %}text-bg-success{% elif obj.status == \'approved\' %}text-bg-primary{% elif obj.status == \'submitted\' %}text-bg-warning{% elif obj.status == \'returned\' %}text-bg-danger{% else %}text-bg-secondary{% endif %}" data-status="{{ obj.status }}">{{ obj.get_status_display }}</span>{% if obj.change_awaits_approval %} <span class="badge text-bg-warning" data-testid="change-badge">{% translate "Change awaits approval" %}</span>{% endif %}'
OLD_PROGRESS = '{% load i18n %}{% if row.is_overdue %}<span class="badge text-bg-danger" data-overdue="1">{% translate "Overdue" %}</span> {% endif %}{% if row.progress_status %}<span class="badge {% if row.progress_status == \'done\' %}text-bg-success{% elif row.progress_status == \'at_risk\' %}text-bg-warning{% elif row.progress_status == \'not_done\' %}text-bg-dark{% else %}text-bg-info{% endif %}" data-progress="{{ row.progress_status }}">{% if row.progress_status == \'done\' %}{% translate "Done" %}{% elif row.progress_status == \'at_risk\' %}{% translate "At risk" %}{% elif row.progress_status == \'not_done\' %}{% translate "Not done" %}{% else %}{% translate "On track" %}{% endif %} {{ row.progress_percent }}%</span>{% else %}<span class="badge text-bg-light">{% translate "No report yet" %}</span>{% endif %}'

NEW_STATUS = "{% load pledge_badges %}{% status_badge obj %}"
NEW_PROGRESS = "{% load pledge_badges %}{% progress_badge row %}"


def _both(old: str, new: str, **context) -> tuple[str, str]:
    return (
        Template(old).render(Context(context)),
        Template(new).render(Context(context)),
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("model", [Plan, Pledge])
def test_the_status_badge_is_the_include(language, model):
    with translation.override(language):
        for status in [*Status.values, "unknown", ""]:
            for change_at in (None, datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)):
                obj = model(status=status, change_submitted_at=change_at)
                old, new = _both(OLD_STATUS, NEW_STATUS, obj=obj)
                assert new == old, (status, change_at)
                assert "data-status" in new


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_progress_badge_is_the_include(language):
    today = datetime.date.today()
    with translation.override(language):
        for status in ["", None, "on_track", "at_risk", "done", "not_done", "odd"]:
            for due in (
                today - datetime.timedelta(days=3),
                today + datetime.timedelta(days=3),
            ):
                for percent in (0, 45, 100):
                    row = PledgeItem(
                        text="x",
                        due_on=due,
                        progress_status=status or "",
                        progress_percent=percent,
                    )
                    old, new = _both(OLD_PROGRESS, NEW_PROGRESS, row=row)
                    assert new == old, (status, due, percent)
        # Rows that are not models (a dict, an object without the attributes).
        for row in (
            {"progress_status": "done", "progress_percent": 7},
            SimpleNamespace(),
        ):
            old, new = _both(OLD_PROGRESS, NEW_PROGRESS, row=row)
            assert new == old


def test_markup_in_a_value_is_escaped():
    obj = SimpleNamespace(status="<b>", get_status_display=lambda: "<i>x</i>")
    old, new = _both(OLD_STATUS, NEW_STATUS, obj=obj)
    assert new == old and "<b>" not in new and "&lt;i&gt;" in new
