"""What lists show."""

from django.db.models import Q, QuerySet

from evaluations.models import Finding, HelpItem, RectificationItem
from organizations.access import Scope


def unit_reader_q(scope: Scope, prefix: str = "unit__") -> Q:
    """Rows whose unit a role of the user reaches."""
    return scope.path_q(f"{prefix}path")


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
