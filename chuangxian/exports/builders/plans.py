"""Plans and pledges."""

import datetime
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.exports.builders.workbooks import (
    CHUNK,
    Progress,
    Sheet,
    _progress_label,
    _rows,
    _Steps,
    xlsx_book,
)
from pledges.models import Plan, PlanMeasure, Pledge, PledgeItem, ProgressStatus


def _overdue(due_on: datetime.date, status: str, today: datetime.date) -> str:
    return _("Overdue") if due_on < today and status != ProgressStatus.DONE else ""


def _category(unit) -> str:
    if unit.category_id:
        return unit.category.name
    return unit.get_kind_display()


def _pledges(pledges: QuerySet[Pledge]):
    return (
        pledges.select_related("unit", "unit__category", "person", "person__department")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=PledgeItem.objects.select_related("criterion").order_by(
                    "order", "pk"
                ),
            )
        )
        .iterator(chunk_size=CHUNK)
    )


def _pledge_rows(pledge: Pledge, today: datetime.date) -> Iterable[list]:
    """One row per committed item (a pledge without items gets one row of its own)."""
    head = [
        pledge.unit.name,
        _category(pledge.unit),
        pledge.person.name,
        pledge.person.staff_no,
        pledge.get_status_display(),
    ]
    items = list(pledge.items.all())
    if not items:
        yield [*head, "", "", "", None, "", None, "", None]
    for item in items:
        yield [
            *head,
            item.text,
            item.criterion.name if item.criterion_id else "",
            item.target,
            item.due_on,
            _progress_label(item.progress_status),
            item.progress_percent,
            _overdue(item.due_on, item.progress_status, today),
            item.progress_at,
        ]


def pledge_rows(
    pledges: QuerySet[Pledge], today: datetime.date, steps: _Steps | None = None
) -> Iterable[list]:
    return _rows(_pledges(pledges), lambda p: _pledge_rows(p, today), steps)


def _plans(plans: QuerySet[Plan]):
    return (
        plans.select_related("unit", "unit__category")
        .prefetch_related(
            Prefetch(
                "measures",
                queryset=PlanMeasure.objects.select_related("owner").order_by(
                    "order", "pk"
                ),
            )
        )
        .iterator(chunk_size=CHUNK)
    )


def _plan_rows(plan: Plan, today: datetime.date) -> Iterable[list]:
    """One row per plan measure (a plan without measures gets one row of its own)."""
    head = [
        plan.unit.name,
        _category(plan.unit),
        plan.get_status_display(),
        plan.focus,
        plan.targets,
    ]
    measures = list(plan.measures.all())
    if not measures:
        yield [*head, "", "", None, "", None, ""]
    for m in measures:
        yield [
            *head,
            m.text,
            m.owner.name if m.owner_id else "",
            m.due_on,
            _progress_label(m.progress_status),
            m.progress_percent,
            _overdue(m.due_on, m.progress_status, today),
        ]


def plan_rows(
    plans: QuerySet[Plan], today: datetime.date, steps: _Steps | None = None
) -> Iterable[list]:
    return _rows(_plans(plans), lambda p: _plan_rows(p, today), steps)


def plans_pledges_xlsx(
    *,
    plans: QuerySet[Plan],
    pledges: QuerySet[Pledge],
    today: datetime.date | None = None,
    progress: Progress | None = None,
) -> bytes:
    """Two sheets: every committed item of the pledges, every measure of the plans."""
    today = today or timezone.localdate()
    pledge_total = pledges.count()
    plan_total = plans.count()
    pledge_sheet = Sheet(
        _("Pledges"),
        [
            (_("Unit"), 22),
            (_("Category"), 16),
            (_("Member"), 10),
            (_("Staff number"), 12),
            (_("Status"), 10),
            (_("Committed item"), 40),
            (_("Serves (带头)"), 16),
            (_("Measurable target"), 30),
            (_("Due date"), 12),
            (_("Progress"), 12),
            (_("Percent done"), 10),
            (_("Overdue"), 10),
            (_("Last reported at"), 18),
        ],
        pledge_rows(pledges, today, _Steps(pledge_total, progress, 5, 70)),
    )
    plan_sheet = Sheet(
        _("Plans"),
        [
            (_("Unit"), 22),
            (_("Category"), 16),
            (_("Status"), 10),
            (_("Focus"), 30),
            (_("Target results"), 30),
            (_("Measure"), 40),
            (_("Owner"), 10),
            (_("Due date"), 12),
            (_("Progress"), 12),
            (_("Percent done"), 10),
            (_("Overdue"), 10),
        ],
        plan_rows(plans, today, _Steps(plan_total, progress, 70, 95)),
    )
    return xlsx_book([pledge_sheet, plan_sheet])
