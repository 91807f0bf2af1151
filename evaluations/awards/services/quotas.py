"""Quotas (表彰名额)."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.awards.services.common import MAX_QUOTA, _audit
from evaluations.models import AwardQuota
from organizations.audit import AuditEvent
from organizations.models import BranchCategory
from pledges.models import Campaign


def quota_groups(campaign: Campaign) -> list[dict]:
    """Each title of the campaign with the groups a quota may be set for.

    Party titles may have one quota across all categories or one per branch category
    (``category:<id>``, the ranking groups of the scores); mass-organisation titles
    have one quota.
    """
    categories = list(
        BranchCategory.objects.filter(
            institute__path__startswith=campaign.scope.path
        ).order_by("institute__path", "order", "pk")
    )
    if not categories and campaign.scope.institute_id:
        categories = list(
            BranchCategory.objects.filter(
                institute_id=campaign.scope.institute_id
            ).order_by("order", "pk")
        )
    result = []
    for criteria_set in campaign.criteria_sets.order_by("order", "pk"):
        groups = [("", "")]
        if criteria_set.family == "party":
            groups += [(f"category:{c.pk}", c.name) for c in categories]
        result.append({"set": criteria_set, "groups": groups})
    return result


@transaction.atomic
def quotas_set(
    *, campaign: Campaign, by, counts: dict[tuple[int, str], int | None]
) -> int:
    """Replace the campaign's quotas (表彰名额); returns how many quotas there are.

    ``counts`` maps (criteria set id, category key) to a count; 0 or None removes the
    quota. A title has one quota for all categories or quotas per category, not both.
    """
    groups = {
        (g["set"].pk, key): (g["set"], label)
        for g in quota_groups(campaign)
        for key, label in g["groups"]
    }
    wanted: dict[tuple[int, str], int] = {}
    for key, count in counts.items():
        if key not in groups:
            raise ValidationError(_("This title or category is not in the campaign."))
        if count is None or count == 0:
            continue
        if not (0 < count <= MAX_QUOTA):
            raise ValidationError(_("Enter a whole number from 0 to 1000."))
        wanted[key] = count
    by_set: dict[int, set[str]] = defaultdict(set)
    for set_id, category in wanted:
        by_set[set_id].add(category)
    for set_id, categories in by_set.items():
        if "" in categories and len(categories) > 1:
            raise ValidationError(
                _(
                    "%(title)s: set either one quota for all categories or quotas per "
                    "category, not both."
                )
                % {"title": groups[(set_id, "")][0].title}
            )
    existing = {
        (q.criteria_set_id, q.category_key): q
        for q in AwardQuota.objects.filter(campaign=campaign)
    }
    stale = [q.pk for key, q in existing.items() if key not in wanted]
    AwardQuota.objects.filter(pk__in=stale).delete()
    changed = len(stale)
    for key, count in wanted.items():
        quota = existing.get(key)
        criteria_set, label = groups[key]
        if quota is None:
            AwardQuota.objects.create(
                campaign=campaign,
                criteria_set=criteria_set,
                category_key=key[1],
                category_label=label[:100],
                count=count,
                updated_by=by,
            )
            changed += 1
        elif quota.count != count or quota.category_label != label[:100]:
            quota.count, quota.category_label, quota.updated_by = count, label[:100], by
            quota.save(update_fields=["count", "category_label", "updated_by"])
            changed += 1
    if changed:
        _audit(
            AuditEvent.Action.UPDATE,
            by=by,
            obj=campaign,
            campaign=campaign,
            what="award_quotas",
            quotas=len(wanted),
        )
    return len(wanted)
