"""The navigation bar: each app registers its entries with the rule of who sees them.

The bar shows a user only the entries their scope allows, so each role's home offers what
that role may do and nothing else.
"""

from collections.abc import Callable
from dataclasses import dataclass

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


_REGISTRY: dict[str, NavItem] = {}

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
    "campaigns": "setup",
    "tree": "setup",
    "people": "setup",
    "exports": "setup",
}


def register(item: NavItem) -> None:
    _REGISTRY[item.key] = item


def items_for(user) -> list[dict]:
    """The bar's entries for a user: links, and menus of links (``children``)."""
    if not user.is_authenticated:
        return []
    scope = scope_of(user)
    entries: list[dict] = []
    menus: dict[str, dict] = {}
    for item in sorted(_REGISTRY.values(), key=lambda i: (i.order, i.key)):
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
