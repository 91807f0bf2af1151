"""Roster import and export (花名册导入导出).

A roster file is an ``.xlsx`` workbook (sheet ``人员`` for people, optional sheet ``组织机构``
for units) or a ``.csv`` of people (UTF-8 or GBK, with or without BOM), with Chinese
headers. Reading the file, checking every row and planning what would change happen here,
free of views; ``roster_apply`` then writes the plan in one transaction, all or nothing,
and only when no row has a problem. People are matched by 工号 within the institute and
units by name, so applying the same file twice changes nothing the second time, and an
exported roster imports as "unchanged" throughout.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations import services
from organizations.models import BranchCategory, Organization, Person, RosterImport

PEOPLE_SHEET = "人员"
UNITS_SHEET = "组织机构"
NOTES_SHEET = "说明"

# Person columns, in file order, with the model field each one fills.
NAME, STAFF_NO, GENDER, DEPARTMENT, BRANCH = "姓名", "工号", "性别", "部门", "支部"
STATUS, JOINED, POSITION, EMAIL = "政治面貌", "入党日期", "职务", "邮箱"
PEOPLE_COLUMNS = {
    NAME: "name",
    STAFF_NO: "staff_no",
    GENDER: "gender",
    DEPARTMENT: "department",
    BRANCH: "branch",
    STATUS: "political_status",
    JOINED: "party_joined_on",
    POSITION: "position",
    EMAIL: "email",
}
PEOPLE_REQUIRED = (NAME, STAFF_NO)

UNIT_NAME, UNIT_KIND, UNIT_PARENT = "名称", "类型", "上级"
UNIT_CATEGORY, UNIT_DEPARTMENT = "支部类别", "服务部门"
UNIT_COLUMNS = (UNIT_NAME, UNIT_KIND, UNIT_PARENT, UNIT_CATEGORY, UNIT_DEPARTMENT)
UNITS_REQUIRED = (UNIT_NAME, UNIT_KIND)

K = Organization.Kind
PS = Person.PoliticalStatus
KIND_LABELS = {
    "党委": K.PARTY_COMMITTEE,
    "党总支": K.GENERAL_BRANCH,
    "党支部": K.BRANCH,
    "部门": K.DEPARTMENT,
    "工会": K.UNION,
    "分工会": K.UNION_BRANCH,
    "工会小组": K.UNION_GROUP,
    "团委": K.LEAGUE_COMMITTEE,
    "团支部": K.LEAGUE_BRANCH,
    "妇委会": K.WOMEN_COMMITTEE,
    "妇女小组": K.WOMEN_GROUP,
}
CATEGORY_LABELS = {
    "事业部/产业中心": BranchCategory.Code.RESEARCH,
    "机关": BranchCategory.Code.ORGAN,
    "保障服务": BranchCategory.Code.SUPPORT,
    "离退休": BranchCategory.Code.RETIRED,
}
STATUS_LABELS = {
    "中共党员": PS.PARTY_FULL,
    "中共预备党员": PS.PARTY_PROBATIONARY,
    "共青团员": PS.LEAGUE,
    "民主党派": PS.OTHER_PARTY,
    "群众": PS.MASSES,
}
GENDER_LABELS = {"男": Person.Gender.MALE, "女": Person.Gender.FEMALE}

KIND_NAMES = {v: k for k, v in KIND_LABELS.items()}
CATEGORY_NAMES = {v: k for k, v in CATEGORY_LABELS.items()}
STATUS_NAMES = {v: k for k, v in STATUS_LABELS.items()}
GENDER_NAMES = {v: k for k, v in GENDER_LABELS.items()}

# Blank rows count too: a sheet cannot make the server walk a million formatted rows.
MAX_ROWS = 60_000
DATE_RE = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RosterFileError(ValidationError):
    """The file as a whole cannot be read as a roster (format, size, headers)."""


class RosterProblems(ValidationError):
    """Some rows have problems, so nothing may be written."""

    def __init__(self, preview: "Preview"):
        super().__init__(
            _(
                "%(count)s row(s) have problems; nothing was written. Fix them in "
                "the file and upload it again."
            )
            % {"count": preview.counts["rejected"] + preview.counts["units_rejected"]}
        )
        self.preview = preview


class TransitionError(ValidationError):
    """An import moved past the state an action needs (applied or discarded)."""


class Action(models.TextChoices):
    """What applying a row would do."""

    CREATE = "create", gettext_lazy("New")
    UPDATE = "update", gettext_lazy("Changed")
    UNCHANGED = "unchanged", gettext_lazy("Unchanged")
    REJECTED = "rejected", gettext_lazy("Has problems")


# ---------------------------------------------------------------- reading the file


@dataclass
class Sheet:
    """One table read from the file: its header and its non-blank data rows."""

    name: str
    headers: list[str]
    rows: list[tuple[int, dict]]  # (row number as the user sees it, {header: cell})


def _text(value) -> str:
    """A cell as trimmed text; whole numbers lose Excel's ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date() if not value.time() else value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


def _cell(value):
    """Keep dates as dates (real Excel dates); everything else becomes text."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value
    return _text(value)


def _table(name: str, rows) -> Sheet | None:
    """Turn raw rows into a Sheet: the first non-blank row is the header."""
    headers: list[str] | None = None
    data: list[tuple[int, dict]] = []
    for number, raw in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise RosterFileError(
                _("The file has more than %(max)s rows; split it into smaller files.")
                % {"max": MAX_ROWS}
            )
        cells = [_cell(v) for v in raw]
        if all(c == "" for c in cells):
            continue
        if headers is None:
            headers = [_text(c).lstrip("\ufeff").strip() for c in cells]
            seen = set()
            for h in headers:
                if h and h in seen:
                    raise RosterFileError(
                        _(
                            "The column %(column)s appears twice in the header row; "
                            "keep one."
                        )
                        % {"column": h}
                    )
                seen.add(h)
            continue
        row = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers)}
        data.append((number, row))
    if headers is None:
        return None
    return Sheet(name=name, headers=[h for h in headers if h], rows=data)


def _decode(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("gb18030")


def _read_csv(content: bytes) -> list[Sheet | None]:
    unreadable = RosterFileError(
        _(
            "This file cannot be read as CSV text. Save it from Excel as "
            "“CSV UTF-8” (or upload the .xlsx) and try again."
        )
    )
    if b"\x00" in content:
        raise unreadable
    try:
        text = _decode(content)
    except UnicodeDecodeError:
        raise unreadable
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise unreadable
    return [_table(PEOPLE_SHEET, rows), None]


def _read_xlsx(content: bytes) -> list[Sheet | None]:
    from openpyxl import load_workbook

    unreadable = RosterFileError(
        _(
            "This file cannot be read as an Excel workbook (.xlsx). Save it from "
            "Excel as .xlsx and upload it again."
        )
    )
    if not content.startswith(b"PK\x03\x04"):
        raise unreadable
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged zip or XML part
        raise unreadable
    try:
        names = book.sheetnames
        people_name = (
            PEOPLE_SHEET
            if PEOPLE_SHEET in names
            else next((n for n in names if n not in (UNITS_SHEET, NOTES_SHEET)), None)
        )
        people = (
            _table(people_name, book[people_name].iter_rows(values_only=True))
            if people_name
            else None
        )
        units = (
            _table(UNITS_SHEET, book[UNITS_SHEET].iter_rows(values_only=True))
            if UNITS_SHEET in names
            else None
        )
    except RosterFileError:
        raise
    except Exception:
        raise unreadable
    finally:
        book.close()
    return [people, units]


def _missing(sheet: Sheet, required) -> list[str]:
    return [c for c in required if c not in sheet.headers]


def roster_read(*, filename: str, content: bytes) -> tuple[Sheet, Sheet | None]:
    """Read a roster file into its people sheet and optional units sheet, or refuse."""
    limit = settings.ROSTER_MAX_BYTES
    if len(content) > limit:
        raise RosterFileError(
            _("The file is larger than %(limit)s; split it into smaller files.")
            % {"limit": filesizeformat(limit)}
        )
    if not content:
        raise RosterFileError(
            _("The file is empty. Fill in the template and upload it again.")
        )
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        people, units = _read_xlsx(content)
    elif lower.endswith(".csv"):
        people, units = _read_csv(content)
    else:
        raise RosterFileError(
            _(
                "%(name)s is not a roster file. Upload an Excel workbook (.xlsx) or "
                "a CSV file (.csv)."
            )
            % {"name": filename}
        )
    if people is None and units is None:
        raise RosterFileError(
            _("The file is empty. Fill in the template and upload it again.")
        )
    if people is None:
        people = Sheet(PEOPLE_SHEET, list(PEOPLE_REQUIRED), [])
    if missing := _missing(people, PEOPLE_REQUIRED):
        raise RosterFileError(
            _(
                "The header row lacks the required column(s) %(columns)s. Download "
                "the template to see the expected columns."
            )
            % {"columns": "、".join(missing)}
        )
    if (
        units is not None
        and units.rows
        and (missing := _missing(units, UNITS_REQUIRED))
    ):
        raise RosterFileError(
            _("The sheet %(sheet)s lacks the required column(s) %(columns)s.")
            % {"sheet": UNITS_SHEET, "columns": "、".join(missing)}
        )
    if not people.rows and not (units and units.rows):
        raise RosterFileError(
            _(
                "The file has a header row but no people. Add one row per person "
                "under the header."
            )
        )
    return people, units


# ---------------------------------------------------------------- planning


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


# ---------------------------------------------------------------- applying


def _unit(ref):
    return ref.created if isinstance(ref, NewUnit) else ref


def roster_apply(*, roster_import: RosterImport, by) -> dict[str, int]:
    """Apply a previewed import: all rows or none, once (花名册导入)."""
    try:
        return _apply(roster_import=roster_import, by=by)
    except IntegrityError:
        raise RosterFileError(
            _(
                "The roster changed while this import ran. Open the preview again "
                "and apply it."
            )
        )


@transaction.atomic
def _apply(*, roster_import: RosterImport, by) -> dict[str, int]:
    claimed = RosterImport.objects.filter(
        pk=roster_import.pk, status=RosterImport.Status.PREVIEW
    ).update(status=RosterImport.Status.APPLIED, applied_at=timezone.now())
    if not claimed:
        raise TransitionError(_("This import was already applied or discarded."))
    institute = roster_import.institute
    # One import at a time per institute (a no-op on SQLite, whose writes are serial).
    list(Organization.objects.select_for_update().filter(pk=institute.pk))
    preview = roster_preview(
        institute=institute,
        filename=roster_import.filename,
        content=roster_import.content,
    )
    if not preview.ok:
        raise RosterProblems(preview)
    reason = _("Roster import %(file)s") % {"file": roster_import.filename}
    for row in preview.units:
        if row.action != Action.CREATE:
            continue
        new = row.unit
        new.created = services.organization_create(
            name=new.name,
            kind=new.kind,
            parent=_unit(new.parent),
            category=new.category,
            department=_unit(new.department),
        )
    for row in preview.people:
        if row.action == Action.UNCHANGED:
            continue
        person = row.person or Person(institute=institute)
        for key, value in row.values.items():
            if key in ("department", "branch"):
                value = _unit(value)
            setattr(person, key, value)
        person.is_active = True
        # Units were resolved from this institute by name above; no need to re-query.
        person.full_clean(
            exclude=["institute", "department", "branch", "user"],
            validate_unique=False,
            validate_constraints=False,
        )
        person._history_user = by
        person._change_reason = reason
        person.save()
    counts = preview.counts
    RosterImport.objects.filter(pk=roster_import.pk).update(result=counts)
    roster_import.status = RosterImport.Status.APPLIED
    roster_import.result = counts
    return counts


@transaction.atomic
def roster_discard(*, roster_import: RosterImport) -> None:
    """Throw a previewed import away; an applied one stays as it is."""
    if not RosterImport.objects.filter(
        pk=roster_import.pk, status=RosterImport.Status.PREVIEW
    ).update(status=RosterImport.Status.DISCARDED):
        raise TransitionError(_("This import was already applied or discarded."))
    roster_import.status = RosterImport.Status.DISCARDED


# ---------------------------------------------------------------- writing files


def _book(rows_people, rows_units, *, notes: bool):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)

    def header(sheet, columns, required):
        cells = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=column)
            if column in required:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)

    people = book.create_sheet(PEOPLE_SHEET)
    for letter, width in zip(
        "ABCDEFGHI", (10, 12, 6, 20, 20, 14, 12, 16, 24), strict=True
    ):
        people.column_dimensions[letter].width = width
    header(people, list(PEOPLE_COLUMNS), PEOPLE_REQUIRED)
    for values in rows_people:
        cells = []
        for column, value in zip(PEOPLE_COLUMNS, values, strict=True):
            cell = WriteOnlyCell(people, value=value)
            if column == STAFF_NO:
                cell.number_format = "@"  # keeps leading zeros as typed
            elif column == JOINED and value:
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        people.append(cells)
    units = book.create_sheet(UNITS_SHEET)
    for letter, width in zip("ABCDE", (24, 10, 24, 16, 20), strict=True):
        units.column_dimensions[letter].width = width
    header(units, UNIT_COLUMNS, UNITS_REQUIRED)
    for values in rows_units:
        units.append(list(values))
    if notes:
        sheet = book.create_sheet(NOTES_SHEET)
        for line in _notes():
            sheet.append([line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _notes() -> list[str]:
    return [
        "人员：姓名、工号必填；按工号匹配已有人员，表中出现的列覆盖原值，未出现的列不变。",
        "性别：" + "、".join(GENDER_LABELS) + "，可留空。",
        "政治面貌：" + "、".join(STATUS_LABELS) + "；留空视为群众。",
        "中共党员、中共预备党员须填写支部；其他人员不填支部和入党日期。",
        "入党日期：YYYY-MM-DD、YYYY/MM/DD、YYYY.MM.DD 或 Excel 日期。",
        "部门、支部：填写本所已有单位名称，或本文件“组织机构”表中新增的单位名称。",
        "组织机构：名称、类型必填；类型为 " + "、".join(KIND_LABELS) + "。",
        "上级：已有单位名称或本表中在前面定义的单位；留空表示本所。已有同名单位保持不变。",
        "支部类别：" + "、".join(CATEGORY_LABELS) + "；党支部必填。",
        "任一行有问题时整个文件不会导入，请修改后重新上传。",
    ]


def roster_template() -> bytes:
    """An empty roster workbook with both sheets' headers and a notes sheet (模板)."""
    return _book([], [], notes=True)


def roster_export(*, institute: Organization) -> bytes:
    """The institute's roster in the import format, so importing it changes nothing."""
    people = (
        Person.objects.filter(institute=institute, is_active=True)
        .select_related("department", "branch")
        .order_by("staff_no")
    )
    rows_people = (
        (
            p.name,
            p.staff_no,
            GENDER_NAMES.get(p.gender, ""),
            _display(p.department),
            _display(p.branch),
            STATUS_NAMES.get(p.political_status, ""),
            p.party_joined_on,
            p.position,
            p.email,
        )
        for p in people.iterator(chunk_size=2000)
    )
    units = (
        Organization.objects.filter(
            institute=institute, is_active=True, kind__in=list(KIND_NAMES)
        )
        .select_related("parent", "category", "department")
        .order_by("path")
    )
    rows_units = (
        (
            u.name,
            KIND_NAMES[u.kind],
            _display(u.parent),
            CATEGORY_NAMES.get(u.category.code, u.category.name) if u.category else "",
            _display(u.department),
        )
        for u in units
    )
    return _book(rows_people, rows_units, notes=False)
