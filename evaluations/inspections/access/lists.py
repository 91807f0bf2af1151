"""What lists show."""

from django.db.models import Q, QuerySet

from evaluations.models import Finding, HelpItem, RectificationItem
from organizations.access import Scope
from pledges.activity.access import led_mass_units_q


def unit_reader_q(scope: Scope, prefix: str = "unit__") -> Q:
    """Rows whose unit a role of the user reaches, and the mass-organisation units led
    by a party organisation the user is secretary of (or general secretary above)."""
    return scope.path_q(f"{prefix}path") | led_mass_units_q(scope, prefix)


def findings_visible(scope: Scope) -> QuerySet[Finding]:
    return Finding.objects.filter(unit_reader_q(scope))


def rectifications_visible(scope: Scope) -> QuerySet[RectificationItem]:
    q = unit_reader_q(scope)
    if scope.person is not None:
        q |= Q(owner=scope.person)
    return RectificationItem.objects.filter(q)


def help_items_visible(scope: Scope) -> QuerySet[HelpItem]:
    q = unit_reader_q(scope)
    if scope.person is not None:
        q |= Q(helper=scope.person)
    return HelpItem.objects.filter(q)
