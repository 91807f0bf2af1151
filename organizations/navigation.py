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
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
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
        _sorted_items.cache_clear()


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
    """The bar's entries for a user: links, and menus of links (``children``).

    Shared by every user whom the same entries are allowed (built once per process
    and language): read them, never change them."""
    if not user.is_authenticated:
        return []
    return _entries(_bar_key(scope_of(user)))


def bar_html(user, path: str) -> str:
    """The bar's entries as HTML (``includes/nav_bar.html``), the one whose URL is
    ``path`` marked active; rendered once per process for each set of entries,
    language and active entry."""
    if not user.is_authenticated:
        return ""
    key = _bar_key(scope_of(user))
    return _html(key, path if path in _urls(key) else None)


@functools.cache
def _sorted_items() -> tuple[NavItem, ...]:
    return tuple(sorted(_items().values(), key=lambda i: (i.order, i.key)))


def _bar_key(scope: Scope) -> tuple:
    """What a user's bar depends on: the entries allowed them, the language and
    where the URLs point."""
    return (
        tuple(item.key for item in _sorted_items() if item.allowed(scope)),
        translation.get_language(),
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
    )


@functools.lru_cache(maxsize=256)
def _entries(key: tuple) -> list[dict]:
    # Called with the key's language active: the labels are translated here.
    allowed = set(key[0])
    entries: list[dict] = []
    menus: dict[str, dict] = {}
    for item in _sorted_items():
        if item.key not in allowed:
            continue
        link = {
            "key": item.key,
            "label": str(item.label),
            "url": reverse(item.url_name),
        }
        group = GROUP_OF.get(item.key)
        if group is None:
            entries.append(link)
        elif group in menus:
            menus[group]["children"].append(link)
        else:
            menus[group] = {
                "key": group,
                "label": str(GROUPS[group]),
                "children": [link],
            }
            entries.append(menus[group])
    # A menu holding a single link is shown as that link.
    return [
        e["children"][0] if "children" in e and len(e["children"]) == 1 else e
        for e in entries
    ]


@functools.lru_cache(maxsize=256)
def _urls(key: tuple) -> frozenset[str]:
    return frozenset(
        link["url"]
        for entry in _entries(key)
        for link in entry.get("children", [entry])
    )


@functools.lru_cache(maxsize=1024)
def _html(key: tuple, active: str | None) -> str:
    return get_template("includes/nav_bar.html").render(
        {"nav_items": _entries(key), "path": active}
    )


def _forget_bars() -> None:
    _sorted_items.cache_clear()
    _entries.cache_clear()
    _urls.cache_clear()
    _html.cache_clear()


@receiver(setting_changed)
def _forget_bars_on_change(*, setting, **kwargs) -> None:
    """Tests that change the modules, the URLs or the languages get bars afresh."""
    if setting in {"NAVIGATION_MODULES", "ROOT_URLCONF", "LANGUAGES", "TEMPLATES"}:
        _forget_bars()
