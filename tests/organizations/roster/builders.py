"""Builders of roster files and the office's steps through the import pages."""

import io
import zipfile

from django.test import TestCase
from django.urls import reverse
from openpyxl import Workbook

from organizations import roster
from organizations.models import Organization, RosterImport

HEADERS = [
    "姓名",
    "工号",
    "性别",
    "部门",
    "支部",
    "政治面貌",
    "入党日期",
    "职务",
    "邮箱",
]
UNIT_HEADERS = ["名称", "类型", "上级", "支部类别", "服务部门"]
K = Organization.Kind


def xlsx(people=(), units=None, headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "人员"
    sheet.append(headers)
    for row in people:
        sheet.append(list(row))
    if units is not None:
        extra = book.create_sheet("组织机构")
        extra.append(UNIT_HEADERS)
        for row in units:
            extra.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows, *, encoding="utf-8", bom=False, headers=HEADERS) -> bytes:
    text = "\r\n".join(",".join(r) for r in [headers, *rows]) + "\r\n"
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def person_row(inst, name="新人甲", staff_no="N001", **kw):
    """A valid party-member row in the first branch of ``inst``."""
    row = {
        "姓名": name,
        "工号": staff_no,
        "性别": "男",
        "部门": inst.department.name,
        "支部": inst.branch.name,
        "政治面貌": "中共党员",
        "入党日期": "2001-07-01",
        "职务": "工程师",
        "邮箱": "a@example.com",
    }
    row.update(kw)
    return [row[h] for h in HEADERS]


def masses_row(inst, name="新人乙", staff_no="N002", **kw):
    return person_row(inst, name, staff_no, 支部="", 政治面貌="群众", 入党日期="", **kw)


def preview(inst, content, filename="花名册.xlsx"):
    return roster.roster_preview(
        institute=inst.institute, filename=filename, content=content
    )


def stored(inst, content, filename="花名册.xlsx") -> RosterImport:
    return RosterImport.objects.create(
        institute=inst.institute,
        uploaded_by=inst.user("office"),
        filename=filename,
        content=content,
    )


def apply(inst, content, filename="花名册.xlsx"):
    record = stored(inst, content, filename)
    return roster.roster_apply(roster_import=record, by=inst.user("office"))


def upload(client, content, filename="花名册.xlsx"):
    """Upload as the office does; the worker (eager) reads the file once the request
    commits, and the page the upload leads to is returned."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("organizations:roster_upload"),
            {"file": SimpleUploadedFile(filename, content)},
        )
    if response.status_code != 302:
        return response
    return client.get(response["Location"])


def post_apply(client, record, follow=True):
    """Press "apply"; the worker (eager) applies once the request commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("organizations:roster_apply", args=[record.pk]))
    return client.get(response["Location"]) if follow else response


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="人员" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)


def raw_xlsx(sheet_xml: str, shared_xml: str | None = None) -> bytes:
    """A workbook zipped by hand from its XML parts, as an attacker would build it."""
    shared_xml = shared_xml or (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        archive.writestr("xl/sharedStrings.xml", shared_xml)
    return out.getvalue()


def inline_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_xml(rows: str, dimension: str = "A1:B2") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )
