"""Home panels."""

from django.utils import timezone

from evaluations.inspections.access import SECRETARY_KINDS, findings_visible
from evaluations.inspections.selectors.rectification import (
    help_items_for,
    rectification_counts,
    rectifications_to_answer,
)
from evaluations.inspections.selectors.reviews import (
    review_progress,
    reviews_to_acknowledge,
)
from evaluations.inspections.selectors.rounds import quarter_rows
from evaluations.models import HelpItem, RectificationItem, Review, ReviewRound
from organizations.access import Scope
from organizations.homes import institute_figure, shared
from pledges.selectors import current_campaign_for


def office_panel(scope: Scope) -> dict | None:
    """The current campaign's quarters, rectification counts and review progress."""
    campaign = current_campaign_for(scope)
    if campaign is None:
        return None
    latest_review = (
        ReviewRound.objects.filter(campaign=campaign).order_by("-half").first()
    )
    return {
        "campaign": campaign,
        "quarters": quarter_rows(campaign),
        "counts": rectification_counts(campaign, scope),
        "review_round": latest_review,
        "progress": review_progress(latest_review, scope) if latest_review else None,
        "help_open": help_items_for(scope, campaign)
        .exclude(status=HelpItem.Status.DONE)
        .count(),
    }


# What the panels show of each row (the panel templates): the rest of these wide rows
# and their campaign's thirty columns cost compiling and loading for nothing.
_ITEM_FIELDS = ("title", "deadline", "unit__name")
_REVIEW_FIELDS = ("round__half", "round__campaign__year", "unit__name", "person__name")
_FINDING_FIELDS = ("found_on", "rating", "unit__name")


def _pending() -> dict:
    """Who has something to answer or acknowledge, every institute's: the owners and
    unit paths of open rectification items, the people and units of unacknowledged
    reviews. The same for everyone, kept in the shared cache: most homes have nothing
    pending, and are told so at no query."""

    def compute() -> dict:
        items = RectificationItem.objects.filter(
            status=RectificationItem.Status.OPEN
        ).values_list("owner_id", "unit__path")
        reviews = Review.objects.filter(acknowledged_at__isnull=True).values_list(
            "person_id", "unit_id"
        )
        items, reviews = set(items.distinct()), set(reviews.distinct())
        return {
            "owners": frozenset(owner for owner, _ in items if owner),
            "paths": tuple(sorted({path for _, path in items if path})),
            "people": frozenset(person for person, _ in reviews if person),
            "units": frozenset(unit for _, unit in reviews if unit),
        }

    return institute_figure(None, "inspections_pending", compute)


def _to_answer(scope: Scope) -> list:
    """:func:`rectifications_to_answer`, the first ten (none asked where the shared
    figures show that nothing waits)."""
    pending = _pending()
    person = scope.person
    nodes = [role.node.path for role in scope.roles_of(*SECRETARY_KINDS)]
    if not (
        (person is not None and person.pk in pending["owners"])
        or any(path.startswith(node) for path in pending["paths"] for node in nodes)
    ):
        return []
    return list(rectifications_to_answer(scope).only(*_ITEM_FIELDS)[:10])


def _to_acknowledge(scope: Scope) -> list:
    """:func:`reviews_to_acknowledge`, the first ten (none asked where the shared
    figures show that nothing waits)."""
    pending = _pending()
    person = scope.person
    units = {role.node_id for role in scope.roles_of(*SECRETARY_KINDS)}
    if not (
        (person is not None and person.pk in pending["people"])
        or units & pending["units"]
    ):
        return []
    return list(reviews_to_acknowledge(scope).only(*_REVIEW_FIELDS)[:10])


def _latest_findings(scope: Scope) -> list:
    """The five latest findings the scope reads: they depend on its reach only
    (``unit_reader_q``: its read paths and roles), so they are kept for everyone of
    the same reach until a write changes them (most homes have none, and were told
    so by a query of their own)."""
    return shared(
        scope,
        "inspections_latest_findings",
        lambda: list(
            findings_visible(scope)
            .select_related("unit")
            .only(*_FINDING_FIELDS)
            .order_by("-found_on", "-pk")[:5]
        ),
    )


def secretary_panel(scope: Scope) -> dict | None:
    """Rectification to answer, reviews to acknowledge, the latest findings."""
    to_answer = _to_answer(scope)
    to_acknowledge = _to_acknowledge(scope)
    findings = _latest_findings(scope)
    if not (to_answer or to_acknowledge or findings):
        return None
    return {
        "to_answer": to_answer,
        "to_acknowledge": to_acknowledge,
        "findings": findings,
        "today": timezone.localdate(),
    }


def member_panel(scope: Scope) -> dict | None:
    """The member's reviews waiting for acknowledgement."""
    if scope.person is None:
        return None
    to_acknowledge = _to_acknowledge(scope)
    to_answer = _to_answer(scope)
    if not (to_acknowledge or to_answer):
        return None
    return {
        "to_acknowledge": to_acknowledge,
        "to_answer": to_answer,
        "today": timezone.localdate(),
    }
