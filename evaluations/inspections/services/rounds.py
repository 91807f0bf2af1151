"""Quarterly inspection rounds (季度督查) and their reproducible spot checks (随机抽查)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.inspections import sampling
from evaluations.inspections.access.common import MASS_UNIT_KINDS, SUPERVISED_KINDS
from evaluations.inspections.services.common import A, _audit, office_people
from evaluations.models import (
    InspectionRound,
    SpotCheckDraw,
    TransitionError,
)
from organizations.models import (
    BranchCategory,
    Family,
    Notification,
    Organization,
)
from organizations.notifications.services import notify
from pledges.models import Campaign


def supervised_units(campaign: Campaign):
    """The units the campaign supervises (督查对象), the one definition: its active party
    branches and general branches, and its mass-organisation units (工会/分工会/工会小组,
    团委/团支部, 妇委会/妇女小组). Inspections, spot checks, findings, rectification,
    help, field visits and information reports all target these."""
    return Organization.objects.filter(
        kind__in=SUPERVISED_KINDS,
        is_active=True,
        path__startswith=campaign.scope.path,
    )


def eligible_units(campaign: Campaign, scope: str = sampling.SCOPE_PARTY):
    """Units a spot check may draw (抽查对象范围): party branches with a category, the
    mass-organisation units, or both; active and in the campaign."""
    party = Q(kind=Organization.Kind.BRANCH, category__isnull=False)
    mass = Q(kind__in=MASS_UNIT_KINDS)
    q = {
        sampling.SCOPE_PARTY: party,
        sampling.SCOPE_MASS: mass,
    }.get(scope, party | mass)
    return supervised_units(campaign).filter(q)


# Units a finding may concern.
inspected_units = supervised_units


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
    """Open a quarter's inspection round (季度督查); the spot check is drawn apart.

    Get-or-create: a missing round is made (copying the spot-check settings of the round
    before); a planned one is opened. Opening never draws: the spot check is drawn in
    public by the office with an agreed seed and its witnesses (``spot_check_draw``),
    so if the round has a spot check and no draw yet the office is told to draw it. An
    open or closed round is left as it is, so calling twice, or from two ticks at once,
    changes nothing more.
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
            _ask_for_draw(round)
    return round


def _ask_for_draw(round: InspectionRound) -> None:
    """Tell the office a round just opened waits for its public spot-check draw."""
    body = _(
        "Agree the seed in public, enter it with the witnesses' names on the round's "
        "page, then draw the sample."
    )
    try:
        sampling.draw(0, _strata(round))
    except sampling.SamplingError as error:
        body = sampling_message(error)
    notify(
        recipients=office_people(round.campaign),
        kind=Notification.Kind.SYSTEM,
        title=_("The spot check of %(round)s is waiting to be drawn")
        % {"round": str(round)},
        body=body,
        url=round.get_absolute_url(),
        dedupe_key=f"spot-check-draw:{round.pk}",
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


def campaign_categories(campaign: Campaign) -> list[BranchCategory]:
    return list(
        BranchCategory.objects.filter(
            institute_id=campaign.scope.institute_id
        ).order_by("code")
    )


def eligible_by_category(
    campaign: Campaign, scope: str = sampling.SCOPE_PARTY
) -> dict[str, list[int]]:
    """Eligible unit ids per stratum code, each list sorted: a party branch by its
    category code, a mass-organisation unit by its family (``mass-union`` …)."""
    result: dict[str, list[int]] = {}
    rows = eligible_units(campaign, scope).order_by("pk")
    for pk, kind, code in rows.values_list("pk", "kind", "category__code"):
        if kind in Organization.MASS_KINDS:
            code = sampling.mass_code(Organization.FAMILY_OF_KIND[kind])
        result.setdefault(code, []).append(pk)
    return result


MASS_FAMILIES = (Family.UNION, Family.LEAGUE, Family.WOMEN)


def stratum_names(campaign: Campaign, scope: str) -> dict[str, str]:
    """Every stratum of a scope with its name, in code order: the branch categories
    and the mass-organisation families (工会, 共青团, 妇委会)."""
    names = {}
    if scope != sampling.SCOPE_MASS:
        names.update({c.code: c.name for c in campaign_categories(campaign)})
    if scope != sampling.SCOPE_PARTY:
        names.update({sampling.mass_code(f.value): str(f.label) for f in MASS_FAMILIES})
    return dict(sorted(names.items()))


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
    eligible = eligible_by_category(campaign, round.sample_scope)
    names = stratum_names(campaign, round.sample_scope)
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
    scope: str | None = None,
    by=None,
) -> InspectionRound:
    """Set how the spot check draws: a number per category, or a proportional total,
    and from which units (``scope``: party, mass or all; unchanged when None)."""
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
    if scope is not None:
        if scope not in InspectionRound.SampleScope.values:
            raise ValidationError(
                {"sample_scope": _("Choose which units the spot check draws from.")}
            )
        round.sample_scope = scope
    sizes = {
        str(k): int(v or 0)
        for k, v in (sizes or {}).items()
        if sampling.code_in_scope(str(k), round.sample_scope)
    }
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
    round.save(
        update_fields=["sample_mode", "sample_scope", "sample_total", "stratum_sizes"]
    )
    _audit(
        A.UPDATE,
        round,
        by,
        sample_mode=mode,
        sample_scope=round.sample_scope,
        sample_total=round.sample_total,
        stratum_sizes=round.stratum_sizes,
    )
    return round


@transaction.atomic
def spot_check_draw(
    *, round: InspectionRound, by=None, seed=None, witnesses: str = ""
) -> SpotCheckDraw:
    """Draw the spot-check sample (随机抽查) from a recorded seed.

    ``seed``: a whole number typed in public, or None for a fresh 64-bit seed;
    ``witnesses``: who saw the draw, required (a draw nobody witnessed is not public).
    The rule (mode, strata, sizes and the sorted eligible ids at this moment), the
    algorithm, the sample and its fingerprint are all stored, so anyone can re-draw it.
    """
    if round.is_closed:
        raise TransitionError(
            _("This round is closed; no sample can be drawn."), code="transition"
        )
    if round.draws.filter(voided_at__isnull=True).exists():
        raise TransitionError(
            _("The sample of this round has been drawn already."), code="drawn"
        )
    if not (witnesses or "").strip():
        raise ValidationError(
            {
                "witnesses": _(
                    "Enter the names of the witnesses present at the draw; they are "
                    "shown with the sample."
                )
            },
            code="no_witnesses",
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
    rule["scope"] = round.sample_scope
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
