"""Sheets."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from evaluations.models import ScoreSheet, ScoringLine, SheetMark
from evaluations.scoring.selectors.common import scored_units
from evaluations.scoring.selectors.evidence import evidence_key
from pledges.models import Campaign, CriteriaSet, Criterion

SHEET_FILTERS = ("all", "unmarked", "marked", *ScoreSheet.Status.values)


def sheet_rows(*, campaign: Campaign, status: str = "all", query: str = "") -> QuerySet:
    """Scored units with their sheet's status and mark counts (one query per page)."""
    sheets = ScoreSheet.objects.filter(campaign=campaign, unit=OuterRef("pk"))
    rows = (
        scored_units(campaign)
        .select_related("category", "parent")
        .annotate(
            sheet_status=Subquery(sheets.values("status")[:1]),
            sheet_pk=Subquery(sheets.values("pk")[:1]),
            self_marks=Subquery(
                SheetMark.objects.filter(
                    sheet__campaign=campaign, sheet__unit=OuterRef("pk"), source="self"
                )
                .values("sheet")
                .annotate(c=Count("pk"))
                .values("c")[:1]
            ),
            office_marks=Subquery(
                SheetMark.objects.filter(
                    sheet__campaign=campaign,
                    sheet__unit=OuterRef("pk"),
                    source="office",
                )
                .values("sheet")
                .annotate(c=Count("pk"))
                .values("c")[:1]
            ),
        )
        .order_by("path")
    )
    marked = [ScoreSheet.Status.MARKED, ScoreSheet.Status.DONE]
    if status == "marked":
        rows = rows.filter(sheet_status__in=marked)
    elif status == "unmarked":
        rows = rows.filter(Q(sheet_status__isnull=True) | ~Q(sheet_status__in=marked))
    elif status == ScoreSheet.Status.NOT_STARTED:
        rows = rows.filter(
            Q(sheet_status__isnull=True) | Q(sheet_status=ScoreSheet.Status.NOT_STARTED)
        )
    elif status in ScoreSheet.Status.values:
        rows = rows.filter(sheet_status=status)
    if query:
        rows = rows.filter(name__icontains=query)
    return rows


def sheet_status_counts(*, campaign: Campaign) -> dict[str, int]:
    counts = dict(
        ScoreSheet.objects.filter(campaign=campaign, unit__in=scored_units(campaign))
        .values_list("status")
        .annotate(c=Count("pk"))
        .values_list("status", "c")
    )
    total = scored_units(campaign).count()
    counts[ScoreSheet.Status.NOT_STARTED] = total - sum(
        v for k, v in counts.items() if k != ScoreSheet.Status.NOT_STARTED
    )
    counts["total"] = total
    return counts


@dataclass
class LineView:
    line: ScoringLine
    level: int
    self_mark: SheetMark | None = None
    office_mark: SheetMark | None = None


@dataclass
class ItemView:
    criterion: Criterion
    level: int
    lines: list


def sheet_layout(*, criteria_set: CriteriaSet, sheet: ScoreSheet | None = None) -> dict:
    """Items in code order with their lines and marks, plus the special lines."""
    criteria = list(criteria_set.criteria.all())
    lines = list(criteria_set.scoring_lines.select_related("criterion"))
    marks: dict[tuple[int, str], SheetMark] = {}
    if sheet is not None and sheet.pk:
        for mark in sheet.marks.select_related("marked_by__person").prefetch_related(
            "evidence__content_type"
        ):
            mark.evidence_keys = [
                evidence_key(e.content_type.model, e.object_id)
                for e in mark.evidence.all()
            ]
            marks[(mark.line_id, mark.source)] = mark
    by_criterion: dict[int | None, list[LineView]] = defaultdict(list)
    for line in lines:
        by_criterion[line.criterion_id if line.is_regular else None].append(
            LineView(
                line, 0, marks.get((line.pk, "self")), marks.get((line.pk, "office"))
            )
        )
    children: dict[int | None, list[Criterion]] = defaultdict(list)
    for c in sorted(criteria, key=lambda c: _code_key(c.code)):
        children[c.parent_id].append(c)
    items: list[ItemView] = []

    def walk(parent, level):
        for c in children.get(parent, []):
            items.append(ItemView(c, level, by_criterion.get(c.pk, [])))
            walk(c.pk, level + 1)

    walk(None, 0)
    special = {
        kind: [lv for lv in by_criterion.get(None, []) if lv.line.kind == kind]
        for kind in (
            ScoringLine.Kind.BONUS,
            ScoringLine.Kind.PENALTY,
            ScoringLine.Kind.VETO,
        )
    }
    regular = [lv for item in items for lv in item.lines]
    return {
        "totals": _sheet_totals(regular),
        "items": items,
        "bonus": special[ScoringLine.Kind.BONUS],
        "penalty": special[ScoringLine.Kind.PENALTY],
        "veto": special[ScoringLine.Kind.VETO],
        "regular": regular,
        "all_lines": regular
        + special[ScoringLine.Kind.BONUS]
        + special[ScoringLine.Kind.PENALTY]
        + special[ScoringLine.Kind.VETO],
    }


def _sheet_totals(regular: list[LineView]) -> dict:
    """The scored lines' maximum and each side's points so far (None before a mark)."""

    def side(attr):
        points = [
            getattr(lv, attr).points
            for lv in regular
            if getattr(lv, attr) is not None and getattr(lv, attr).points is not None
        ]
        return sum(points) if points else None

    return {
        "max": sum(lv.line.max_points for lv in regular),
        "self": side("self_mark"),
        "office": side("office_mark"),
    }


def _code_key(code: str) -> list:
    return [int(p) if p.isdigit() else 0 for p in str(code).split(".")]
