"""Academy recommendations (院级推荐): the academy's office sets, per institute
beneath it, how many of each academy title the institute may recommend; each
institute's office recommends candidates up with their deeds and submits them; the
academy's office receives the submitted recommendations into the academy's own award
list, then selects, has it signed off and publishes it as any campaign does.

The academy reads only what institutes send up: never their ballots or members' pages.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.awards import levels
from evaluations.awards.services.common import MAX_DEEDS, MAX_QUOTA, _audit
from evaluations.awards.services.lists import award_list_get
from evaluations.awards.services.nominations import candidate_nominated
from evaluations.models import (
    AwardCandidate,
    AwardList,
    Recommendation,
    RecommendationQuota,
    RecommendationSubmission,
)
from organizations.audit import AuditEvent
from organizations.models import Organization, Person
from pledges.models import Campaign, CriteriaSet


def _check_academy(campaign: Campaign) -> None:
    if not levels.is_academy_campaign(campaign):
        raise ValidationError(_("Only an academy campaign takes recommendations."))


@transaction.atomic
def recommendation_quotas_set(
    *, campaign: Campaign, by, counts: dict[tuple[int, int], int | None]
) -> int:
    """Replace the per-institute quotas; ``counts`` maps (institute id, criteria set
    id) to a count, 0 or None for none. Returns how many quotas there are."""
    _check_academy(campaign)
    institutes = {i.pk: i for i in levels.academy_institutes(campaign)}
    sets = {s.pk: s for s in campaign.criteria_sets.all()}
    wanted = {}
    for (institute_id, set_id), count in counts.items():
        if institute_id not in institutes or set_id not in sets:
            raise ValidationError(_("This title or institute is not in the campaign."))
        if not count:
            continue
        if not (0 < count <= MAX_QUOTA):
            raise ValidationError(_("Enter a whole number from 0 to 1000."))
        wanted[(institute_id, set_id)] = count
    existing = {
        (q.institute_id, q.criteria_set_id): q
        for q in RecommendationQuota.objects.filter(campaign=campaign)
    }
    RecommendationQuota.objects.filter(
        pk__in=[q.pk for key, q in existing.items() if key not in wanted]
    ).delete()
    for key, count in wanted.items():
        quota = existing.get(key)
        if quota is None:
            RecommendationQuota.objects.create(
                campaign=campaign,
                institute_id=key[0],
                criteria_set_id=key[1],
                count=count,
                updated_by=by,
            )
        elif quota.count != count:
            quota.count, quota.updated_by = count, by
            quota.save(update_fields=["count", "updated_by", "updated_at"])
    _audit(
        AuditEvent.Action.UPDATE,
        by=by,
        obj=campaign,
        campaign=campaign,
        what="recommendation_quotas",
        quotas=len(wanted),
    )
    return len(wanted)


def recommendation_submission(campaign: Campaign, institute: Organization):
    return RecommendationSubmission.objects.filter(
        campaign=campaign, institute=institute
    ).first()


def _check_open(campaign: Campaign, institute: Organization) -> None:
    if recommendation_submission(campaign, institute) is not None:
        raise ValidationError(
            _("The recommendations have been sent to the academy already.")
        )


def _check_subject(institute, criteria_set, unit, person) -> None:
    if criteria_set.audience == CriteriaSet.Audience.UNIT:
        if unit is None:
            raise ValidationError({"unit": _("Choose the unit to commend.")})
        if (
            not unit.path.startswith(institute.path)
            or not unit.is_active
            or unit.is_body
            or unit.family != criteria_set.family
        ):
            raise ValidationError(
                {
                    "unit": _("%(name)s cannot receive the title %(title)s.")
                    % {"name": unit.name, "title": criteria_set.title}
                }
            )
        return
    if person is None:
        raise ValidationError({"person": _("Choose the person to commend.")})
    if not person.is_active or person.institute_id != institute.pk:
        raise ValidationError(
            {"person": _("%(name)s is not in service here.") % {"name": person.name}}
        )
    if criteria_set.family == "party" and not person.is_party_member:
        raise ValidationError(
            {
                "person": _(
                    "%(name)s is not a party member and cannot receive %(title)s."
                )
                % {"name": person.name, "title": criteria_set.title}
            }
        )


@transaction.atomic
def recommend(
    *,
    campaign: Campaign,
    institute: Organization,
    criteria_set: CriteriaSet,
    by,
    deeds: str,
    unit: Organization | None = None,
    person: Person | None = None,
) -> Recommendation:
    """An institute's office recommends a unit or person of its own for one of the
    academy's titles, within the institute's quota for the title."""
    _check_academy(campaign)
    if not levels.academy_institutes(campaign).filter(pk=institute.pk).exists():
        raise ValidationError(_("This institute is not beneath the academy."))
    # one at a time per institute: the quota check below must see the others
    Organization.objects.select_for_update().filter(pk=institute.pk).first()
    _check_open(campaign, institute)
    if criteria_set.campaign_id != campaign.pk:
        raise ValidationError({"criteria_set": _("Choose a title of this campaign.")})
    if criteria_set.audience == CriteriaSet.Audience.UNIT:
        person = None
    else:
        unit = None
    _check_subject(institute, criteria_set, unit, person)
    deeds = (deeds or "").strip()
    if not deeds:
        raise ValidationError(
            {"deeds": _("Write the deeds (先进事迹) of the nominee.")}
        )
    if len(deeds) > MAX_DEEDS:
        raise ValidationError(
            {"deeds": _("Keep the deeds under %(n)s characters.") % {"n": MAX_DEEDS}}
        )
    quota = (
        RecommendationQuota.objects.filter(
            campaign=campaign, institute=institute, criteria_set=criteria_set
        )
        .values_list("count", flat=True)
        .first()
        or 0
    )
    taken = Recommendation.objects.filter(
        campaign=campaign, institute=institute, criteria_set=criteria_set
    ).count()
    if taken >= quota:
        raise ValidationError(
            {
                "criteria_set": _(
                    "Your institute may recommend %(n)s for %(title)s: the quota is "
                    "used up."
                )
                % {"n": quota, "title": criteria_set.title}
            }
        )
    subject = unit if unit is not None else person
    if Recommendation.objects.filter(
        campaign=campaign,
        criteria_set=criteria_set,
        **({"unit": unit} if unit is not None else {"person": person}),
    ).exists():
        raise ValidationError(
            _("%(name)s is already recommended for %(title)s.")
            % {"name": subject.name, "title": criteria_set.title}
        )
    recommendation = Recommendation.objects.create(
        campaign=campaign,
        institute=institute,
        criteria_set=criteria_set,
        unit=unit,
        person=person,
        name=subject.name[:150],
        deeds=deeds,
        created_by=by,
    )
    _audit(
        AuditEvent.Action.CREATE,
        by=by,
        obj=recommendation,
        campaign=campaign,
        institute=institute.pk,
    )
    return recommendation


@transaction.atomic
def recommendation_withdraw(*, recommendation: Recommendation, by) -> None:
    _check_open(recommendation.campaign, recommendation.institute)
    _audit(
        AuditEvent.Action.DELETE,
        by=by,
        obj=recommendation,
        campaign=recommendation.campaign,
        institute=recommendation.institute_id,
    )
    recommendation.delete()


@transaction.atomic
def recommendations_submit(
    *, campaign: Campaign, institute: Organization, by
) -> RecommendationSubmission:
    """The institute sends its recommendations up; they can no longer change."""
    _check_academy(campaign)
    _check_open(campaign, institute)
    if not Recommendation.objects.filter(
        campaign=campaign, institute=institute
    ).exists():
        raise ValidationError(_("Recommend at least one candidate before submitting."))
    submission = RecommendationSubmission.objects.create(
        campaign=campaign,
        institute=institute,
        submitted_at=timezone.now(),
        submitted_by=by,
    )
    _audit(
        AuditEvent.Action.TRANSITION,
        by=by,
        obj=submission,
        campaign=campaign,
        step="recommendations_submit",
        institute=institute.pk,
    )
    return submission


@transaction.atomic
def recommendations_receive(*, campaign: Campaign, by) -> int:
    """Put every submitted recommendation not received yet on the academy's award
    list (with its deeds), which is then proposed; returns how many were received."""
    _check_academy(campaign)
    award_list = AwardList.objects.select_for_update().get(
        pk=award_list_get(campaign).pk
    )
    submitted = RecommendationSubmission.objects.filter(campaign=campaign).values(
        "institute_id"
    )
    pending = list(
        Recommendation.objects.filter(
            campaign=campaign, institute_id__in=submitted, candidate__isnull=True
        )
        .select_related("institute", "criteria_set", "unit", "person")
        .order_by("institute__path", "criteria_set__order", "pk")
    )
    for recommendation in pending:
        candidate, _nomination = candidate_nominated(
            award_list=award_list,
            criteria_set=recommendation.criteria_set,
            unit=recommendation.unit,
            person=recommendation.person,
            by=by,
            reason=_("Recommended by %(institute)s")
            % {"institute": recommendation.institute.name},
            deeds=recommendation.deeds,
            origin=AwardCandidate.Origin.RECOMMENDED,
        )
        recommendation.candidate = candidate
        recommendation.save(update_fields=["candidate"])
    if pending and award_list.status == AwardList.Status.DRAFT:
        _received_as_proposal(award_list, by)
    return len(pending)


def _received_as_proposal(award_list: AwardList, by) -> None:
    """The academy's list proposes what its institutes recommended (院级推荐): a draft
    that received recommendations is proposed, so the office may submit it for
    sign-off (it may still propose again from scores; received rows are kept)."""
    award_list.check_step("propose")
    award_list.status = AwardList.TRANSITIONS["propose"][1]
    award_list.proposed_at = timezone.now()
    award_list.proposed_by = by
    award_list.save(update_fields=["status", "proposed_at", "proposed_by"])
    _audit(
        AuditEvent.Action.TRANSITION,
        by=by,
        obj=award_list,
        campaign=award_list.campaign,
        step="propose",
        status=award_list.status,
    )
