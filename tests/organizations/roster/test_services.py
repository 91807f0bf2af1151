"""Roster import and export (花名册导入导出)."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from organizations import roster
from organizations import services as org_services
from organizations.models import Organization, Person, RosterImport
from organizations.roster import read as roster_read
from tests.organizations.roster.builders import (
    HEADERS,
    UNIT_HEADERS,
    K,
    apply,
    csv_bytes,
    masses_row,
    person_row,
    post_apply,
    preview,
    stored,
    upload,
    xlsx,
)

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def office(client, inst):
    """The office signed in, reading English (the source strings)."""
    client.force_login(inst.user("office"))
    client.cookies["django_language"] = "en"
    return client


def problems_of(inst, content, filename="花名册.xlsx") -> list[str]:
    return [p for row in preview(inst, content, filename).rows for p in row.problems]


# ---------------------------------------------------------------- reading files


def test_it_previews_new_people_without_writing(inst):
    result = preview(inst, xlsx([person_row(inst), masses_row(inst)]))
    assert result.ok
    assert result.counts["created"] == 2
    assert not Person.objects.filter(staff_no__in=["N001", "N002"]).exists()


def test_it_reads_a_gbk_csv(inst):
    content = csv_bytes([masses_row(inst)], encoding="gbk")
    result = preview(inst, content, "花名册.csv")
    assert result.ok
    assert result.people[0].label == "新人乙"


def test_it_reads_a_utf8_csv_with_a_bom(inst):
    content = csv_bytes([masses_row(inst)], bom=True)
    result = preview(inst, content, "花名册.csv")
    assert result.ok
    assert result.people[0].key == "N002"


@pytest.mark.parametrize("text", ["2001-07-01", "2001/07/01", "2001.7.1"])
def test_it_reads_the_written_date_formats(inst, text):
    result = preview(inst, xlsx([person_row(inst, 入党日期=text)]))
    assert result.people[0].values["party_joined_on"] == datetime.date(2001, 7, 1)


def test_it_reads_real_excel_dates(inst):
    content = xlsx([person_row(inst, 入党日期=datetime.date(2001, 7, 1))])
    result = preview(inst, content)
    assert result.people[0].values["party_joined_on"] == datetime.date(2001, 7, 1)


def test_it_reads_a_numeric_staff_number_without_a_decimal(inst):
    result = preview(inst, xlsx([masses_row(inst, staff_no=10023)]))
    assert result.people[0].key == "10023"


def test_it_skips_blank_rows(inst):
    content = xlsx([masses_row(inst), [""] * 9, masses_row(inst, "丙", "N003")])
    assert preview(inst, content).counts["created"] == 2


def test_it_accepts_a_file_that_only_adds_units(inst):
    content = xlsx([], [["新部门", "部门", "", "", ""]])
    assert apply(inst, content)["units_created"] == 1


def test_it_refuses_a_file_with_too_many_rows(inst, monkeypatch):
    monkeypatch.setattr(roster_read, "MAX_ROWS", 3)
    rows = [masses_row(inst, f"人{i}", f"M{i}") for i in range(3)]
    with pytest.raises(roster.RosterFileError) as error:
        preview(inst, xlsx(rows))
    assert error.value.messages == [
        "The file has more than 3 rows; split it into smaller files."
    ]


# ---------------------------------------------------------------- bad files, on the page

FILE_ERRORS = {
    "empty": "The file is empty. Fill in the template and upload it again.",
    "header_only": (
        "The file has a header row but no people. Add one row per person under "
        "the header."
    ),
    "format": (
        "notes.txt is not a roster file. Upload an Excel workbook (.xlsx) or a CSV "
        "file (.csv)."
    ),
    "xlsx": (
        "This file cannot be read as an Excel workbook (.xlsx). Save it from Excel "
        "as .xlsx and upload it again."
    ),
    "headers": (
        "The header row lacks the required column(s) 工号. Download the template to "
        "see the expected columns."
    ),
}


def test_it_refuses_an_over_size_file(office, inst, settings):
    settings.ROSTER_MAX_BYTES = 1024
    body = upload(office, b"x" * 2048).content.decode()
    assert "The file is larger than 1.0\xa0KB; split it into smaller files." in body
    assert not RosterImport.objects.exists()


def test_it_refuses_an_empty_file(office, inst):
    body = upload(office, b"").content.decode()
    assert FILE_ERRORS["empty"] in body
    assert not RosterImport.objects.exists()


def test_it_refuses_a_file_with_only_a_header(office, inst):
    body = upload(office, xlsx([])).content.decode()
    assert FILE_ERRORS["header_only"] in body


def test_it_refuses_a_csv_with_only_a_header(office, inst):
    body = upload(office, csv_bytes([]), "花名册.csv").content.decode()
    assert FILE_ERRORS["header_only"] in body


def test_it_refuses_a_text_file(office, inst):
    body = upload(office, b"hello", "notes.txt").content.decode()
    assert FILE_ERRORS["format"] in body


def test_it_refuses_a_png_renamed_to_xlsx(office, inst):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    body = upload(office, png, "photo.xlsx").content.decode()
    assert FILE_ERRORS["xlsx"] in body


def test_it_refuses_a_corrupt_xlsx(office, inst):
    content = xlsx([masses_row(inst)])
    body = upload(office, content[: len(content) // 2]).content.decode()
    assert FILE_ERRORS["xlsx"] in body


def test_it_refuses_a_zip_that_is_not_a_workbook(office, inst):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    body = upload(office, out.getvalue()).content.decode()
    assert FILE_ERRORS["xlsx"] in body


def test_it_refuses_a_binary_file_named_csv(office, inst):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    body = upload(office, png, "花名册.csv").content.decode()
    assert (
        "This file cannot be read as CSV text. Save it from Excel as “CSV UTF-8” "
        "(or upload the .xlsx) and try again."
    ) in body


def test_it_refuses_a_file_without_a_required_header(office, inst):
    headers = [h for h in HEADERS if h != "工号"]
    body = upload(office, xlsx([["张三"]], headers=headers)).content.decode()
    assert FILE_ERRORS["headers"] in body


def test_it_refuses_a_header_named_twice(office, inst):
    body = upload(office, xlsx([["张三", "1", "张"]], headers=["姓名", "工号", "姓名"]))
    assert (
        "The column 姓名 appears twice in the header row; keep one."
        in body.content.decode()
    )


def test_it_refuses_a_units_sheet_without_its_required_headers(office, inst):
    book = Workbook()
    book.active.title = "人员"
    book.active.append(HEADERS)
    book.active.append(masses_row(inst))
    units = book.create_sheet("组织机构")
    units.append(["名称", "上级"])
    units.append(["新支部", inst.gb.name])
    out = io.BytesIO()
    book.save(out)
    body = upload(office, out.getvalue()).content.decode()
    assert "The sheet 组织机构 lacks the required column(s) 类型." in body


# ---------------------------------------------------------------- bad rows, on the page

ROW_PROBLEMS = [
    ({"姓名": ""}, "姓名 is required."),
    ({"工号": ""}, "工号 is required."),
    (
        {"部门": "不存在的部门"},
        "部门: no department named 不存在的部门 in this institute.",
    ),
    (
        {"支部": "不存在的支部"},
        "支部: no party branch named 不存在的支部 in this institute.",
    ),
    (
        {"入党日期": "2001年13月1日"},
        "入党日期: 2001年13月1日 is not a date; write it as YYYY-MM-DD.",
    ),
    (
        {"入党日期": "2001-02-30"},
        "入党日期: 2001-02-30 is not a date; write it as YYYY-MM-DD.",
    ),
    ({"入党日期": "2999-01-01"}, "入党日期: 2999-01-01 is in the future."),
    (
        {"政治面貌": "党外人士"},
        "政治面貌: 党外人士 is not one of 中共党员、中共预备党员、共青团员、民主党派、群众.",
    ),
    ({"性别": "M"}, "性别: M is not one of 男、女."),
    ({"支部": ""}, "A party member must have a 支部."),
    ({"政治面貌": "群众", "入党日期": ""}, "Only party members may have a 支部."),
    ({"政治面貌": "共青团员", "支部": ""}, "Only party members may have a 入党日期."),
    ({"邮箱": "not-an-address"}, "邮箱: Enter a valid email address."),
    (
        {"姓名": "长" * 51},
        "姓名: Ensure this value has at most 50 characters (it has 51).",
    ),
]


@pytest.mark.parametrize("change,message", ROW_PROBLEMS)
def test_it_shows_each_row_problem_on_the_preview(office, inst, change, message):
    content = xlsx([masses_row(inst), person_row(inst, **change)])
    body = upload(office, content).content.decode()
    assert message in body
    assert "1 row has problems, so this file cannot be imported." in body
    assert 'data-testid="roster-apply"' not in body


def test_it_shows_a_staff_number_repeated_in_the_file(office, inst):
    content = xlsx([person_row(inst), masses_row(inst, staff_no="N001")])
    body = upload(office, content).content.decode()
    assert "工号: N001 also appears in row 3." in body
    assert "工号: N001 also appears in row 2." in body


def test_it_names_the_row_as_the_spreadsheet_numbers_it(inst):
    result = preview(inst, xlsx([masses_row(inst), person_row(inst, 姓名="")]))
    assert [r.row for r in result.problem_rows] == [3]


def test_it_reports_every_problem_of_a_row(inst):
    content = xlsx([person_row(inst, 姓名="", 性别="x", 部门="无")])
    assert len(preview(inst, content).people[0].problems) == 3


def test_it_treats_a_unit_of_the_wrong_kind_as_unknown(inst):
    content = xlsx([person_row(inst, 支部=inst.gb.name)])
    assert problems_of(inst, content) == [
        f"支部: no party branch named {inst.gb.name} in this institute."
    ]


def test_it_refuses_a_unit_of_another_institute(inst, other_inst):
    content = xlsx([person_row(inst, 部门=other_inst.department.name)])
    assert problems_of(inst, content) == [
        f"部门: no department named {other_inst.department.name} in this institute."
    ]


def test_it_refuses_an_ambiguous_unit_name(inst):
    org_services.organization_create(
        name=inst.department.name, kind=K.DEPARTMENT, parent=inst.institute
    )
    content = xlsx([masses_row(inst)])
    assert problems_of(inst, content) == [
        f"部门: more than one unit is named {inst.department.name}; rename one of "
        "them first."
    ]


UNIT_PROBLEMS = [
    (["", "党支部", "", "机关", ""], "名称 is required."),
    (["新单位", "小组", "", "", ""], "类型: 小组 is not one of"),
    (
        ["新支部", "党支部", "无此上级", "机关", ""],
        "上级: 无此上级 is neither an existing unit nor a unit defined above this row.",
    ),
    (["新支部", "党支部", "{gb}", "", ""], "支部类别 is required for a party branch."),
    (["新支部", "党支部", "{gb}", "科研", ""], "支部类别: 科研 is not one of"),
    (
        ["新部门", "部门", "", "机关", ""],
        "Only party branches and general branches have a category.",
    ),
    (
        ["新支部", "党支部", "{dept}", "机关", ""],
        "A Party branch cannot sit under Department.",
    ),
    (
        ["新支部", "党支部", "{gb}", "机关", "无此部门"],
        "服务部门: no department named 无此部门 in this institute.",
    ),
]


@pytest.mark.parametrize("unit_row,message", UNIT_PROBLEMS)
def test_it_shows_each_unit_problem_on_the_preview(office, inst, unit_row, message):
    unit_row = [c.format(gb=inst.gb.name, dept=inst.department.name) for c in unit_row]
    body = upload(office, xlsx([masses_row(inst)], [unit_row])).content.decode()
    assert message in body
    assert 'data-testid="roster-apply"' not in body


def test_it_refuses_a_new_unit_named_twice(inst):
    units = [
        ["新支部", "党支部", inst.gb.name, "机关", ""],
        ["新支部", "党支部", inst.gb.name, "机关", ""],
    ]
    assert problems_of(inst, xlsx([masses_row(inst)], units)) == [
        "名称: 新支部 also appears in row 2."
    ]


def test_it_refuses_a_parent_defined_below_its_child(inst):
    units = [
        ["新支部", "党支部", "新总支", "机关", ""],
        ["新总支", "党总支", inst.committee.name, "", ""],
    ]
    assert problems_of(inst, xlsx([masses_row(inst)], units)) == [
        "上级: 新总支 is neither an existing unit nor a unit defined above this row."
    ]


# ---------------------------------------------------------------- applying


def test_it_creates_people_and_counts_them(inst):
    counts = apply(inst, xlsx([person_row(inst), masses_row(inst)]))
    assert counts["created"] == 2
    created = Person.objects.get(institute=inst.institute, staff_no="N001")
    assert created.branch == inst.branch
    assert created.political_status == Person.PoliticalStatus.PARTY_FULL
    assert created.party_joined_on == datetime.date(2001, 7, 1)
    assert created.gender == Person.Gender.MALE


def test_it_updates_a_person_matched_by_staff_number(inst):
    staff = inst.people["staff"]
    row = masses_row(inst, staff.name, staff.staff_no, 部门=inst.other_department.name)
    counts = apply(inst, xlsx([row]))
    assert counts["updated"] == 1
    staff.refresh_from_db()
    assert staff.department == inst.other_department


def test_it_previews_what_an_update_changes(inst):
    staff = inst.people["staff"]
    row = masses_row(inst, staff.name, staff.staff_no, 部门=inst.other_department.name)
    changes = preview(inst, xlsx([row])).people[0].changes
    assert f"部门: {inst.department.name} → {inst.other_department.name}" in changes


def test_it_keeps_fields_whose_column_is_left_out(inst):
    member = inst.people["member"]
    content = xlsx(
        [[member.name, member.staff_no, "女"]], headers=["姓名", "工号", "性别"]
    )
    apply(inst, content)
    member.refresh_from_db()
    assert member.gender == Person.Gender.FEMALE
    assert member.branch == inst.branch


def test_it_matches_staff_numbers_per_institute(inst, other_inst):
    other = other_inst.people["staff"]
    counts = apply(inst, xlsx([masses_row(inst, "同号", other.staff_no)]))
    assert counts["created"] == 1
    assert Person.objects.filter(staff_no=other.staff_no).count() == 2


def test_it_is_idempotent(inst):
    content = xlsx([person_row(inst), masses_row(inst)])
    apply(inst, content)
    counts = apply(inst, content)
    assert counts == {
        "created": 0,
        "updated": 0,
        "unchanged": 2,
        "rejected": 0,
        "units_created": 0,
        "units_unchanged": 0,
        "units_rejected": 0,
    }


def test_it_applies_an_import_only_once(inst):
    record = stored(inst, xlsx([masses_row(inst)]))
    roster.roster_apply(roster_import=record, by=inst.user("office"))
    with pytest.raises(roster.TransitionError):
        roster.roster_apply(roster_import=record, by=inst.user("office"))
    assert Person.objects.filter(staff_no="N002").count() == 1


def test_it_writes_nothing_when_a_row_has_a_problem(inst):
    record = stored(inst, xlsx([masses_row(inst), person_row(inst, 支部="")]))
    with pytest.raises(roster.RosterProblems):
        roster.roster_apply(roster_import=record, by=inst.user("office"))
    assert not Person.objects.filter(staff_no__in=["N001", "N002"]).exists()
    record.refresh_from_db()
    assert record.status == RosterImport.Status.PREVIEW


def test_it_rolls_everything_back_when_a_write_fails(inst, monkeypatch):
    from organizations.roster import apply as roster_apply_module

    original = roster_apply_module.bulk_create_with_history
    calls = []

    def failing_batch(objs, *args, **kwargs):
        calls.append(len(objs))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(objs, *args, **kwargs)

    monkeypatch.setattr(roster_apply_module, "BATCH", 1)
    monkeypatch.setattr(roster_apply_module, "bulk_create_with_history", failing_batch)
    units = [["新支部", "党支部", inst.gb.name, "机关", ""]]
    record = stored(
        inst, xlsx([masses_row(inst), masses_row(inst, "丙", "N003")], units)
    )
    with pytest.raises(RuntimeError):
        roster.roster_apply(roster_import=record, by=inst.user("office"))
    monkeypatch.undo()
    assert not Person.objects.filter(staff_no__in=["N002", "N003"]).exists()
    assert not Organization.objects.filter(name="新支部").exists()
    record.refresh_from_db()
    assert record.status == RosterImport.Status.PREVIEW


def test_it_recomputes_the_plan_when_applying(inst):
    record = stored(inst, xlsx([person_row(inst)]))
    org_services.organization_merge(source=inst.branch, target=inst.other_branch)
    with pytest.raises(roster.RosterProblems):
        roster.roster_apply(roster_import=record, by=inst.user("office"))


def test_it_creates_units_and_people_in_them(inst):
    units = [
        ["新总支", "党总支", inst.committee.name, "", ""],
        ["新支部", "党支部", "新总支", "事业部/产业中心", inst.department.name],
        ["新部门", "部门", "", "", ""],
    ]
    people = [person_row(inst, 支部="新支部", 部门="新部门")]
    counts = apply(inst, xlsx(people, units))
    assert counts["units_created"] == 3
    branch = Organization.objects.get(name="新支部")
    assert branch.parent.name == "新总支"
    assert branch.path.startswith(inst.committee.path)
    assert branch.category.code == "research"
    assert branch.department == inst.department
    assert Organization.objects.get(name="新部门").parent == inst.institute
    assert Person.objects.get(staff_no="N001").branch == branch


def test_it_leaves_an_existing_unit_with_the_same_name_as_it_is(inst):
    units = [[inst.branch.name, "党支部", inst.committee.name, "机关", ""]]
    result = preview(inst, xlsx([masses_row(inst)], units))
    assert result.counts["units_unchanged"] == 1
    apply(inst, xlsx([masses_row(inst)], units))
    inst.branch.refresh_from_db()
    assert inst.branch.parent == inst.gb


def test_it_records_the_import_in_the_person_history(inst):
    apply(inst, xlsx([masses_row(inst)]))
    record = Person.objects.get(staff_no="N002").history.first()
    assert record.history_type == "+"
    assert record.history_user == inst.user("office")
    assert record.history_change_reason == "Roster import 花名册.xlsx"


def test_it_brings_a_person_back_in_service(inst):
    staff = inst.people["staff"]
    Person.objects.filter(pk=staff.pk).update(is_active=False)
    row = masses_row(inst, staff.name, staff.staff_no, 性别="", 职务="", 邮箱="")
    assert apply(inst, xlsx([row]))["updated"] == 1
    staff.refresh_from_db()
    assert staff.is_active


# ---------------------------------------------------------------- export and template


def test_it_exports_a_roster_that_imports_unchanged(inst):
    apply(
        inst,
        xlsx(
            [person_row(inst, staff_no="007"), masses_row(inst, 性别="")],
            [["新支部", "党支部", inst.gb.name, "离退休", inst.department.name]],
        ),
    )
    content = roster.roster_export(institute=inst.institute)
    result = preview(inst, content, "export.xlsx")
    assert result.ok
    assert result.counts["created"] == 0
    assert result.counts["updated"] == 0
    assert (
        result.counts["unchanged"]
        == Person.objects.filter(institute=inst.institute, is_active=True).count()
    )
    assert result.counts["units_created"] == 0


def test_it_exports_staff_numbers_as_text_and_dates_as_dates(inst):
    apply(inst, xlsx([person_row(inst, staff_no="007")]))
    book = load_workbook(io.BytesIO(roster.roster_export(institute=inst.institute)))
    rows = list(book["人员"].iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    row = next(r for r in rows if r[1] == "007")
    assert row[6] == datetime.datetime(2001, 7, 1)
    assert book.sheetnames == ["人员", "组织机构"]


def test_it_exports_only_its_own_institute(inst, other_inst):
    content = roster.roster_export(institute=inst.institute)
    book = load_workbook(io.BytesIO(content))
    units = {r[0] for r in book["组织机构"].iter_rows(values_only=True)}
    staff_nos = {r[1] for r in book["人员"].iter_rows(values_only=True)}
    assert staff_nos - {"工号"} == set(
        Person.objects.filter(institute=inst.institute).values_list(
            "staff_no", flat=True
        )
    )
    assert other_inst.branch.name not in units


def test_it_offers_a_template_with_both_sheets(office, inst):
    response = office.get(reverse("organizations:roster_template"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["人员", "组织机构", "说明"]
    assert [c.value for c in book["人员"][1]] == HEADERS
    assert [c.value for c in book["组织机构"][1]] == UNIT_HEADERS


def test_it_downloads_the_export_as_xlsx(office, inst):
    response = office.get(reverse("organizations:roster_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == roster.XLSX_MIME
    assert "attachment" in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "人员"


# ---------------------------------------------------------------- the pages


def test_it_previews_an_upload_then_applies_it(office, inst):
    units = [["新支部", "党支部", inst.gb.name, "机关", ""]]
    people = [person_row(inst, 支部="新支部"), masses_row(inst)]
    response = upload(office, xlsx(people, units))
    body = response.content.decode()
    assert 'data-testid="roster-apply"' in body
    assert not Person.objects.filter(staff_no="N001").exists()
    record = RosterImport.objects.get()
    body = post_apply(office, record).content.decode()
    assert 'data-testid="roster-result"' in body
    assert "People: 2 new, 0 changed, 0 unchanged, 0 rejected." in body
    assert "Units: 1 new, 0 unchanged." in body
    assert Person.objects.get(staff_no="N001").branch.name == "新支部"
    tree = office.get(reverse("organizations:tree")).content.decode()
    assert "新支部" in tree


def test_it_applies_once_when_apply_is_posted_twice(office, inst):
    upload(office, xlsx([masses_row(inst)]))
    record = RosterImport.objects.get()
    post_apply(office, record, follow=False)
    body = post_apply(office, record).content.decode()
    assert "This import was already applied or discarded." in body
    assert Person.objects.filter(staff_no="N002").count() == 1
    record.refresh_from_db()
    assert record.result["created"] == 1


def test_it_refuses_to_apply_a_file_with_problems(office, inst):
    upload(office, xlsx([masses_row(inst), person_row(inst, 支部="")]))
    record = RosterImport.objects.get()
    body = post_apply(office, record).content.decode()
    assert "Fix the rows with problems first." in body
    assert 'data-testid="roster-refused"' in body
    assert not Person.objects.filter(staff_no="N002").exists()


def test_it_shows_new_problems_when_the_roster_changed_since_the_preview(office, inst):
    upload(office, xlsx([person_row(inst)]))
    record = RosterImport.objects.get()
    org_services.organization_merge(source=inst.branch, target=inst.other_branch)
    body = post_apply(office, record).content.decode()
    assert (
        "1 row(s) have problems; nothing was written. Fix them in the file and "
        "upload it again."
    ) in body
    assert f"支部: no party branch named {inst.branch.name} in this institute." in body
    record.refresh_from_db()
    assert record.status == RosterImport.Status.PREVIEW
    assert not Person.objects.filter(staff_no="N001").exists()


def test_it_discards_an_import(office, inst):
    upload(office, xlsx([masses_row(inst)]))
    record = RosterImport.objects.get()
    office.post(reverse("organizations:roster_discard", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == RosterImport.Status.DISCARDED
    response = office.post(reverse("organizations:roster_apply", args=[record.pk]))
    assert response.status_code == 302
    assert not Person.objects.filter(staff_no="N002").exists()


def test_it_lists_ignored_columns(office, inst):
    content = xlsx([[*masses_row(inst), "x"]], headers=[*HEADERS, "备注"])
    body = upload(office, content).content.decode()
    assert "These columns are not part of the roster and are ignored: 备注." in body


def test_it_shows_the_import_buttons_to_the_office_only(client, inst):
    client.force_login(inst.user("office"))
    body = client.get(reverse("organizations:people")).content.decode()
    assert reverse("organizations:roster_upload") in body
    client.force_login(inst.user("leader"))
    body = client.get(reverse("organizations:people")).content.decode()
    assert reverse("organizations:roster_upload") not in body


def test_it_keeps_the_preview_query_count_fixed(
    office, inst, django_assert_max_num_queries
):
    upload(office, xlsx([masses_row(inst)]))
    small = RosterImport.objects.get()
    rows = [masses_row(inst, f"人{i}", f"M{i:04d}") for i in range(120)]
    upload(office, xlsx(rows))
    big = RosterImport.objects.exclude(pk=small.pk).get()
    url = "organizations:roster_import"
    with django_assert_max_num_queries(20) as first:
        office.get(reverse(url, args=[small.pk]))
    with django_assert_max_num_queries(len(first.captured_queries)):
        office.get(reverse(url, args=[big.pk]))


def test_it_paginates_the_preview_rows(office, inst):
    rows = [masses_row(inst, f"人{i}", f"M{i:04d}") for i in range(60)]
    upload(office, xlsx(rows))
    record = RosterImport.objects.get()
    url = reverse("organizations:roster_import", args=[record.pk])
    body = office.get(url + "?show=all&page=2").content.decode()
    assert "M0059" in body
    assert "M0000" not in body


# ---------------------------------------------------------------- who may


ROSTER_GETS = [
    "organizations:roster_upload",
    "organizations:roster_export",
    "organizations:roster_template",
]


@pytest.mark.parametrize("url_name", ROSTER_GETS)
@pytest.mark.parametrize("username", ["staff", "secretary", "leader"])
def test_it_forbids_the_roster_pages_to_others(client, inst, url_name, username):
    client.force_login(inst.user(username))
    assert client.get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize("url_name", ROSTER_GETS)
def test_it_sends_anonymous_visitors_to_sign_in(client, inst, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("username", ["staff", "secretary"])
def test_it_forbids_an_import_to_non_office_users(client, inst, username):
    record = stored(inst, xlsx([masses_row(inst)]))
    client.force_login(inst.user(username))
    assert (
        client.get(reverse("organizations:roster_import", args=[record.pk])).status_code
        == 403
    )
    url = reverse("organizations:roster_apply", args=[record.pk])
    assert client.post(url).status_code == 403


def test_it_hides_an_import_from_another_institutes_office(client, inst, other_inst):
    record = stored(inst, xlsx([masses_row(inst)]))
    client.force_login(other_inst.user("office"))
    for name in ("roster_import", "roster_apply", "roster_discard"):
        url = reverse(f"organizations:{name}", args=[record.pk])
        response = client.post(url) if name != "roster_import" else client.get(url)
        assert response.status_code == 404
    record.refresh_from_db()
    assert record.status == RosterImport.Status.PREVIEW


def test_it_lists_only_the_offices_own_imports(client, inst, other_inst):
    stored(inst, xlsx([masses_row(inst)]), "甲的花名册.xlsx")
    client.force_login(other_inst.user("office"))
    body = client.get(reverse("organizations:roster_upload")).content.decode()
    assert "甲的花名册.xlsx" not in body


def test_it_exports_the_offices_own_institute(client, inst, other_inst):
    client.force_login(other_inst.user("office"))
    url = reverse("organizations:roster_export") + f"?institute={inst.institute.pk}"
    book = load_workbook(io.BytesIO(client.get(url).content))
    units = {r[0] for r in book["组织机构"].iter_rows(values_only=True)}
    assert other_inst.branch.name in units
    assert inst.branch.name not in units
