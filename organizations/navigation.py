"""The navigation bar: each feature lists its entries with the rule of who sees them.

The bar shows a user only the entries their scope allows, so each role's home offers what
that role may do and nothing else.

The entries are data: each module named in ``settings.NAVIGATION_MODULES`` may define
``NAV`` (a list of :class:`NavItem`), ``PANELS`` and ``ROLE_UNIT_FIGURES`` (read by
:mod:`organizations.homes`). The modules are imported at first use, once, in the order
of the setting; a module that cannot be imported raises rather than being skipped.
"""

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organizations.access import Scope, scope_of


@dataclass(frozen=True)
class NavItem:
    """One entry in the navigation bar."""

    key: str
    label: str
    url_name: str
    allowed: Callable[[Scope], bool]
    order: int = 100


@functools.cache
def modules() -> tuple[ModuleType, ...]:
    """The modules of ``settings.NAVIGATION_MODULES``, imported once, in that order."""
    return tuple(importlib.import_module(name) for name in settings.NAVIGATION_MODULES)


def _items() -> dict[str, NavItem]:
    items: dict[str, NavItem] = {}
    for module in modules():
        for item in getattr(module, "NAV", ()):
            if item.key in items:
                raise ImproperlyConfigured(
                    f"Navigation key {item.key!r} of {module.__name__} is taken."
                )
            items[item.key] = item
    return items


@receiver(setting_changed)
def _forget_modules(*, setting, **kwargs) -> None:
    """Tests that override ``NAVIGATION_MODULES`` get their modules read afresh."""
    if setting == "NAVIGATION_MODULES":
        modules.cache_clear()


# Entries are shown in these menus (a menu with one entry shows as a plain link), so
# the bar stays one line wide whatever a role may do. Keys not listed stand alone.
GROUPS = {
    "pledges": _("Plans and pledges"),
    "activity": _("Records and activities"),
    "evaluation": _("Assessment"),
    "setup": _("Set-up"),
}
GROUP_OF = {
    "board": "pledges",
    "pledges": "pledges",
    "plans": "pledges",
    "activity_records": "activity",
    "activity_meetings": "activity",
    "activity_news": "activity",
    "activity_reading": "activity",
    "activity_suggestions": "activity",
    "rounds": "evaluation",
    "inspections": "evaluation",
    "rectifications": "evaluation",
    "reviews": "evaluation",
    "scoring": "evaluation",
    "awards": "evaluation",
    "leadership": "evaluation",
    "campaigns": "setup",
    "tree": "setup",
    "people": "setup",
    "exports": "setup",
}


def items_for(user) -> list[dict]:
    """The bar's entries for a user: links, and menus of links (``children``)."""
    if not user.is_authenticated:
        return []
    scope = scope_of(user)
    entries: list[dict] = []
    menus: dict[str, dict] = {}
    for item in sorted(_items().values(), key=lambda i: (i.order, i.key)):
        if not item.allowed(scope):
            continue
        link = {"key": item.key, "label": item.label, "url": reverse(item.url_name)}
        group = GROUP_OF.get(item.key)
        if group is None:
            entries.append(link)
        elif group in menus:
            menus[group]["children"].append(link)
        else:
            menus[group] = {"key": group, "label": GROUPS[group], "children": [link]}
            entries.append(menus[group])
    # A menu holding a single link is shown as that link.
    return [
        e["children"][0] if "children" in e and len(e["children"]) == 1 else e
        for e in entries
    ]
