"""The dashboards' shared figures, cached (core.versioned_cache).

The office dashboard's figures are the same for everyone of one reach (the activity
office and the leading group of an institute see the whole institute): they are
computed once per reach, campaign and day, and again after any write that changes
them. The live turnout card has a namespace of its own, since every cast ballot
changes it and nothing else. Who may open the page is decided before (the view's
``require_dashboard``); the key holds the scope's reach, never just the institute.
"""

import operator
from collections.abc import Callable
from functools import partial

from django.utils.functional import SimpleLazyObject

from core import versioned_cache

OFFICE = "office_dashboard"
TURNOUT = "office_turnout"


def _office_key(scope, campaign, today) -> tuple:
    return (OFFICE, campaign.pk, today.isoformat(), versioned_cache.reach_key(scope))


#: What ``office`` hands the page (the keys of the view's figures).
OFFICE_FIGURES = ("filing", "coverage", "rectification", "news", "scores", "charts")


def office(scope, campaign, today, compute: Callable[[], dict]) -> dict:
    """The office dashboard's figures, charts and links (``compute()`` when stale),
    and ``figures_fragment``: the spec under which the page keeps its rendered
    figures (``{% shared_fragment %}``).

    The figures are read from the cache only when something uses them: once their
    HTML is kept, a page needs none of them."""
    key = _office_key(scope, campaign, today)
    loaded = SimpleLazyObject(
        lambda: versioned_cache.get_or_compute(
            versioned_cache.FIGURES, scope.institute_id, key, compute
        )
    )
    shown = {
        name: SimpleLazyObject(partial(operator.getitem, loaded, name))
        for name in OFFICE_FIGURES
    }
    shown["figures_fragment"] = (versioned_cache.FIGURES, scope.institute_id, key)
    return shown


def _turnout_key(scope, campaign) -> tuple:
    return (TURNOUT, campaign.pk, versioned_cache.reach_key(scope))


def turnout(scope, campaign, compute: Callable[[], dict | None]) -> dict | None:
    """The turnout figures of the campaign's open mass evaluation (counts per
    department, never who voted)."""
    return versioned_cache.get_or_compute(
        versioned_cache.TURNOUT,
        scope.institute_id,
        _turnout_key(scope, campaign),
        compute,
    )


def turnout_fragment(scope, campaign) -> tuple:
    """The spec under which the rendered turnout card is kept (``{% shared_fragment
    %}``): the same key as its figures, in the turnout's namespace, so a ballot cast
    renders it afresh; one row per department made it the page's largest part."""
    return (versioned_cache.TURNOUT, scope.institute_id, _turnout_key(scope, campaign))
