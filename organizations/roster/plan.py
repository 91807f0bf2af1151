"""Roster import and export (花名册导入导出)."""

import datetime
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import BranchCategory, Organization, Person
from organizations.roster.columns import (
    BRANCH,
    CATEGORY_LABELS,
    DATE_CN_RE,
    DATE_DIGITS_RE,
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
    STATUS,
    STATUS_LABELS,
    STATUS_NAMES,
    STATUS_SYNONYMS,
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
from organizations.roster.read import (
    Sheet,
    _text,
    normalise_name,
    normalise_staff_no,
    roster_read,
)


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
    """A real Excel date, or a date as Chinese rosters write it: 2010-05-10,
    2010/5/10, 2010.5.10, 2010年5月10日, 20100510; None if unreadable."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = unicodedata.normalize("NFKC", _text(value))
    if match := DATE_RE.match(text):
        year, _sep, month, day = match.groups()
    elif match := DATE_CN_RE.match(text) or DATE_DIGITS_RE.match(text):
        year, month, day = match.groups()
    else:
        return None
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


def _check_unit_row(preview: RowPreview, name: str, kind_label: str) -> None:
    """A unit row needs a name and a known kind."""
    if not name:
        preview.problem(_required(UNIT_NAME))
    if not kind_label:
        preview.problem(_required(UNIT_KIND))
    elif kind_label not in KIND_LABELS:
        preview.problem(_not_one_of(UNIT_KIND, kind_label, KIND_LABELS))


def _is_new_unit(
    preview: RowPreview, name: str, units: _Units, first_row: dict[str, int]
) -> bool:
    """Whether the row adds a unit that is still worth checking further."""
    if not name:
        return False
    if name in units.by_name:
        # Units are matched by name: an existing one is left as it is.
        return False
    if name in first_row:
        preview.problem(_repeated(UNIT_NAME, name, [first_row[name]]))
        return False
    first_row[name] = preview.row
    if len(name) > 100:
        preview.problem(
            _("%(column)s is longer than %(max)s characters.")
            % {"column": UNIT_NAME, "max": 100}
        )
    return not preview.problems


def _unit_parent(
    parent_name: str, kind: str, institute, units: _Units
) -> tuple[object, list[str]]:
    """The new unit's parent (the institute if none is named) and its problems."""
    problems: list[str] = []
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
    return parent, problems


def _unit_category(
    category_label: str, kind: str, categories
) -> tuple[BranchCategory | None, list[str]]:
    """The new unit's branch category and its problems."""
    if not category_label:
        if kind == K.BRANCH:
            return None, [
                _("%(column)s is required for a party branch.")
                % {"column": UNIT_CATEGORY}
            ]
        return None, []
    code = CATEGORY_LABELS.get(category_label)
    category = categories.get(code) or categories.get(category_label)
    if kind not in (K.BRANCH, K.GENERAL_BRANCH):
        return category, [
            _("Only party branches and general branches have a category.")
        ]
    if category is None:
        return None, [_not_one_of(UNIT_CATEGORY, category_label, CATEGORY_LABELS)]
    return category, []


def _unit_department(department_name: str, units: _Units) -> tuple[object, list[str]]:
    """The department the new unit serves and its problems."""
    if not department_name:
        return None, []
    department, problem = units.find(department_name, UNIT_DEPARTMENT, {K.DEPARTMENT})
    if department is None:
        return None, [problem or _no_department(UNIT_DEPARTMENT, department_name)]
    return department, []


def _plan_new_unit(
    preview: RowPreview, cells: dict, name: str, kind: str, institute, units, categories
) -> None:
    """Check a unit the file adds and record it, for the rows below to refer to."""
    parent, problems = _unit_parent(
        _text(cells.get(UNIT_PARENT)), kind, institute, units
    )
    category_label = _text(cells.get(UNIT_CATEGORY))
    category, more = _unit_category(category_label, kind, categories)
    problems += more
    department_name = _text(cells.get(UNIT_DEPARTMENT))
    department, more = _unit_department(department_name, units)
    problems += more
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
        _check_unit_row(preview, name, kind_label)
        if _is_new_unit(preview, name, units, first_row):
            kind = KIND_LABELS[kind_label]
            _plan_new_unit(preview, cells, name, kind, institute, units, categories)
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


def _staff_rows(sheet: Sheet) -> dict[str, list[int]]:
    """The rows each staff number appears on."""
    seen: dict[str, list[int]] = {}
    for number, cells in sheet.rows:
        staff_no = normalise_staff_no(cells.get(STAFF_NO))
        if staff_no:
            seen.setdefault(staff_no, []).append(number)
    return seen


def _check_identity(
    preview: RowPreview, name: str, staff_no: str, seen: dict[str, list[int]]
) -> None:
    """A person row needs a name and a staff number used on no other row."""
    if not name:
        preview.problem(_required(NAME))
    if not staff_no:
        preview.problem(_required(STAFF_NO))
    elif len(seen[staff_no]) > 1:
        others = [r for r in seen[staff_no] if r != preview.row]
        preview.problem(_repeated(STAFF_NO, staff_no, others))


def _read_choice(
    column: str, text: str, labels, default, synonyms=None
) -> tuple[object, str | None]:
    key = unicodedata.normalize("NFKC", text).replace(" ", "")
    key = (synonyms or {}).get(key, key)
    if text and key not in labels:
        return default, _not_one_of(column, text, labels)
    return labels.get(key, default), None


def _read_joined(
    column: str, raw, text: str, today: datetime.date
) -> tuple[datetime.date | None, str | None]:
    joined = _parse_date(raw) if text else None
    problem = None
    if text and joined is None:
        problem = _("%(column)s: %(value)s is not a date; write it as YYYY-MM-DD.") % {
            "column": column,
            "value": text,
        }
    elif joined and joined > today:
        problem = _("%(column)s: %(value)s is in the future.") % {
            "column": column,
            "value": joined.isoformat(),
        }
    return joined, problem


def _read_unit(
    field_name: str, column: str, text: str, units: _Units
) -> tuple[object, str | None]:
    if not text:
        return None, None
    kind = K.DEPARTMENT if field_name == "department" else K.BRANCH
    unit, problem = units.find(text, column, {kind})
    if unit is None:
        return None, problem or _no_unit(column, text, kind)
    return unit, None


def _read_cell(
    field_name: str, column: str, raw, units: _Units, today: datetime.date
) -> tuple[object, str | None]:
    """One cell of a person row: its value and the problem with it, if any."""
    text = _text(raw)
    if field_name == "gender":
        return _read_choice(column, text, GENDER_LABELS, "")
    if field_name == "political_status":
        return _read_choice(column, text, STATUS_LABELS, PS.MASSES, STATUS_SYNONYMS)
    if field_name == "party_joined_on":
        return _read_joined(column, raw, text, today)
    if field_name in ("department", "branch"):
        return _read_unit(field_name, column, text, units)
    return text, None  # position, email


def _read_cells(
    cells: dict, present: list[str], units: _Units, today: datetime.date
) -> tuple[dict, list[str], set[str]]:
    """The row's values by field, its problems, and the unit columns not understood."""
    values: dict = {}
    problems: list[str] = []
    unreadable: set[str] = set()
    for column in present:
        field_name = PEOPLE_COLUMNS[column]
        if field_name in ("name", "staff_no"):
            continue  # read above
        value, problem = _read_cell(
            field_name, column, cells.get(column, ""), units, today
        )
        values[field_name] = value
        if problem:
            problems.append(problem)
            if field_name in ("department", "branch", "political_status"):
                unreadable.add(column)
    return values, problems, unreadable


def _merged(person: Person | None, values: dict) -> dict:
    """The person's fields once the row is applied: the file's over the stored ones."""
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
    return merged


def _membership_problems(merged: dict, unreadable: set[str]) -> list[str]:
    """A member needs a branch; only members have a branch or a joining date."""
    problems = []
    if STATUS in unreadable:
        return problems  # which rule applies is unknown until the status is fixed
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
                    _("Only party members may have a %(column)s.") % {"column": column}
                )
    return problems


_LIMITS = {
    f: Person._meta.get_field(f).max_length for f in ("name", "staff_no", "position")
}


def _field_problems(institute, merged: dict, name: str, staff_no: str) -> list[str]:
    """Field-level checks (lengths, e-mail) from the model itself."""
    if (
        name
        and staff_no
        and not merged["email"]
        and len(name) <= _LIMITS["name"]
        and len(staff_no) <= _LIMITS["staff_no"]
        and len(merged["position"]) <= _LIMITS["position"]
    ):
        return []  # nothing the model's field checks could find (the common case)
    check = Person(
        institute=institute,
        **{k: v for k, v in merged.items() if k not in ("department", "branch")},
        name=name,
        staff_no=staff_no,
    )
    try:
        check.clean_fields(exclude=["institute", "department", "branch", "user"])
    except ValidationError as error:
        given = {"name": name, "staff_no": staff_no}
        labels = {v: k for k, v in PEOPLE_COLUMNS.items()}
        return [
            _("%(column)s: %(message)s")
            % {"column": labels.get(field_name, field_name), "message": message}
            for field_name, messages in error.message_dict.items()
            # A missing name or staff number is already reported as required.
            if not (field_name in given and not given[field_name])
            for message in messages
        ]
    return []


def _changes(person: Person, new_values: dict) -> list[str]:
    """What applying the row changes on the person, one line per field."""
    labels = {v: k for k, v in PEOPLE_COLUMNS.items()}
    changes = []
    for field_name, new in new_values.items():
        old = getattr(person, field_name)
        if field_name in ("department", "branch"):
            same = _ref(old) == _ref(new)
        else:
            same = old == new
        if not same:
            changes.append(
                _("%(column)s: %(old)s → %(new)s")
                % {
                    "column": labels[field_name],
                    "old": _shown(field_name, old),
                    "new": _shown(field_name, new),
                }
            )
    return changes


def _plan_person(
    number: int,
    cells: dict,
    *,
    institute,
    units: _Units,
    existing: dict[str, Person],
    present: list[str],
    seen: dict[str, list[int]],
    today: datetime.date,
) -> RowPreview:
    """One row of the people sheet and what applying it would do."""
    staff_no = normalise_staff_no(cells.get(STAFF_NO))
    name = normalise_name(cells.get(NAME))
    preview = RowPreview(PEOPLE_SHEET, number, staff_no, name)
    _check_identity(preview, name, staff_no, seen)
    values, problems, unreadable = _read_cells(cells, present, units, today)
    person = existing.get(staff_no)
    merged = _merged(person, values)
    problems += _membership_problems(merged, unreadable)
    problems += _field_problems(institute, merged, name, staff_no)
    for message in problems:
        preview.problem(message)
    preview.values = merged | {"name": name, "staff_no": staff_no}
    preview.person = person
    if preview.problems:
        return preview
    if person is None:
        preview.action = Action.CREATE
        return preview
    preview.changes = _changes(person, {"name": name, "staff_no": staff_no, **merged})
    if not person.is_active:
        preview.changes.append(_("Back in service"))
    preview.action = Action.UPDATE if preview.changes else Action.UNCHANGED
    return preview


def _plan_people(sheet: Sheet, institute, units: _Units) -> list[RowPreview]:
    # Stored staff numbers are compared in their normal form too (ＰＴ００００３ is PT00003).
    existing = {
        normalise_staff_no(p.staff_no): p
        for p in Person.objects.filter(institute=institute).select_related(
            "department", "branch"
        )
    }
    present = [c for c in PEOPLE_COLUMNS if c in sheet.headers]
    seen = _staff_rows(sheet)
    today = timezone.localdate()
    return [
        _plan_person(
            number,
            cells,
            institute=institute,
            units=units,
            existing=existing,
            present=present,
            seen=seen,
            today=today,
        )
        for number, cells in sheet.rows
    ]


def roster_preview(
    *, institute: Organization, filename: str, content: bytes
) -> Preview:
    """Read a roster file and say, row by row, what applying it would do (writes nothing)."""
    people_sheet, units_sheet = roster_read(filename=filename, content=bytes(content))
    return roster_plan(
        institute=institute, filename=filename, people=people_sheet, units=units_sheet
    )


def roster_plan(
    *, institute: Organization, filename: str, people: Sheet, units: Sheet | None
) -> Preview:
    """Say, row by row, what applying sheets already read would do (writes nothing)."""
    people_sheet, units_sheet = people, units
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
