"""The status and progress badges of plans, pledges, measures and items.

``{% status_badge obj %}`` and ``{% progress_badge row %}`` write what the
``pledges/_status.html`` and ``pledges/_progress_badge.html`` includes wrote, byte
for byte, in Python: lists show one per row, and an include with its half-dozen
``{% if %}`` comparisons cost a row more than the rest of it.
"""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

register = template.Library()

_STATUS_CLASSES = {
    "published": "text-bg-success",
    "approved": "text-bg-primary",
    "submitted": "text-bg-warning",
    "returned": "text-bg-danger",
}
_PROGRESS_CLASSES = {
    "done": "text-bg-success",
    "at_risk": "text-bg-warning",
    "not_done": "text-bg-dark",
}
# The labels as the includes translated them (the msgids of the model's choices).
_PROGRESS_LABELS = {
    "done": gettext_noop("Done"),
    "at_risk": gettext_noop("At risk"),
    "not_done": gettext_noop("Not done"),
}
_ON_TRACK = gettext_noop("On track")


def _read(obj, name: str):
    """``obj.name`` as a template reads it: a key, else an attribute (called if it
    is a method), else empty."""
    if isinstance(obj, dict):
        return obj.get(name, "")
    value = getattr(obj, name, "")
    return value() if callable(value) else value


def _text(value) -> str:
    """A value as ``{{ value }}`` prints it (localized), before escaping."""
    return str(localize(value))


@register.simple_tag
def status_badge(obj) -> SafeString:
    """A plan's or pledge's status, and whether a change of it awaits approval."""
    status = _read(obj, "status")
    html = format_html(
        '<span class="badge {}" data-status="{}">{}</span>',
        _STATUS_CLASSES.get(status, "text-bg-secondary"),
        _text(status),
        _text(_read(obj, "get_status_display")),
    )
    if _read(obj, "change_awaits_approval"):
        html += format_html(
            ' <span class="badge text-bg-warning" data-testid="change-badge">{}</span>',
            gettext("Change awaits approval"),
        )
    return mark_safe(html)  # noqa: S308  # nosec B308 B703: both parts format_html's


@register.simple_tag
def progress_badge(row) -> SafeString:
    """A measure's or committed item's progress: overdue, its status and percent."""
    html = ""
    if _read(row, "is_overdue"):
        html = format_html(
            '<span class="badge text-bg-danger" data-overdue="1">{}</span> ',
            gettext("Overdue"),
        )
    status = _read(row, "progress_status")
    if status:
        html += format_html(
            '<span class="badge {}" data-progress="{}">{} {}%</span>',
            _PROGRESS_CLASSES.get(status, "text-bg-info"),
            _text(status),
            gettext(_PROGRESS_LABELS.get(status, _ON_TRACK)),
            _text(_read(row, "progress_percent")),
        )
    else:
        html += format_html(
            '<span class="badge text-bg-light">{}</span>', gettext("No report yet")
        )
    return mark_safe(html)  # noqa: S308  # nosec B308 B703: every part format_html's
