"""Browser journey: the office imports a roster that adds a branch and two people."""

import io

import openpyxl
import pytest

from tests.pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def roster_file(inst) -> bytes:
    book = openpyxl.Workbook()
    people = book.active
    people.title = "人员"
    people.append(
        ["姓名", "工号", "性别", "部门", "支部", "政治面貌", "入党日期", "职务"]
    )
    people.append(
        [
            "林青禾",
            "J9001",
            "女",
            inst.department.name,
            "新材料党支部",
            "中共党员",
            "2015-07-01",
            "工程师",
        ]
    )
    people.append(
        [
            "周远山",
            "J9002",
            "男",
            inst.department.name,
            "新材料党支部",
            "中共预备党员",
            "2026-03-15",
            "助理工程师",
        ]
    )
    units = book.create_sheet("组织机构")
    units.append(["名称", "类型", "上级", "支部类别", "服务部门"])
    units.append(
        [
            "新材料党支部",
            "党支部",
            inst.gb.name,
            "事业部/产业中心",
            inst.department.name,
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def eager_celery():
    """The worker's tasks run in the live server's thread once each request commits."""
    from chuangxian.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = before


def test_it_imports_a_roster_and_finds_the_new_branch_and_people_in_the_tree(
    page, inst, tmp_path, eager_celery
):
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(roster_file(inst))
    sign_in(page, "office")
    page.goto(page.base_url + "/people/")
    page.click('[data-testid="roster-import-link"]')
    page.set_input_files(
        '[data-testid="roster-upload-form"] input[type=file]', str(path)
    )
    page.click('[data-testid="roster-preview"]')
    page.wait_for_selector('[data-testid="roster-rows"]')
    assert "林青禾" in page.inner_text('[data-testid="roster-rows"]')
    page.click('[data-testid="roster-apply"]')
    page.wait_for_selector('[data-testid="roster-result"]')
    assert page.locator('[data-testid="roster-result"]').is_visible()
    page.click('[data-testid="roster-open-tree"]')
    page.wait_for_load_state("networkidle")
    page.click("text=新材料党支部")
    page.wait_for_load_state("networkidle")
    people = page.inner_text('[data-testid="unit-people"]')
    assert "林青禾" in people
    assert "周远山" in people
    page.screenshot(path=str(tmp_path / "branch.png"))
