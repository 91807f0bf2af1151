"""Roster import and export (花名册导入导出)."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import BranchCategory, Organization, Person
from organizations.roster.columns import (
    BRANCH,
    CATEGORY_LABELS,
    DATE_RE,
    GENDER_LABELS,
    GENDER_NAMES,
    JOINED,
    KIND_LABELS,
    NAME,
    PEOPLE_COLUMNS,
    PEOPLE_SHEET,
    PS,
    STAFF_NO,
    STATUS_LABELS,
    STATUS_NAMES,
    UNIT_CATEGORY,
    UNIT_COLUMNS,
    UNIT_DEPARTMENT,
    UNIT_KIND,
    UNIT_NAME,
    UNIT_PARENT,
    UNITS_SHEET,
    Action,
    K,
)
from organizations.roster.read import Sheet, _text, roster_read


@dataclass
class NewUnit:
    """A unit the units sheet will create; people may refer to it before it exists."""

    name: str
    kind: str
    parent: "Organization | NewUnit | None" = None
    category: BranchCategory | None = None
    department: "Organization | NewUnit | None" = None
    created: Organization | None = None


@dataclass
class RowPreview:
    """One row of the file and what applying it would do."""

    sheet: str
    row: int
    key: str
    label: str
    action: str = Action.UNCHANGED
    problems: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    person: Person | None = None
    unit: NewUnit | None = None

    @property
    def action_label(self) -> str:
        return Action(self.action).label

    def problem(self, message: str) -> None:
        self.problems.append(message)
        self.action = Action.REJECTED


@dataclass
class Preview:
    """Everything a file would do, row by row, before anything is written."""

    filename: str
    people: list[RowPreview]
    units: list[RowPreview]
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[RowPreview]:
        return self.units + self.people

    @property
    def problem_rows(self) -> list[RowPreview]:
        return [r for r in self.rows if r.problems]

    @property
    def ok(self) -> bool:
        return not self.problem_rows

    @property
    def counts(self) -> dict[str, int]:
        def count(rows, action):
            return sum(1 for r in rows if r.action == action)

        return {
            "created": count(self.people, Action.CREATE),
            "updated": count(self.people, Action.UPDATE),
            "unchanged": count(self.people, Action.UNCHANGED),
            "rejected": count(self.people, Action.REJECTED),
            "units_created": count(self.units, Action.CREATE),
            "units_unchanged": count(self.units, Action.UNCHANGED),
            "units_rejected": count(self.units, Action.REJECTED),
        }


def _not_one_of(column: str, value: str, choices) -> str:
    return _("%(column)s: %(value)s is not one of %(choices)s.") % {
        "column": column,
        "value": value,
        "choices": "、".join(choices),
    }


def _required(column: str) -> str:
    return _("%(column)s is required.") % {"column": column}


def _ambiguous(column: str, value: str) -> str:
    return _(
        "%(column)s: more than one unit is named %(value)s; rename one of them first."
    ) % {"column": column, "value": value}


def _no_department(column: str, value: str) -> str:
    return _("%(column)s: no department named %(value)s in this institute.") % {
        "column": column,
        "value": value,
    }


def _no_unit(column: str, value: str, kind: str) -> str:
    if kind == K.DEPARTMENT:
        return _no_department(column, value)
    return _("%(column)s: no party branch named %(value)s in this institute.") % {
        "column": column,
        "value": value,
    }


def _repeated(column: str, value: str, rows: list[int]) -> str:
    return _("%(column)s: %(value)s also appears in row %(rows)s.") % {
        "column": column,
        "value": value,
        "rows": "、".join(str(r) for r in rows),
    }


def _parse_date(value) -> datetime.date | None:
    """YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or a real Excel date; None if unreadable."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = DATE_RE.match(value)
    if not match:
        return None
    year, _sep, month, day = match.groups()
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


class _Units:
    """The institute's active units by name, plus the units the file will add."""

    def __init__(self, institute: Organization):
        self.by_name: dict[str, list[Organization]] = {}
        for unit in Organization.objects.filter(
            institute=institute, is_active=True
        ).only("id", "name", "kind", "path", "institute_id", "parent_id"):
            self.by_name.setdefault(unit.name, []).append(unit)
        self.new: dict[str, NewUnit] = {}

    def find(self, name: str, column: str, kinds=None):
        """The one unit called ``name`` (of one of ``kinds``), or None and a problem."""
        existing = self.by_name.get(name, [])
        if kinds is not None:
            existing = [u for u in existing if u.kind in kinds]
        if len(existing) > 1:
            return None, _ambiguous(column, name)
        if existing:
            return existing[0], None
        new = self.new.get(name)
        if new is not None and (kinds is None or new.kind in kinds):
            return new, None
        return None, None


def _display(unit) -> str:
    return unit.name if unit is not None else ""


def _plan_units(sheet: Sheet | None, institute, units: _Units, categories):
    rows: list[RowPreview] = []
    if sheet is None:
        return rows
    first_row: dict[str, int] = {}
    for number, cells in sheet.rows:
        name = _text(cells.get(UNIT_NAME))
        kind_label = _text(cells.get(UNIT_KIND))
        preview = RowPreview(UNITS_SHEET, number, name, kind_label)
        rows.append(preview)
        if not name:
            preview.problem(_required(UNIT_NAME))
        if not kind_label:
            preview.problem(_required(UNIT_KIND))
        elif kind_label not in KIND_LABELS:
            preview.problem(_not_one_of(UNIT_KIND, kind_label, KIND_LABELS))
        if not name:
            continue
        if name in units.by_name:
            # Units are matched by name: an existing one is left as it is.
            continue
        if name in first_row:
            preview.problem(_repeated(UNIT_NAME, name, [first_row[name]]))
            continue
        first_row[name] = number
        if len(name) > 100:
            preview.problem(
                _("%(column)s is longer than %(max)s characters.")
                % {"column": UNIT_NAME, "max": 100}
            )
        if preview.problems:
            continue
        kind = KIND_LABELS[kind_label]
        problems: list[str] = []
        parent_name = _text(cells.get(UNIT_PARENT))
        if parent_name:
            parent, problem = units.find(parent_name, UNIT_PARENT)
            if problem:
                problems.append(problem)
            elif parent is None:
                problems.append(
                    _(
                        "%(column)s: %(value)s is neither an existing unit nor a unit "
                        "defined above this row."
                    )
                    % {"column": UNIT_PARENT, "value": parent_name}
                )
        else:
            parent = institute
        if parent is not None and parent.kind not in {
            k for k in Organization.ALLOWED_PARENTS.get(kind, set()) if k
        }:
            problems.append(
                _("A %(kind)s cannot sit under %(parent)s.")
                % {
                    "kind": K(kind).label,
                    "parent": K(parent.kind).label,
                }
            )
        category = None
        category_label = _text(cells.get(UNIT_CATEGORY))
        if category_label:
            code = CATEGORY_LABELS.get(category_label)
            category = categories.get(code) or categories.get(category_label)
            if kind not in (K.BRANCH, K.GENERAL_BRANCH):
                problems.append(
                    _("Only party branches and general branches have a category.")
                )
            elif category is None:
                problems.append(
                    _not_one_of(UNIT_CATEGORY, category_label, CATEGORY_LABELS)
                )
        elif kind == K.BRANCH:
            problems.append(
                _("%(column)s is required for a party branch.")
                % {"column": UNIT_CATEGORY}
            )
        department = None
        department_name = _text(cells.get(UNIT_DEPARTMENT))
        if department_name:
            department, problem = units.find(
                department_name, UNIT_DEPARTMENT, {K.DEPARTMENT}
            )
            if department is None:
                problems.append(
                    problem or _no_department(UNIT_DEPARTMENT, department_name)
                )
        for message in problems:
            preview.problem(message)
        new = NewUnit(name, kind, parent, category, department)
        units.new[name] = new
        if not preview.problems:
            preview.action = Action.CREATE
            preview.unit = new
            preview.changes = [
                _("%(column)s: %(value)s") % {"column": c, "value": v}
                for c, v in (
                    (UNIT_PARENT, _display(parent)),
                    (UNIT_CATEGORY, category_label),
                    (UNIT_DEPARTMENT, department_name),
                )
                if v
            ]
    return rows


def _ref(unit) -> object:
    """Something comparable for a unit reference, existing or new."""
    if isinstance(unit, NewUnit):
        return ("new", unit.name)
    return unit.pk if unit is not None else None


def _shown(field_name: str, value) -> str:
    if value in (None, ""):
        return _("(empty)")
    if field_name == "gender":
        return GENDER_NAMES.get(value, value)
    if field_name == "political_status":
        return STATUS_NAMES.get(value, value)
    if field_name in ("department", "branch"):
        return value.name
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _plan_people(sheet: Sheet, institute, units: _Units) -> list[RowPreview]:
    existing = {
        p.staff_no: p
        for p in Person.objects.filter(institute=institute).select_related(
            "department", "branch"
        )
    }
    present = [c for c in PEOPLE_COLUMNS if c in sheet.headers]
    today = timezone.localdate()
    seen: dict[str, list[int]] = {}
    for number, cells in sheet.rows:
        staff_no = _text(cells.get(STAFF_NO))
        if staff_no:
            seen.setdefault(staff_no, []).append(number)
    rows: list[RowPreview] = []
    for number, cells in sheet.rows:
        staff_no = _text(cells.get(STAFF_NO))
        name = _text(cells.get(NAME))
        preview = RowPreview(PEOPLE_SHEET, number, staff_no, name)
        rows.append(preview)
        if not name:
            preview.problem(_required(NAME))
        if not staff_no:
            preview.problem(_required(STAFF_NO))
        elif len(seen[staff_no]) > 1:
            others = [r for r in seen[staff_no] if r != number]
            preview.problem(_repeated(STAFF_NO, staff_no, others))
        values: dict = {}
        problems: list[str] = []
        unreadable: set[str] = set()
        for column in present:
            field_name = PEOPLE_COLUMNS[column]
            raw = cells.get(column, "")
            text = _text(raw)
            if field_name in ("name", "staff_no"):
                continue  # read above
            if field_name in ("position", "email"):
                values[field_name] = text
            elif field_name == "gender":
                if text and text not in GENDER_LABELS:
                    problems.append(_not_one_of(column, text, GENDER_LABELS))
                values[field_name] = GENDER_LABELS.get(text, "")
            elif field_name == "political_status":
                if text and text not in STATUS_LABELS:
                    problems.append(_not_one_of(column, text, STATUS_LABELS))
                values[field_name] = STATUS_LABELS.get(text, PS.MASSES)
            elif field_name == "party_joined_on":
                joined = _parse_date(raw) if text else None
                if text and joined is None:
                    problems.append(
                        _(
                            "%(column)s: %(value)s is not a date; write it as YYYY-MM-DD."
                        )
                        % {"column": column, "value": text}
                    )
                elif joined and joined > today:
                    problems.append(
                        _("%(column)s: %(value)s is in the future.")
                        % {"column": column, "value": joined.isoformat()}
                    )
                values[field_name] = joined
            elif field_name in ("department", "branch"):
                unit = None
                if text:
                    kind = K.DEPARTMENT if field_name == "department" else K.BRANCH
                    unit, problem = units.find(text, column, {kind})
                    if unit is None:
                        unreadable.add(column)
                        problems.append(problem or _no_unit(column, text, kind))
                values[field_name] = unit
        person = existing.get(staff_no)
        merged = {
            "gender": person.gender if person else "",
            "department": person.department if person else None,
            "branch": person.branch if person else None,
            "political_status": person.political_status if person else PS.MASSES,
            "party_joined_on": person.party_joined_on if person else None,
            "position": person.position if person else "",
            "email": person.email if person else "",
        }
        merged.update(values)
        is_member = merged["political_status"] in Person.PARTY_STATUSES
        if is_member and merged["branch"] is None and BRANCH not in unreadable:
            problems.append(
                _("A party member must have a %(column)s.") % {"column": BRANCH}
            )
        if not is_member:
            for column, value in (
                (BRANCH, merged["branch"]),
                (JOINED, merged["party_joined_on"]),
            ):
                if value is not None:
                    problems.append(
                        _("Only party members may have a %(column)s.")
                        % {"column": column}
                    )
        # Field-level checks (lengths, e-mail) from the model itself.
        check = Person(
            institute=institute,
            **{k: v for k, v in merged.items() if k not in ("department", "branch")},
            name=name,
            staff_no=staff_no,
        )
        try:
            check.clean_fields(exclude=["institute", "department", "branch", "user"])
        except ValidationError as error:
            labels = {v: k for k, v in PEOPLE_COLUMNS.items()}
            for field_name, messages in error.message_dict.items():
                if field_name in ("name", "staff_no") and not (
                    name if field_name == "name" else staff_no
                ):
                    continue  # already reported as required
                for message in messages:
                    problems.append(
                        _("%(column)s: %(message)s")
                        % {
                            "column": labels.get(field_name, field_name),
                            "message": message,
                        }
                    )
        for message in problems:
            preview.problem(message)
        preview.values = merged | {"name": name, "staff_no": staff_no}
        preview.person = person
        if preview.problems:
            continue
        if person is None:
            preview.action = Action.CREATE
            continue
        for field_name in ["name", *merged]:
            old = getattr(person, field_name)
            new = preview.values[field_name]
            if field_name in ("department", "branch"):
                same = _ref(old) == _ref(new)
            else:
                same = old == new
            if not same:
                label = {v: k for k, v in PEOPLE_COLUMNS.items()}[field_name]
                preview.changes.append(
                    _("%(column)s: %(old)s → %(new)s")
                    % {
                        "column": label,
                        "old": _shown(field_name, old),
                        "new": _shown(field_name, new),
                    }
                )
        if not person.is_active:
            preview.changes.append(_("Back in service"))
        preview.action = Action.UPDATE if preview.changes else Action.UNCHANGED
    return rows


def roster_preview(
    *, institute: Organization, filename: str, content: bytes
) -> Preview:
    """Read a roster file and say, row by row, what applying it would do (writes nothing)."""
    people_sheet, units_sheet = roster_read(filename=filename, content=bytes(content))
    categories = {}
    for category in BranchCategory.objects.filter(institute=institute):
        categories[category.code] = category
        categories.setdefault(category.name, category)
    units = _Units(institute)
    unit_rows = _plan_units(units_sheet, institute, units, categories)
    people_rows = _plan_people(people_sheet, institute, units)
    known = set(PEOPLE_COLUMNS) | set(UNIT_COLUMNS)
    ignored = [h for h in people_sheet.headers if h not in known]
    if units_sheet is not None:
        ignored += [
            h for h in units_sheet.headers if h not in known and h not in ignored
        ]
    return Preview(filename, people_rows, unit_rows, ignored)
