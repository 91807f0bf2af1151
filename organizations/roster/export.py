"""Roster import and export (花名册导入导出)."""

import io

from core.cells import cell_value
from organizations.models import Organization, Person
from organizations.roster.columns import (
    CATEGORY_LABELS,
    CATEGORY_NAMES,
    GENDER_LABELS,
    GENDER_NAMES,
    JOINED,
    KIND_LABELS,
    KIND_NAMES,
    NOTES_SHEET,
    PEOPLE_COLUMNS,
    PEOPLE_REQUIRED,
    PEOPLE_SHEET,
    STAFF_NO,
    STATUS_LABELS,
    STATUS_NAMES,
    UNIT_COLUMNS,
    UNITS_REQUIRED,
    UNITS_SHEET,
)
from organizations.roster.plan import _display


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
            # Text typed as =HYPERLINK(…) stays text; the import undoes the escape.
            cell = WriteOnlyCell(people, value=cell_value(value))
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
        units.append([cell_value(v) for v in values])
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
        "工号、姓名按统一写法读取：全角字母数字视同半角，姓名中汉字间的空格不计。",
        "表头可在标题行之下，也可是两行合并的表头。",
        "性别：" + "、".join(GENDER_LABELS) + "，可留空。",
        "政治面貌："
        + "、".join(STATUS_LABELS)
        + "；也认得党员、预备党员、团员等常见写法；留空视为群众。",
        "中共党员、中共预备党员须填写支部；其他人员不填支部和入党日期。",
        "入党日期：YYYY-MM-DD、YYYY/MM/DD、YYYY.MM.DD、YYYY年M月D日、YYYYMMDD 或 Excel 日期。",
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
