"""Workflows of inspections, spot checks, half-year reviews and rectification.

The campaign calendar (the periodic tick) calls ``inspection_round_open``,
``inspection_round_close``, ``review_round_open``, ``review_round_close`` and
``rectification_escalate_overdue``: each is idempotent, so a second call, or two at once,
change nothing more than one. The scoring module calls ``rectification_open`` for a poor
grade; the award module asks ``open_rectification_units`` which units still have work
to do. Every state change is written to the audit log.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.inspections import sampling
from evaluations.inspections.access import (
    can_acknowledge_review,
    can_answer_rectification,
)
from evaluations.models import (
    Finding,
    FindingFile,
    HelpItem,
    InspectionRound,
    RectificationFile,
    RectificationItem,
    RectificationStep,
    Review,
    ReviewRound,
    SpotCheckDraw,
    TransitionError,
)
from organizations.access import scope_of
from organizations.audit import AuditEvent, audit_record
from organizations.models import (
    BranchCategory,
    Notification,
    Organization,
    Person,
    Role,
)
from organizations.notifications.services import notify
from pledges.models import Campaign
from pledges.selectors import campaign_office
from pledges.uploads import EXTENSIONS, check_upload, clean_filename

MAX_FILES_PER_UPLOAD = 10
DEFAULT_DEADLINE_DAYS = 30

A = AuditEvent.Action


def _audit(action: str, obj, by=None, **detail) -> None:
    audit_record(
        action=action,
        user=by,
        obj=obj,
        institute_id=_institute_id(obj),
        **detail,
    )


def _institute_id(obj) -> int | None:
    for attr in ("campaign", "round"):
        target = getattr(obj, attr, None)
        if isinstance(target, Campaign):
            return target.scope.institute_id
        if target is not None and hasattr(target, "campaign"):
            return target.campaign.scope.institute_id
    if isinstance(obj, Campaign):
        return obj.scope.institute_id
    return None


# ---------------------------------------------------------------------------------------
# Files


def _check_count(files) -> list:
    files = list(files or [])
    if len(files) > MAX_FILES_PER_UPLOAD:
        raise ValidationError(
            _("Upload at most %(n)s files at a time.") % {"n": MAX_FILES_PER_UPLOAD},
            code="too_many",
        )
    return files


def _stored(upload) -> dict:
    """Check an upload by content; the fields of its stored-file row."""
    content_type = check_upload(upload)
    name = clean_filename(upload.name)
    upload.name = "upload" + EXTENSIONS[content_type][0]
    return {
        "file": upload,
        "name": name,
        "content_type": content_type,
        "size": upload.size,
    }


# ---------------------------------------------------------------------------------------
# Who is told


def office_people(campaign: Campaign) -> list[Person]:
    """The activity office of the campaign."""
    return campaign_office(campaign)


def unit_secretaries(unit: Organization) -> list[Person]:
    """The secretary of the unit (general-branch secretary for a general branch)."""
    return list(
        Person.objects.filter(
            is_active=True,
            roles__kind__in=(Role.Kind.SECRETARY, Role.Kind.GENERAL_SECRETARY),
            roles__node=unit,
        )
        .order_by("roles__order", "pk")
        .distinct()
    )


def general_secretaries_above(unit: Organization) -> list[Person]:
    """General-branch secretaries of the general branches holding the unit."""
    return list(
        Person.objects.filter(
            is_active=True,
            roles__kind=Role.Kind.GENERAL_SECRETARY,
            roles__node_id__in=unit.ancestor_ids(),
        ).distinct()
    )


# ---------------------------------------------------------------------------------------
# Inspection rounds (季度督查)


def eligible_units(campaign: Campaign):
    """Party branches a spot check may draw: active, with a category, in the campaign."""
    return Organization.objects.filter(
        kind=Organization.Kind.BRANCH,
        is_active=True,
        category__isnull=False,
        path__startswith=campaign.scope.path,
    )


def inspected_units(campaign: Campaign):
    """Units a finding may concern: the campaign's party branches and general branches."""
    return Organization.objects.filter(
        kind__in=(Organization.Kind.BRANCH, Organization.Kind.GENERAL_BRANCH),
        is_active=True,
        path__startswith=campaign.scope.path,
    )


def _check_quarter(quarter) -> int:
    if quarter not in (1, 2, 3, 4):
        raise ValidationError(_("A campaign has quarters 1 to 4."), code="quarter")
    return quarter


def _round_get_or_create(*, campaign: Campaign, quarter: int) -> tuple:
    existing = InspectionRound.objects.filter(
        campaign=campaign, quarter=quarter
    ).first()
    if existing is not None:
        return existing, False
    previous = (
        InspectionRound.objects.filter(campaign=campaign, quarter__lt=quarter)
        .order_by("-quarter")
        .first()
    )
    settings = {}
    if previous is not None:
        settings = {
            "sample_mode": previous.sample_mode,
            "sample_total": previous.sample_total,
            "stratum_sizes": dict(previous.stratum_sizes or {}),
        }
    try:
        with transaction.atomic():
            return (
                InspectionRound.objects.create(
                    campaign=campaign, quarter=quarter, **settings
                ),
                True,
            )
    except IntegrityError:  # a concurrent call made it first
        return InspectionRound.objects.get(campaign=campaign, quarter=quarter), False


@transaction.atomic
def inspection_round_plan(
    *, campaign: Campaign, quarter: int, by=None
) -> InspectionRound:
    """Set up a quarter's round ahead of time (planned), to configure its spot check.

    The spot-check settings are copied from the round before. Idempotent.
    """
    _check_quarter(quarter)
    round, created = _round_get_or_create(campaign=campaign, quarter=quarter)
    if created:
        _audit(A.CREATE, round, by, quarter=quarter, status=round.status)
    return round


@transaction.atomic
def inspection_round_open(
    *, campaign: Campaign, quarter: int, by=None
) -> InspectionRound:
    """Open a quarter's inspection round (季度督查) and draw its spot check.

    Get-or-create: a missing round is made (copying the spot-check settings of the round
    before); a planned one is opened; if strata are configured and the round has no
    draw yet, the sample is drawn with a fresh seed. An open or closed round is left as
    it is, so calling twice, or from two ticks at once, changes nothing more.
    """
    _check_quarter(quarter)
    round, created = _round_get_or_create(campaign=campaign, quarter=quarter)
    if created:
        _audit(A.CREATE, round, by, quarter=quarter)
    opened = InspectionRound.objects.filter(
        pk=round.pk, status=InspectionRound.Status.PLANNED
    ).update(status=InspectionRound.Status.OPEN, opened_at=timezone.now(), opened_by=by)
    round.refresh_from_db()
    if opened:
        _audit(A.TRANSITION, round, by, status=round.status)
        if (
            round.has_sampling
            and not round.draws.filter(voided_at__isnull=True).exists()
        ):
            _draw_on_open(round, by)
    return round


def _draw_on_open(round: InspectionRound, by) -> None:
    """Draw the sample of a round just opened; if it cannot be drawn, tell the office."""
    try:
        with transaction.atomic():
            spot_check_draw(round=round, by=by)
    except TransitionError:
        return  # drawn meanwhile by someone else
    except ValidationError as error:
        notify(
            recipients=office_people(round.campaign),
            kind=Notification.Kind.SYSTEM,
            title=_("The spot check of %(round)s could not be drawn")
            % {"round": str(round)},
            body=" ".join(error.messages),
            url=round.get_absolute_url(),
            dedupe_key=f"spot-check-failed:{round.pk}",
        )


@transaction.atomic
def inspection_round_close(
    *,
    round: InspectionRound | None = None,
    campaign: Campaign | None = None,
    quarter: int | None = None,
    by=None,
) -> InspectionRound | None:
    """Close an open inspection round; a closed one stays closed (idempotent).

    Give the round, or the campaign and quarter (a missing round: ``None``). A planned
    round that never opened cannot be closed.
    """
    if round is None:
        round = InspectionRound.objects.filter(
            campaign=campaign, quarter=_check_quarter(quarter)
        ).first()
        if round is None:
            return None
    closed = InspectionRound.objects.filter(
        pk=round.pk, status=InspectionRound.Status.OPEN
    ).update(
        status=InspectionRound.Status.CLOSED, closed_at=timezone.now(), closed_by=by
    )
    round.refresh_from_db()
    if closed:
        _audit(A.TRANSITION, round, by, status=round.status)
    elif round.status == InspectionRound.Status.PLANNED:
        raise TransitionError(
            _("This round has not opened yet; open it before closing it."),
            code="transition",
        )
    return round


@transaction.atomic
def inspection_round_reopen(*, round: InspectionRound, by=None) -> InspectionRound:
    """Open a closed round again, e.g. to record a late finding."""
    reopened = InspectionRound.objects.filter(
        pk=round.pk, status=InspectionRound.Status.CLOSED
    ).update(status=InspectionRound.Status.OPEN, closed_at=None, closed_by=None)
    round.refresh_from_db()
    if not reopened:
        raise TransitionError(
            _("Only a closed round can be opened again."), code="transition"
        )
    _audit(A.TRANSITION, round, by, status=round.status)
    return round


@transaction.atomic
def inspection_round_note(*, round: InspectionRound, note: str, by=None):
    """Change the focus text of a round."""
    round.note = note
    round.save(update_fields=["note"])
    _audit(A.UPDATE, round, by, field="note")
    return round


# ---------------------------------------------------------------------------------------
# Spot checks (随机抽查)


def _categories(campaign: Campaign) -> list[BranchCategory]:
    return list(
        BranchCategory.objects.filter(
            institute_id=campaign.scope.institute_id
        ).order_by("code")
    )


def eligible_by_category(campaign: Campaign) -> dict[str, list[int]]:
    """Eligible unit ids per category code, each list sorted."""
    result: dict[str, list[int]] = {}
    for pk, code in (
        eligible_units(campaign).order_by("pk").values_list("pk", "category__code")
    ):
        result.setdefault(code, []).append(pk)
    return result


def sampling_message(error: sampling.SamplingError) -> str:
    """The words for a sampling error."""
    p = error.params
    if error.code == "stratum_too_small":
        return _(
            "The category %(name)s has %(available)s eligible units, so a sample of "
            "%(size)s cannot be drawn from it. Lower the number for this category."
        ) % {"name": p["name"], "available": p["available"], "size": p["size"]}
    if error.code == "total_too_large":
        return _(
            "A sample of %(total)s is larger than the %(available)s eligible branches. "
            "Lower the sample size."
        ) % {"total": p["total"], "available": p["available"]}
    if error.code == "bad_seed":
        return _(
            "Enter the seed as a whole number from 0 to 18446744073709551615, or leave "
            "it empty to let the product choose one."
        )
    if error.code == "empty":
        return _(
            "The spot check asks for no unit at all. Set how many units to draw first."
        )
    if error.code == "negative":
        return _("Sample sizes cannot be negative.")
    return _("The sample cannot be drawn with these settings.")


def _strata(round: InspectionRound) -> list[sampling.Stratum]:
    campaign = round.campaign
    eligible = eligible_by_category(campaign)
    categories = _categories(campaign)
    names = {c.code: c.name for c in categories}
    codes = sorted(set(names) | set(eligible))
    if round.sample_mode == InspectionRound.SampleMode.PROPORTIONAL:
        sizes = sampling.allocate(
            round.sample_total, {code: len(eligible.get(code, [])) for code in codes}
        )
    elif round.sample_mode == InspectionRound.SampleMode.PER_STRATUM:
        sizes = {
            code: int((round.stratum_sizes or {}).get(code) or 0) for code in codes
        }
    else:
        raise sampling.SamplingError("empty")
    return [
        sampling.Stratum.of(
            code, sizes.get(code, 0), eligible.get(code, []), names.get(code, code)
        )
        for code in codes
        if sizes.get(code, 0) or eligible.get(code)
    ]


@transaction.atomic
def spot_check_configure(
    *,
    round: InspectionRound,
    mode: str,
    total: int = 0,
    sizes: dict | None = None,
    by=None,
) -> InspectionRound:
    """Set how the spot check draws: a number per category, or a proportional total."""
    if round.is_closed:
        raise TransitionError(
            _("This round is closed; its spot check cannot change."), code="transition"
        )
    if round.draws.filter(voided_at__isnull=True).exists():
        raise TransitionError(
            _(
                "The sample has been drawn; void the draw before changing the spot "
                "check."
            ),
            code="drawn",
        )
    if mode not in InspectionRound.SampleMode.values:
        raise ValidationError({"sample_mode": _("Choose how to draw the sample.")})
    sizes = {str(k): int(v or 0) for k, v in (sizes or {}).items()}
    if any(n < 0 for n in sizes.values()) or int(total or 0) < 0:
        raise ValidationError(_("Sample sizes cannot be negative."), code="negative")
    round.sample_mode = mode
    round.sample_total = (
        int(total or 0) if mode == InspectionRound.SampleMode.PROPORTIONAL else 0
    )
    round.stratum_sizes = (
        {k: v for k, v in sizes.items() if v}
        if mode == InspectionRound.SampleMode.PER_STRATUM
        else {}
    )
    if round.has_sampling:
        try:
            sampling.draw(0, _strata(round))
        except sampling.SamplingError as error:
            raise ValidationError(sampling_message(error), code=error.code)
    round.save(update_fields=["sample_mode", "sample_total", "stratum_sizes"])
    _audit(
        A.UPDATE,
        round,
        by,
        sample_mode=mode,
        sample_total=round.sample_total,
        stratum_sizes=round.stratum_sizes,
    )
    return round


@transaction.atomic
def spot_check_draw(
    *, round: InspectionRound, by=None, seed=None, witnesses: str = ""
) -> SpotCheckDraw:
    """Draw the spot-check sample (随机抽查) from a recorded seed.

    ``seed``: a whole number typed in public, or None for a fresh 64-bit seed. The rule
    (mode, strata, sizes and the sorted eligible ids at this moment), the algorithm, the
    sample and its fingerprint are all stored, so anyone can re-draw it.
    """
    if round.is_closed:
        raise TransitionError(
            _("This round is closed; no sample can be drawn."), code="transition"
        )
    if round.draws.filter(voided_at__isnull=True).exists():
        raise TransitionError(
            _("The sample of this round has been drawn already."), code="drawn"
        )
    try:
        if seed is None or (isinstance(seed, str) and not seed.strip()):
            value, source = sampling.new_seed(), SpotCheckDraw.SeedSource.GENERATED
        else:
            value, source = sampling.parse_seed(seed), SpotCheckDraw.SeedSource.TYPED
        strata = _strata(round)
        sample = sampling.draw(value, strata)
    except sampling.SamplingError as error:
        field = "seed" if error.code == "bad_seed" else None
        message = sampling_message(error)
        raise ValidationError({field: message} if field else message, code=error.code)
    rule = sampling.rule_json(round.sample_mode, round.sample_total, strata)
    try:
        with transaction.atomic():
            draw = SpotCheckDraw.objects.create(
                round=round,
                seed=str(value),
                seed_source=source,
                algorithm=sampling.ALGORITHM,
                rule=rule,
                sample=sample,
                fingerprint=sampling.fingerprint(value, rule, sample),
                witnesses=witnesses.strip(),
                drawn_by=by,
            )
    except IntegrityError:
        raise TransitionError(
            _("The sample of this round has been drawn already."), code="drawn"
        )
    _audit(
        A.CREATE,
        draw,
        by,
        round=round.pk,
        seed=draw.seed,
        seed_source=source,
        fingerprint=draw.fingerprint,
        size=len(draw.sample_ids()),
    )
    return draw


@transaction.atomic
def spot_check_void(*, draw: SpotCheckDraw, by, reason: str) -> SpotCheckDraw:
    """Void a mistaken draw; it stays on view with the reason, and a new one may be drawn."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the draw is voided; everyone will see it.")}
        )
    if draw.round.is_closed:
        raise TransitionError(
            _("This round is closed; its draw stays."), code="transition"
        )
    voided = SpotCheckDraw.objects.filter(pk=draw.pk, voided_at__isnull=True).update(
        voided_at=timezone.now(), voided_by=by, void_reason=reason
    )
    draw.refresh_from_db()
    if not voided:
        raise TransitionError(_("This draw has been voided already."), code="voided")
    _audit(A.TRANSITION, draw, by, status="voided")
    return draw


def spot_check_verify(*, draw: SpotCheckDraw) -> dict:
    """Re-draw from the stored seed and rule: does it give the stored sample?"""
    strata = sampling.strata_from_rule(draw.rule)
    try:
        again = sampling.draw(int(draw.seed), strata)
    except sampling.SamplingError:
        again = {}
    stored = {str(k): [int(i) for i in v] for k, v in draw.sample.items()}
    return {
        "matches": again == stored,
        "recomputed": again,
        "fingerprint": sampling.fingerprint(int(draw.seed), draw.rule, again)
        if again
        else "",
        "fingerprint_matches": bool(again)
        and sampling.fingerprint(int(draw.seed), draw.rule, again) == draw.fingerprint,
    }


# ---------------------------------------------------------------------------------------
# Findings (督查发现)


def _check_finding(round: InspectionRound, unit: Organization, links: dict) -> None:
    if round.status != InspectionRound.Status.OPEN:
        raise TransitionError(
            _("Findings are recorded in an open round; open this round first."),
            code="transition",
        )
    if not inspected_units(round.campaign).filter(pk=unit.pk).exists():
        raise ValidationError(
            {"unit": _("Choose a party branch or general branch of this campaign.")}
        )
    for field, obj in links.items():
        if obj is not None and obj.branch_id != unit.pk:
            raise ValidationError(
                {field: _("Choose evidence of the unit this finding concerns.")}
            )


@transaction.atomic
def finding_record(
    *,
    round: InspectionRound,
    unit: Organization,
    kind: str,
    rating: str,
    text: str,
    found_on: datetime.date,
    inspector: Person | None = None,
    by=None,
    record=None,
    meeting=None,
    news=None,
    files: Iterable = (),
    reinspects: RectificationItem | None = None,
) -> Finding:
    """Record an inspection finding (督查发现) on one unit, with its evidence."""
    links = {"record": record, "meeting": meeting, "news": news}
    _check_finding(round, unit, links)
    files = _check_count(files)
    finding = Finding(
        round=round,
        unit=unit,
        kind=kind,
        rating=rating,
        text=text.strip(),
        found_on=found_on,
        inspector=inspector,
        recorded_by=by,
        reinspects=reinspects,
        **links,
    )
    finding.full_clean()
    finding.save()
    for upload in files:
        FindingFile.objects.create(finding=finding, **_stored(upload))
    _audit(A.CREATE, finding, by, round=round.pk, unit=unit.pk, grade=rating, kind=kind)
    return finding


@transaction.atomic
def finding_update(
    *,
    finding: Finding,
    kind: str,
    rating: str,
    text: str,
    found_on: datetime.date,
    inspector: Person | None = None,
    by=None,
    record=None,
    meeting=None,
    news=None,
    files: Iterable = (),
) -> Finding:
    """Change a finding of an open round; files already attached stay."""
    links = {"record": record, "meeting": meeting, "news": news}
    _check_finding(finding.round, finding.unit, links)
    files = _check_count(files)
    finding.kind, finding.rating, finding.text = kind, rating, text.strip()
    finding.found_on, finding.inspector = found_on, inspector
    finding.record, finding.meeting, finding.news = record, meeting, news
    finding.full_clean()
    finding.save()
    for upload in files:
        FindingFile.objects.create(finding=finding, **_stored(upload))
    _audit(A.UPDATE, finding, by, grade=rating, kind=kind)
    return finding


# ---------------------------------------------------------------------------------------
# Rectification (督促整改) and help (帮助指导)


def _source(source) -> tuple[str, str, str, Finding | None]:
    """(kind, reference, label, finding) of what gave rise to an item."""
    S = RectificationItem.Source
    if isinstance(source, Finding):
        return S.FINDING, f"finding:{source.pk}", str(source)[:200], source
    if isinstance(source, models.Model):
        ref = f"{source._meta.label_lower}:{source.pk}"
        return S.GRADE, ref[:100], str(source)[:200], None
    if isinstance(source, str) and source in S.values:
        return source, source, "", None
    raise ValueError(f"unknown rectification source {source!r}")


def default_owner(unit: Organization) -> Person | None:
    secretaries = unit_secretaries(unit)
    return secretaries[0] if secretaries else None


def _item_url(item) -> str:
    return reverse("inspections:rectification", args=[item.pk])


def _step(item, action, *, by=None, text="", deadline=None, finding=None):
    return RectificationStep.objects.create(
        item=item, action=action, by=by, text=text, deadline=deadline, finding=finding
    )


@transaction.atomic
def rectification_open(
    *,
    unit: Organization,
    source,
    title: str,
    campaign: Campaign | None = None,
    owner: Person | None = None,
    deadline: datetime.date | None = None,
    evidence_required: str = "",
    text: str = "",
    by=None,
) -> RectificationItem:
    """Open a rectification item (督促整改) for a weak unit.

    ``source`` is what gave rise to it: a poor ``Finding``; any other model instance
    (e.g. a poor grade: stored as its label and ``app.model:pk``); or one of
    ``RectificationItem.Source`` values. ``campaign`` defaults to the finding's, or to
    the source's ``campaign`` attribute. ``owner`` defaults to the unit's secretary,
    ``deadline`` to 30 days from today. Idempotent: the same unit, campaign, source and
    title give back the item already opened.
    """
    kind, ref, label, finding = _source(source)
    if campaign is None:
        campaign = (
            finding.round.campaign
            if finding is not None
            else getattr(source, "campaign", None)
        )
    if campaign is None:
        raise ValueError("rectification_open needs a campaign")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Say what the unit must rectify.")})
    if finding is not None and finding.unit_id != unit.pk:
        raise ValidationError(
            {"unit": _("The finding concerns another unit.")}, code="unit"
        )
    existing = RectificationItem.objects.filter(
        campaign=campaign, unit=unit, source_ref=ref, title=title
    ).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    deadline = deadline or today + datetime.timedelta(days=DEFAULT_DEADLINE_DAYS)
    if deadline <= today:
        raise ValidationError({"deadline": _("The deadline must be after today.")})
    owner = owner if owner is not None else default_owner(unit)
    item = RectificationItem(
        campaign=campaign,
        unit=unit,
        source=kind,
        source_ref=ref,
        source_label=label,
        finding=finding,
        title=title,
        text=text.strip(),
        evidence_required=evidence_required.strip(),
        owner=owner,
        deadline=deadline,
        opened_by=by,
    )
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:  # opened concurrently
        return RectificationItem.objects.get(
            campaign=campaign, unit=unit, source_ref=ref, title=title
        )
    _step(item, RectificationStep.Action.OPENED, by=by, text=text, deadline=deadline)
    _audit(A.CREATE, item, by, unit=unit.pk, source=ref, deadline=deadline.isoformat())
    recipients = [owner] if owner else unit_secretaries(unit)
    notify(
        recipients=recipients,
        kind=Notification.Kind.RECTIFICATION,
        title=_("Rectification for %(unit)s: %(title)s")
        % {"unit": unit.name, "title": title},
        body=_("Answer with evidence by %(deadline)s.")
        % {"deadline": deadline.isoformat()},
        url=_item_url(item),
        dedupe_key=f"rectification-open:{item.pk}",
    )
    return item


def _lock(item: RectificationItem) -> RectificationItem:
    locked = RectificationItem.objects.select_for_update().get(pk=item.pk)
    item.status = locked.status
    return item


@transaction.atomic
def rectification_answer(
    *, item: RectificationItem, by, text: str, files: Iterable = ()
) -> RectificationStep:
    """The owner answers an open item with what was done and the evidence."""
    if not can_answer_rectification(scope_of(by), item):
        raise PermissionDenied
    _lock(item).check_transition("answer")
    files = _check_count(files)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say what the unit has done to rectify.")})
    if item.evidence_required and not files:
        raise ValidationError(
            {"files": _("This item asks for evidence: attach at least one file.")}
        )
    stored = [_stored(upload) for upload in files]
    now = timezone.now()
    item.status = RectificationItem.Status.ANSWERED
    item.answered_at = now
    item.save(update_fields=["status", "answered_at", "updated_at"])
    step = _step(item, RectificationStep.Action.ANSWERED, by=by, text=text)
    for fields in stored:
        RectificationFile.objects.create(step=step, **fields)
    _audit(A.TRANSITION, item, by, status=item.status, files=len(stored))
    notify(
        recipients=office_people(item.campaign),
        kind=Notification.Kind.RECTIFICATION,
        title=_("Rectification answered: %(unit)s, %(title)s")
        % {"unit": item.unit.name, "title": item.title},
        body=_("Re-inspect it to close it."),
        url=_item_url(item),
        dedupe_key=f"rectification-answered:{item.pk}:{step.pk}",
    )
    return step


@transaction.atomic
def rectification_close(
    *, item: RectificationItem, finding: Finding, by=None
) -> RectificationItem:
    """Close an answered item by the re-inspection finding that saw it put right."""
    _lock(item).check_transition("close")
    if finding.unit_id != item.unit_id:
        raise ValidationError(
            _("The re-inspection must concern the item's own unit."), code="unit"
        )
    if finding.rating == Finding.Rating.POOR:
        raise ValidationError(
            _("A poor re-inspection cannot close the item; re-open it instead."),
            code="poor",
        )
    item.status = RectificationItem.Status.CLOSED
    item.closed_at = timezone.now()
    item.closed_by_finding = finding
    item.save(update_fields=["status", "closed_at", "closed_by_finding", "updated_at"])
    _step(item, RectificationStep.Action.CLOSED, by=by, finding=finding)
    _audit(A.TRANSITION, item, by, status=item.status, finding=finding.pk)
    notify(
        recipients=[item.owner] if item.owner else unit_secretaries(item.unit),
        kind=Notification.Kind.RECTIFICATION,
        title=_("Rectification closed: %(title)s") % {"title": item.title},
        url=_item_url(item),
        dedupe_key=f"rectification-closed:{item.pk}:{finding.pk}",
    )
    return item


@transaction.atomic
def rectification_reopen(
    *,
    item: RectificationItem,
    by=None,
    reason: str,
    deadline: datetime.date,
    finding: Finding | None = None,
) -> RectificationItem:
    """Re-open an answered or closed item with a new deadline (escalation re-arms)."""
    _lock(item).check_transition("reopen")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the item is re-opened.")})
    if deadline is None or deadline <= timezone.localdate():
        raise ValidationError({"deadline": _("The deadline must be after today.")})
    item.status = RectificationItem.Status.OPEN
    item.deadline = deadline
    item.escalated_at = None
    item.closed_at = None
    item.closed_by_finding = None
    item.save(
        update_fields=[
            "status",
            "deadline",
            "escalated_at",
            "closed_at",
            "closed_by_finding",
            "updated_at",
        ]
    )
    step = _step(
        item,
        RectificationStep.Action.REOPENED,
        by=by,
        text=reason,
        deadline=deadline,
        finding=finding,
    )
    _audit(A.TRANSITION, item, by, status=item.status, deadline=deadline.isoformat())
    notify(
        recipients=[item.owner] if item.owner else unit_secretaries(item.unit),
        kind=Notification.Kind.RECTIFICATION,
        title=_("Rectification re-opened: %(title)s") % {"title": item.title},
        body=_("New deadline: %(deadline)s. %(reason)s")
        % {"deadline": deadline.isoformat(), "reason": reason},
        url=_item_url(item),
        dedupe_key=f"rectification-reopened:{item.pk}:{step.pk}",
    )
    return item


@transaction.atomic
def rectification_reinspect(
    *,
    item: RectificationItem,
    by,
    round: InspectionRound,
    kind: str,
    rating: str,
    text: str,
    found_on: datetime.date,
    inspector: Person | None = None,
    deadline: datetime.date | None = None,
    files: Iterable = (),
) -> Finding:
    """Re-inspect an answered item: a finding that closes it, or (poor) re-opens it."""
    _lock(item).check_transition("close")
    if round.campaign_id != item.campaign_id:
        raise ValidationError(
            {"round": _("Choose an inspection round of the item's campaign.")}
        )
    if rating == Finding.Rating.POOR and deadline is None:
        raise ValidationError(
            {
                "deadline": _(
                    "A poor re-inspection re-opens the item: set a new deadline."
                )
            }
        )
    if rating == Finding.Rating.POOR and deadline <= timezone.localdate():
        raise ValidationError({"deadline": _("The deadline must be after today.")})
    finding = finding_record(
        round=round,
        unit=item.unit,
        kind=kind,
        rating=rating,
        text=text,
        found_on=found_on,
        inspector=inspector,
        by=by,
        files=files,
        reinspects=item,
    )
    if rating == Finding.Rating.POOR:
        rectification_reopen(
            item=item, by=by, reason=text, deadline=deadline, finding=finding
        )
    else:
        rectification_close(item=item, finding=finding, by=by)
    return finding


def overdue_items(*, today: datetime.date):
    return RectificationItem.objects.filter(
        status=RectificationItem.Status.OPEN, deadline__lt=today
    )


def rectification_escalate_overdue(*, today: datetime.date) -> int:
    """Escalate each open item past its deadline, once, to the general branch and office.

    Returns how many were escalated now. An item escalated before (``escalated_at``) is
    left alone; a conditional update claims each item, so two ticks at once escalate it
    once. Re-opening with a new deadline re-arms the escalation.
    """
    count = 0
    candidates = list(
        overdue_items(today=today)
        .filter(escalated_at__isnull=True)
        .values_list("pk", flat=True)
    )
    for pk in candidates:
        with transaction.atomic():
            claimed = RectificationItem.objects.filter(
                pk=pk,
                status=RectificationItem.Status.OPEN,
                escalated_at__isnull=True,
                deadline__lt=today,
            ).update(escalated_at=timezone.now())
            if not claimed:
                continue
            item = RectificationItem.objects.select_related(
                "unit", "campaign", "campaign__scope", "owner"
            ).get(pk=pk)
            _step(
                item,
                RectificationStep.Action.ESCALATED,
                deadline=item.deadline,
                text=_("Overdue since %(deadline)s.")
                % {"deadline": item.deadline.isoformat()},
            )
            _audit(
                A.TRANSITION,
                item,
                None,
                escalated=True,
                deadline=item.deadline.isoformat(),
            )
            recipients = general_secretaries_above(item.unit) + office_people(
                item.campaign
            )
            notify(
                recipients=recipients,
                kind=Notification.Kind.ESCALATION,
                title=_("Overdue rectification: %(unit)s, %(title)s")
                % {"unit": item.unit.name, "title": item.title},
                body=_("The deadline was %(deadline)s; the item is still open.")
                % {"deadline": item.deadline.isoformat()},
                url=_item_url(item),
                dedupe_key=f"rectification-overdue:{item.pk}:{item.deadline.isoformat()}",
            )
            count += 1
    return count


def open_rectification_units(*, campaign: Campaign) -> set[int]:
    """Ids of units with a rectification item of the campaign not yet closed."""
    return set(
        RectificationItem.objects.filter(campaign=campaign)
        .exclude(status=RectificationItem.Status.CLOSED)
        .values_list("unit_id", flat=True)
        .distinct()
    )


@transaction.atomic
def help_item_create(
    *,
    unit: Organization,
    what: str,
    helper: Person,
    campaign: Campaign | None = None,
    finding: Finding | None = None,
    due_on: datetime.date | None = None,
    by=None,
) -> HelpItem:
    """Plan help and guidance (帮助指导) for an average unit."""
    if campaign is None and finding is not None:
        campaign = finding.round.campaign
    if campaign is None:
        raise ValueError("help_item_create needs a campaign")
    if finding is not None and finding.unit_id != unit.pk:
        raise ValidationError({"unit": _("The finding concerns another unit.")})
    what = (what or "").strip()
    if not what:
        raise ValidationError({"what": _("Say what help the unit gets.")})
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The date lies in the past.")})
    item = HelpItem.objects.create(
        campaign=campaign,
        unit=unit,
        finding=finding,
        what=what,
        helper=helper,
        due_on=due_on,
        created_by=by,
    )
    _audit(A.CREATE, item, by, unit=unit.pk, helper=helper.pk)
    notify(
        recipients=[helper, *unit_secretaries(unit)],
        kind=Notification.Kind.COMMENT,
        title=_("Help and guidance for %(unit)s") % {"unit": unit.name},
        body=what[:500],
        url=reverse("inspections:help_item", args=[item.pk]),
        dedupe_key=f"help-item:{item.pk}",
    )
    return item


@transaction.atomic
def help_item_move(
    *, item: HelpItem, status: str, outcome: str = "", by=None
) -> HelpItem:
    """Move a help item on: planned → under way → done (with its outcome)."""
    locked = HelpItem.objects.select_for_update().get(pk=item.pk)
    item.status = locked.status
    if not item.can_move_to(status):
        raise TransitionError(
            _("This help item is %(status)s; it cannot move to %(target)s.")
            % {
                "status": item.get_status_display(),
                "target": HelpItem.Status(status).label
                if status in HelpItem.Status.values
                else status,
            },
            code="transition",
        )
    outcome = (outcome or "").strip()
    if status == HelpItem.Status.DONE and not outcome:
        raise ValidationError({"outcome": _("Say what the help achieved.")})
    item.status = status
    fields = ["status"]
    if status == HelpItem.Status.DONE:
        item.outcome, item.done_at = outcome, timezone.now()
        fields += ["outcome", "done_at"]
    item.save(update_fields=fields)
    _audit(A.TRANSITION, item, by, status=status)
    return item


# ---------------------------------------------------------------------------------------
# Half-year reviews (半年点评)


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


@transaction.atomic
def review_acknowledge(*, review: Review, by) -> Review:
    """The reviewed party acknowledges the review (已阅): the branch secretary or member."""
    if not can_acknowledge_review(scope_of(by), review):
        raise PermissionDenied
    acknowledged = Review.objects.filter(
        pk=review.pk, acknowledged_at__isnull=True
    ).update(acknowledged_at=timezone.now(), acknowledged_by=by)
    review.refresh_from_db()
    if not acknowledged:
        raise TransitionError(
            _("This review has been acknowledged already."), code="acknowledged"
        )
    _audit(A.TRANSITION, review, by, status="acknowledged")
    return review


__all__ = [
    "eligible_units",
    "inspected_units",
    "inspection_round_plan",
    "inspection_round_open",
    "inspection_round_close",
    "inspection_round_reopen",
    "spot_check_configure",
    "spot_check_draw",
    "spot_check_void",
    "spot_check_verify",
    "finding_record",
    "finding_update",
    "rectification_open",
    "rectification_answer",
    "rectification_close",
    "rectification_reopen",
    "rectification_reinspect",
    "rectification_escalate_overdue",
    "open_rectification_units",
    "help_item_create",
    "help_item_move",
    "review_round_open",
    "review_round_close",
    "review_round_reopen",
    "review_write",
    "review_acknowledge",
]
