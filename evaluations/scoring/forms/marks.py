"""Marks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.models import ScoringLine, SheetMark
from evaluations.scoring.forms.common import PointsField
from evaluations.scoring.services import MAX_COMMENT, mark_check, plain


class MarksForm(forms.Form):
    """Marks of one side (self or office) of a sheet: a group of fields per line."""

    def __init__(
        self, *args, lines, source: str, evidence_choices, marks: dict, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.lines = lines
        self.source = source
        office = source == SheetMark.Source.OFFICE
        for line in lines:
            mark = marks.get(line.pk)
            pk = line.pk
            if line.is_veto:
                if not office:
                    continue
                self.fields[f"triggered_{pk}"] = forms.BooleanField(
                    label=_("applies"),
                    required=False,
                    initial=bool(mark and mark.triggered),
                )
            else:
                self.fields[f"points_{pk}"] = PointsField(
                    label=_("points (at most %(max)s)")
                    % {"max": plain(line.max_points)},
                    initial=plain(mark.points)
                    if mark and mark.points is not None
                    else "",
                )
            self.fields[f"comment_{pk}"] = forms.CharField(
                label=_("comment"),
                required=False,
                max_length=MAX_COMMENT,
                initial=mark.comment if mark else "",
                widget=forms.Textarea(
                    attrs={"rows": 2, "class": "form-control form-control-sm"}
                ),
            )
            if office and line.kind == ScoringLine.Kind.REGULAR:
                # "completed poorly" judges a task; a bonus, penalty or veto is not one
                self.fields[f"poor_{pk}"] = forms.BooleanField(
                    label=_("completed poorly"),
                    required=False,
                    initial=bool(mark and mark.poor),
                )
            self.fields[f"evidence_{pk}"] = forms.MultipleChoiceField(
                label=_("evidence"),
                required=False,
                choices=evidence_choices,
                initial=getattr(mark, "evidence_keys", []) if mark else [],
                # Grouped by kind (optgroups); static/js/evidence-picker.js turns it
                # into a searchable list of checkboxes, the plain select without JS.
                widget=forms.SelectMultiple(
                    attrs={
                        "class": "form-select form-select-sm",
                        "size": 8,
                        "data-evidence-picker": "",
                        "data-search-label": _("Search evidence"),
                        "data-count-label": _("%(n)s chosen"),
                        "data-none-label": _("No evidence matches."),
                    }
                ),
            )

    def clean(self):
        data = super().clean()
        for line in self.lines:
            pk = line.pk
            if line.is_veto and f"triggered_{pk}" not in self.fields:
                continue
            if f"points_{pk}" in self.errors:
                continue
            for field, message in mark_check(
                line=line,
                points=data.get(f"points_{pk}"),
                triggered=bool(data.get(f"triggered_{pk}")),
                comment=data.get(f"comment_{pk}", ""),
            ).items():
                self.add_error(f"{field}_{pk}", message)
        return data

    def entries(self) -> dict[int, dict]:
        data = self.cleaned_data
        result = {}
        for line in self.lines:
            pk = line.pk
            if line.is_veto and f"triggered_{pk}" not in self.fields:
                continue
            result[pk] = {
                "points": data.get(f"points_{pk}"),
                "triggered": bool(data.get(f"triggered_{pk}")),
                "poor": bool(data.get(f"poor_{pk}")),
                "comment": data.get(f"comment_{pk}", ""),
                "evidence": data.get(f"evidence_{pk}") or [],
            }
        return result

    def rows(self):
        """(line, {field name: bound field}, number) per line, for the template."""
        numbers = line_numbers(self.lines)
        for line in self.lines:
            fields = {
                name.split("_")[0]: self[name]
                for name in self.fields
                if name.rsplit("_", 1)[1] == str(line.pk)
            }
            if fields:
                yield line, fields, numbers.get(line.pk, "")


def line_numbers(lines) -> dict[int, str]:
    """A distinct number per scored line: its item's code, and a running number when
    the item has several lines (2.1.1, 2.1.2); bonus, penalty and veto lines none."""
    per_item: dict[int, list] = {}
    for line in lines:
        if line.kind == ScoringLine.Kind.REGULAR and line.criterion_id:
            per_item.setdefault(line.criterion_id, []).append(line)
    numbers = {}
    for item_lines in per_item.values():
        code = item_lines[0].criterion.code
        if len(item_lines) == 1:
            numbers[item_lines[0].pk] = code
        else:
            for n, line in enumerate(item_lines, start=1):
                numbers[line.pk] = f"{code}.{n}"
    return numbers
