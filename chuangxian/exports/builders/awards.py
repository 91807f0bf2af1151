"""Awards."""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.exports.builders.workbooks import CHUNK, Sheet, _rows, xlsx_book


def _candidate_row(c) -> Iterable[list]:
    from evaluations.models.awards import exclusion_text

    if c.unit_id:
        where = c.unit.parent.name if c.unit.parent_id else ""
    else:
        where = " · ".join(
            n
            for n in (
                c.person.branch.name if c.person.branch_id else "",
                c.person.department.name if c.person.department_id else "",
            )
            if n
        )
    yield [
        c.criteria_set.title,
        c.get_state_display(),
        c.name,
        _("Unit") if c.unit_id else _("Member"),
        where,
        c.category_label,
        float(c.score) if c.score is not None else None,
        c.grade_label,
        c.rank,
        c.get_origin_display(),
        "；".join(exclusion_text(e) for e in c.exclusions or []),
        c.adjust_reason,
    ]


def award_list_xlsx(*, award_list, candidates: QuerySet) -> bytes:
    """The award list (评选表彰名单): every candidate with its title, state and reasons."""
    return xlsx_book(
        [
            Sheet(
                _("Award list"),
                [
                    (_("Title"), 18),
                    (_("State"), 12),
                    (_("Name"), 22),
                    (_("Kind"), 8),
                    (_("Unit"), 24),
                    (_("Ranking group"), 18),
                    (_("Score"), 8),
                    (_("Grade"), 8),
                    (_("Rank"), 6),
                    (_("Origin"), 14),
                    (_("Reasons left out"), 30),
                    (_("Office's reason"), 30),
                ],
                _rows(candidates.iterator(chunk_size=CHUNK), _candidate_row),
            )
        ]
    )


def commendation_html(*, campaign, award_list, rows: list, today=None) -> str:
    """The commendation list (表彰名单) as printed from the awards pages."""
    return render_to_string(
        "awards/print.html",
        {
            "campaign": campaign,
            "award_list": award_list,
            "rows": rows,
            "visible": True,
            "today": today or timezone.localdate(),
        },
    )
