"""五带头 assessment (五带头专项考核)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import DaitouRating
from evaluations.scoring import selectors
from evaluations.scoring.services.common import _audit
from evaluations.scoring.services.versions import criteria_set_freeze
from organizations.audit import AuditEvent
from organizations.models import Person
from pledges.models import Campaign


@transaction.atomic
def daitou_rate(
    *, campaign: Campaign, person: Person, entries: dict[int, dict], by
) -> int:
    """Rate a member per 带头: ``entries`` maps a 带头 (top-level criterion of the
    member set) to ``{"rating", "comment"}``; an empty rating removes it."""
    criteria_set = selectors.member_criteria_set(campaign)
    if criteria_set is None:
        raise ValidationError(_("The campaign has no 五带头 criteria."))
    items = {c.pk: c for c in criteria_set.criteria.filter(parent__isnull=True)}
    errors: dict[str, str] = {}
    for criterion_id, entry in entries.items():
        if criterion_id not in items:
            raise ValidationError(_("This is not a 带头 of the member's criteria."))
        rating = entry.get("rating") or ""
        comment = (entry.get("comment") or "").strip()
        if rating and rating not in DaitouRating.Rating.values:
            errors[f"rating_{criterion_id}"] = _("Choose one of the ratings.")
        if rating and not comment:
            errors[f"comment_{criterion_id}"] = _(
                "Every rating needs a comment: say why."
            )
        if comment and not rating:
            errors[f"rating_{criterion_id}"] = _(
                "Choose a rating for this comment, or clear the comment."
            )
    if errors:
        raise ValidationError(errors)
    existing = {
        r.criterion_id: r
        for r in DaitouRating.objects.filter(campaign=campaign, person=person)
    }
    now = timezone.now()
    kept = 0
    for criterion_id, entry in entries.items():
        rating = entry.get("rating") or ""
        current = existing.get(criterion_id)
        if not rating:
            if current is not None:
                current.delete()
            continue
        kept += 1
        comment = entry["comment"].strip()
        if current is not None and (current.rating, current.comment) == (
            rating,
            comment,
        ):
            continue
        DaitouRating.objects.update_or_create(
            campaign=campaign,
            person=person,
            criterion=items[criterion_id],
            defaults={
                "rating": rating,
                "comment": comment,
                "rated_by": by,
                "rated_at": now,
            },
        )
    if kept:
        criteria_set_freeze(criteria_set=criteria_set, by=by)
    _audit(
        AuditEvent.Action.UPDATE,
        by=by,
        obj=person,
        institute_id=person.institute_id,
        what="daitou_ratings",
        campaign=campaign.pk,
        rated=kept,
    )
    return kept
