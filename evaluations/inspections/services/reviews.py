"""Half-year reviews (半年点评)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.inspections.access import (
    can_acknowledge_review,
)
from evaluations.inspections.services.common import A, _audit, unit_secretaries
from evaluations.models import (
    Review,
    ReviewRound,
    TransitionError,
)
from organizations.access import scope_of
from organizations.models import (
    Notification,
    Organization,
    Person,
)
from organizations.notifications.services import notify
from pledges.models import Campaign


def _check_half(half) -> int:
    if half not in (1, 2):
        raise ValidationError(_("A campaign has half-years 1 and 2."), code="half")
    return half


@transaction.atomic
def review_round_open(*, campaign: Campaign, half: int, by=None) -> ReviewRound:
    """Open the half-year review round (半年点评) for every branch and member.

    Get-or-create: an existing round (open or closed) is left as it is.
    """
    _check_half(half)
    existing = ReviewRound.objects.filter(campaign=campaign, half=half).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            round = ReviewRound.objects.create(
                campaign=campaign, half=half, opened_by=by
            )
    except IntegrityError:
        return ReviewRound.objects.get(campaign=campaign, half=half)
    _audit(A.CREATE, round, by, half=half, status=round.status)
    return round


@transaction.atomic
def review_round_close(
    *,
    round: ReviewRound | None = None,
    campaign: Campaign | None = None,
    half: int | None = None,
    by=None,
) -> ReviewRound | None:
    """Close a review round: reviews no longer change (acknowledging goes on)."""
    if round is None:
        round = ReviewRound.objects.filter(
            campaign=campaign, half=_check_half(half)
        ).first()
        if round is None:
            return None
    closed = ReviewRound.objects.filter(
        pk=round.pk, status=ReviewRound.Status.OPEN
    ).update(status=ReviewRound.Status.CLOSED, closed_at=timezone.now(), closed_by=by)
    round.refresh_from_db()
    if closed:
        _audit(A.TRANSITION, round, by, status=round.status)
    return round


@transaction.atomic
def review_round_reopen(*, round: ReviewRound, by=None) -> ReviewRound:
    """Open a closed review round again."""
    reopened = ReviewRound.objects.filter(
        pk=round.pk, status=ReviewRound.Status.CLOSED
    ).update(status=ReviewRound.Status.OPEN, closed_at=None, closed_by=None)
    round.refresh_from_db()
    if not reopened:
        raise TransitionError(
            _("Only a closed round can be opened again."), code="transition"
        )
    _audit(A.TRANSITION, round, by, status=round.status)
    return round


def _review_recipients(review: Review) -> list[Person]:
    if review.person_id:
        return [review.person]
    return unit_secretaries(review.unit)


@transaction.atomic
def review_write(
    *,
    round: ReviewRound,
    by,
    achievements: str,
    problems: str,
    direction: str,
    unit: Organization | None = None,
    person: Person | None = None,
    reviewer: Person | None = None,
) -> Review:
    """Write (or rewrite, until acknowledged) the half-year review of a branch or member."""
    if (unit is None) == (person is None):
        raise ValueError("review_write needs a unit or a person, not both")
    if not round.is_open:
        raise TransitionError(
            _("This review round is closed; reviews no longer change."),
            code="transition",
        )
    if person is not None and not person.is_party_member:
        raise ValidationError(_("Only party members are reviewed."), code="member")
    if unit is not None and unit.kind != Organization.Kind.BRANCH:
        raise ValidationError(_("Only party branches are reviewed."), code="unit")
    texts = {
        "achievements": (achievements or "").strip(),
        "problems": (problems or "").strip(),
        "direction": (direction or "").strip(),
    }
    missing = {
        field: _("Fill in this part of the review.")
        for field, value in texts.items()
        if not value
    }
    if missing:
        raise ValidationError(missing)
    reviewer = reviewer or getattr(scope_of(by), "person", None)
    lookup = {"unit": unit} if unit is not None else {"person": person}
    review = Review.objects.select_for_update().filter(round=round, **lookup).first()
    if review is not None and review.is_acknowledged:
        raise TransitionError(
            _("This review has been acknowledged; it no longer changes."),
            code="acknowledged",
        )
    created = review is None
    if created:
        review = Review(round=round, **lookup)
    for field, value in texts.items():
        setattr(review, field, value)
    review.reviewer = reviewer
    review.written_by = by
    review.written_at = timezone.now()
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:  # written concurrently: write over it like a second save
        return review_write(
            round=round,
            by=by,
            reviewer=reviewer,
            unit=unit,
            person=person,
            **texts,
        )
    _audit(A.CREATE if created else A.UPDATE, review, by, round=round.pk)
    notify(
        recipients=_review_recipients(review),
        kind=Notification.Kind.COMMENT,
        title=_("Half-year review: %(subject)s")
        % {"subject": unit.name if unit is not None else person.name},
        body=_("Read it and acknowledge it."),
        url=review.get_absolute_url(),
        dedupe_key=f"review:{review.pk}",
    )
    return review


MAX_RESPONSE = 2000


@transaction.atomic
def review_acknowledge(*, review: Review, by, response: str = "") -> Review:
    """The reviewed party acknowledges the review (已阅): the branch secretary or member,
    with a response if they have one (facts the reviewer missed, what they will do);
    the reviewer is told of a response."""
    if not can_acknowledge_review(scope_of(by), review):
        raise PermissionDenied
    response = (response or "").strip()
    if len(response) > MAX_RESPONSE:
        raise ValidationError(
            {
                "response": _("Keep the response under %(n)s characters.")
                % {"n": MAX_RESPONSE}
            }
        )
    acknowledged = Review.objects.filter(
        pk=review.pk, acknowledged_at__isnull=True
    ).update(acknowledged_at=timezone.now(), acknowledged_by=by, response=response)
    review.refresh_from_db()
    if not acknowledged:
        raise TransitionError(
            _("This review has been acknowledged already."), code="acknowledged"
        )
    _audit(A.TRANSITION, review, by, status="acknowledged", responded=bool(response))
    if response and review.reviewer_id:
        notify(
            recipients=[review.reviewer],
            kind=Notification.Kind.COMMENT,
            title=_("Response to the half-year review: %(subject)s")
            % {"subject": review.subject.name},
            body=response[:200],
            url=review.get_absolute_url(),
            dedupe_key=f"review-response:{review.pk}",
        )
    return review
