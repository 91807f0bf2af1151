"""Workflows of the assessment of leading bodies (领导班子实绩考核).

The office opens the campaign's assessment (``assessment_open``: default items, one
row per leading body), may change its items, weights (summing to 100) and grade
thresholds (``items_set``); each body's secretary writes its achievements
(``achievements_save``); the office or the leading group marks (``marks_save``);
``assessment_compute`` computes every body's result from its marks, its duty report,
the published satisfaction tallies and its pledges' fulfilment; ``assessment_publish``
computes once more and publishes. Every change is written to the audit log.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.assessment import compute as arithmetic
from evaluations.assessment import selectors
from evaluations.models import (
    AssessmentItem,
    AssessmentTransitionError,
    BodyAssessment,
    LeadershipAssessment,
)
from organizations.audit import AuditEvent, audit_record
from pledges.models import Campaign

Source = AssessmentItem.Source

# The default items (考核项目) and weights; the office changes them per campaign.
DEFAULT_ITEMS = (
    ("工作实绩", Source.MARKS, Decimal(25)),
    ("目标完成", Source.MARKS, Decimal(20)),
    ("创先争优承诺兑现", Source.PLEDGES, Decimal(20)),
    ("群众满意度", Source.SATISFACTION, Decimal(20)),
    ("述职述廉", Source.DUTY, Decimal(15)),
)
MAX_ACHIEVEMENTS = 10000
MAX_ITEMS = 12
HUNDRED = Decimal(100)


def _audit(action, *, by, obj, campaign: Campaign, **detail) -> None:
    audit_record(
        action=action,
        user=by,
        obj=obj,
        institute_id=campaign.scope.institute_id or campaign.scope_id,
        **detail,
    )


@transaction.atomic
def assessment_open(*, campaign: Campaign, by) -> LeadershipAssessment:
    """Open the campaign's assessment with the default items, a row per leading body;
    opening again adds bodies created since (idempotent)."""
    assessment, created = LeadershipAssessment.objects.get_or_create(
        campaign=campaign, defaults={"opened_by": by}
    )
    if created:
        AssessmentItem.objects.bulk_create(
            AssessmentItem(
                assessment=assessment, name=name, source=source, weight=w, order=n
            )
            for n, (name, source, w) in enumerate(DEFAULT_ITEMS, start=1)
        )
    elif assessment.is_published:
        return assessment
    have = set(assessment.bodies.values_list("body_id", flat=True))
    BodyAssessment.objects.bulk_create(
        BodyAssessment(assessment=assessment, body=body)
        for body in selectors.leading_bodies(campaign)
        if body.pk not in have
    )
    if created:
        _audit(AuditEvent.Action.CREATE, by=by, obj=assessment, campaign=campaign)
    return assessment


def _number(value, field: str, message: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: message})
    if not number.is_finite() or number < 0 or number > HUNDRED:
        raise ValidationError({field: message})
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def items_set(
    *,
    assessment: LeadershipAssessment,
    by,
    items: list[dict],
    thresholds: dict,
) -> LeadershipAssessment:
    """Replace the items (``{"id"?, "name", "source", "weight"}``) and thresholds.

    The weights must sum to exactly 100 and the thresholds fall from 优秀 to 一般.
    """
    assessment.check_open()
    items = [i for i in items if (i.get("name") or "").strip()]
    if not items:
        raise ValidationError(_("Give at least one item."))
    if len(items) > MAX_ITEMS:
        raise ValidationError(
            _("Keep to at most %(n)s items.") % {"n": MAX_ITEMS}, code="too_many"
        )
    total = sum((Decimal(str(i["weight"])) for i in items), Decimal(0))
    if total != HUNDRED:
        raise ValidationError(
            _("The weights add up to %(total)s; they must add up to 100.")
            % {"total": arithmetic.s(total)},
            code="weights",
        )
    excellent, good, average = (
        thresholds["excellent"],
        thresholds["good"],
        thresholds["average"],
    )
    if not (HUNDRED >= excellent > good > average >= 0):
        raise ValidationError(
            _(
                "The thresholds must fall from Excellent to Good to Fair, between 0 "
                "and 100."
            ),
            code="thresholds",
        )
    existing = {item.pk: item for item in assessment.items.all()}
    keep = set()
    for order, data in enumerate(items, start=1):
        item = existing.get(data.get("id")) or AssessmentItem(assessment=assessment)
        item.name = data["name"].strip()[:100]
        item.source = data["source"]
        item.weight = Decimal(str(data["weight"]))
        item.order = order
        item.save()
        keep.add(item.pk)
    assessment.items.exclude(pk__in=keep).delete()
    assessment.excellent_from, assessment.good_from, assessment.average_from = (
        excellent,
        good,
        average,
    )
    assessment.save(update_fields=["excellent_from", "good_from", "average_from"])
    _audit(
        AuditEvent.Action.UPDATE,
        by=by,
        obj=assessment,
        campaign=assessment.campaign,
        items=len(items),
    )
    return assessment


@transaction.atomic
def achievements_save(
    *, row: BodyAssessment, by, text: str, submit: bool = False
) -> BodyAssessment:
    """Write (and optionally submit) a body's achievements (实绩材料)."""
    row.assessment.check_open()
    text = (text or "").strip()
    if not text:
        raise ValidationError({"achievements": _("Write the body's achievements.")})
    if len(text) > MAX_ACHIEVEMENTS:
        raise ValidationError(
            {
                "achievements": _("Keep the text under %(n)s characters.")
                % {"n": MAX_ACHIEVEMENTS}
            }
        )
    row.achievements = text
    fields = ["achievements"]
    if submit:
        row.submitted_at, row.submitted_by = timezone.now(), by
        fields += ["submitted_at", "submitted_by"]
    row.save(update_fields=fields)
    _audit(
        AuditEvent.Action.UPDATE,
        by=by,
        obj=row,
        campaign=row.assessment.campaign,
        submitted=row.is_submitted,
    )
    return row


@transaction.atomic
def marks_save(*, row: BodyAssessment, by, marks: dict) -> BodyAssessment:
    """The office's or leading group's points (0–100) on the marked items, then the
    body's result afresh. ``marks`` maps an item id to a number or None (not marked)."""
    row.assessment.check_open()
    marked_ids = {
        item.pk
        for item in row.assessment.items.all()
        if item.source == AssessmentItem.Source.MARKS
    }
    message = _("Enter points from 0 to 100.")
    stored = {}
    for item_id, value in marks.items():
        if item_id not in marked_ids:
            continue
        if value is None or value == "":
            continue
        stored[str(item_id)] = str(_number(value, f"item_{item_id}", message))
    row.marks = stored
    row.marked_at, row.marked_by = timezone.now(), by
    row.save(update_fields=["marks", "marked_at", "marked_by"])
    _audit(
        AuditEvent.Action.UPDATE,
        by=by,
        obj=row,
        campaign=row.assessment.campaign,
        marks=len(stored),
    )
    _compute_rows(row.assessment, [row])
    return row


def _item_values(item: dict, row, duty, satisfaction, pledges) -> dict:
    """The value (0–100, or None) of one item for one body, with its detail rows."""
    source, body_id = item["source"], row.body_id
    if source == Source.MARKS:
        value = (row.marks or {}).get(str(item["id"]))
        if value is None:
            return {"value": None, "note": "not_marked"}
        return {"value": Decimal(value)}
    if source == Source.DUTY:
        people = duty.get(body_id, [])
        if not people:
            return {"value": None, "note": "no_reporter"}
        done = sum(1 for _name, submitted in people if submitted)
        return {
            "value": HUNDRED * done / len(people),
            "detail": [
                {"kind": "duty", "name": name, "submitted": submitted}
                for name, submitted in people
            ],
        }
    if source == Source.SATISFACTION:
        detail, used = [], []
        for t in satisfaction.get(body_id, []):
            if t["withheld"] or not t["top"]:
                detail.append(
                    {
                        "kind": "tally",
                        "label": t["label"],
                        "ballots": t["ballots"],
                        "withheld": True,
                    }
                )
                continue
            value = HUNDRED * Decimal(t["mean"]) / t["top"]
            used.append(value)
            detail.append(
                {
                    "kind": "tally",
                    "label": t["label"],
                    "ballots": t["ballots"],
                    "mean": str(t["mean"]),
                    "top": t["top"],
                    "value": arithmetic.s(value),
                }
            )
        if not used:
            note = "withheld" if detail else "no_tally"
            return {"value": None, "note": note, "detail": detail}
        return {"value": sum(used, Decimal(0)) / len(used), "detail": detail}
    # Source.PLEDGES
    figures = pledges.get(body_id) or {"count": 0}
    if not figures["count"]:
        return {"value": None, "note": "no_pledges"}
    value = Decimal(figures["total"]) / figures["count"]
    return {
        "value": value,
        "detail": [
            {
                "kind": "pledges",
                "count": figures["count"],
                "done": figures["done"],
                "percent": arithmetic.s(value),
            }
        ],
    }


def _compute_rows(assessment: LeadershipAssessment, rows: list[BodyAssessment]):
    """Compute and store the rows' results (a fixed number of queries)."""
    campaign = assessment.campaign
    items = [
        {"id": i.pk, "name": i.name, "source": i.source, "weight": i.weight}
        for i in assessment.items.all()
    ]
    bodies = [row.body for row in rows]
    sources = {i["source"] for i in items}
    duty = selectors.duty_inputs(campaign, bodies) if Source.DUTY in sources else {}
    satisfaction = (
        selectors.satisfaction_inputs(campaign, [b.pk for b in bodies])
        if Source.SATISFACTION in sources
        else {}
    )
    pledges = (
        selectors.pledge_inputs(campaign, bodies) if Source.PLEDGES in sources else {}
    )
    now = timezone.now()
    thresholds = assessment.thresholds()
    for row in rows:
        values = {
            item["id"]: _item_values(item, row, duty, satisfaction, pledges)
            for item in items
        }
        result = arithmetic.compute(items=items, values=values, thresholds=thresholds)
        row.score, row.grade, row.breakdown = result.score, result.grade, result.rows
        row.computed_at = now
    BodyAssessment.objects.bulk_update(
        rows, ["score", "grade", "breakdown", "computed_at"], batch_size=500
    )
    return rows


@transaction.atomic
def assessment_compute(*, assessment: LeadershipAssessment) -> int:
    """Compute every body's result afresh; the number of bodies."""
    assessment.check_open()
    rows = list(assessment.bodies.select_related("body"))
    _compute_rows(assessment, rows)
    return len(rows)


@transaction.atomic
def assessment_publish(*, assessment: LeadershipAssessment, by) -> LeadershipAssessment:
    """Compute once more and publish: the secretaries then see their results."""
    updated = LeadershipAssessment.objects.filter(
        pk=assessment.pk, status=LeadershipAssessment.Status.OPEN
    ).select_for_update()
    if not updated.exists():
        raise AssessmentTransitionError(
            _("The assessment is already published."), code="transition"
        )
    assessment_compute(assessment=assessment)
    updated.update(
        status=LeadershipAssessment.Status.PUBLISHED,
        published_at=timezone.now(),
        published_by=by,
    )
    assessment.refresh_from_db()
    _audit(
        AuditEvent.Action.TRANSITION,
        by=by,
        obj=assessment,
        campaign=assessment.campaign,
        status=assessment.status,
    )
    return assessment
