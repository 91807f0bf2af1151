"""Keys, limits and helpers the figures share; the units in reach."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from core.request_cache import memo
from organizations.access import Scope
from organizations.models import BranchCategory, Organization
from pledges import selectors as pledge_selectors
from pledges.models import Campaign

MASS_KEY = "mass"  # the "category" of mass-organisation units, which have none
NONE_KEY = "none"  # a branch without a category (should not happen, but may)
UPCOMING_EVENTS = 6
DEADLINES = 10
TOP_PER_CATEGORY = 3
MISSING_SHOWN = 50


def category_key(category_id, *, mass: bool = False) -> str:
    if category_id:
        return str(category_id)
    return MASS_KEY if mass else NONE_KEY


def branches_in(scope: Scope, campaign: Campaign) -> QuerySet[Organization]:
    """The campaign's branches (``units_due_a_plan``) that the user's roles reach."""
    return pledge_selectors.units_due_a_plan(campaign).filter(scope.path_q("path"))


def branches_without_plan(scope: Scope, campaign: Campaign) -> QuerySet[Organization]:
    """``units_without_plan`` that the user's roles reach."""
    return pledge_selectors.units_without_plan(campaign).filter(scope.path_q("path"))


def categories_in(scope: Scope, campaign: Campaign) -> list[dict]:
    """Branch categories of the institutes in reach, then the mass organisations (one
    query per GET request)."""
    rows = memo(
        ("dashboard_categories", scope.user_id, campaign.pk),
        lambda: list(_categories_in(scope, campaign)),
    )
    result = [{"key": str(pk), "label": name} for pk, name in rows]
    result.append({"key": MASS_KEY, "label": _("Mass organisations")})
    return result


def _categories_in(scope: Scope, campaign: Campaign) -> QuerySet:
    return (
        BranchCategory.objects.filter(institute__path__startswith=campaign.scope.path)
        .filter(
            scope.path_q("institute__path")
            | Q(pk__in=branches_in(scope, campaign).values("category_id"))
        )
        .order_by("institute__path", "order", "pk")
        .values_list("pk", "name")
    )


def _by_category(rows: QuerySet, category: str, prefix: str = "") -> QuerySet:
    if not category:
        return rows
    if category == MASS_KEY:
        return rows.filter(**{f"{prefix}kind__in": list(Organization.MASS_KINDS)})
    if category == NONE_KEY:
        return rows.filter(
            **{f"{prefix}category__isnull": True},
        ).exclude(**{f"{prefix}kind__in": list(Organization.MASS_KINDS)})
    if category.isdigit():
        return rows.filter(**{f"{prefix}category_id": int(category)})
    return rows.none()


def round_percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0
