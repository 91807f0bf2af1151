"""Browser journey of the academy's awards (院级推荐): the academy's office sets each
institute's recommendation quota, both institutes' offices recommend one of their staff
within it and send it up, the academy's office sees both side by side and receives them
onto its own award list, which its leading group signs off and its office publishes; the
published list shows both people. The academy's office still opens no institute's
ballot round and no member's own page.

Built here: two institutes beneath a branch academy (``build_academy``), the academy's
office ``academy`` and a leader of the academy's own leading group ``acleader``."""

import pytest

from organizations.models import Organization, Role
from tests.academy.conftest import build_academy
from tests.evaluations.ballots.builders import make_round
from tests.factories import person, unit
from tests.pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEEDS = {"office": "牵头完成星载电源国产化。", "yoffice": "新材料中试线提前投产。"}


def as_user(page, username):
    page.context.clear_cookies()
    sign_in(page, username)


def click(page, selector):
    page.click(selector)
    page.wait_for_load_state("networkidle")


def test_the_academy_receives_both_institutes_recommendations_and_publishes(
    page, inst, other_inst
):
    academy = build_academy(inst, other_inst)
    campaign = academy.campaign
    group = unit("青岚科学院领导小组", Organization.Kind.LEADING_GROUP, academy.unit)
    leader = person(inst.institute, "acleader", department=inst.department)
    Role.objects.create(person=leader, kind=Role.Kind.LEADER, node=group, title="组长")
    worker = campaign.criteria_sets.get(code="union_member")
    base = page.base_url + f"/awards/{campaign.pk}"

    # The academy's office gives each institute one 先进工作者 to recommend.
    as_user(page, "academy")
    page.goto(base + "/recommendations/")
    click(page, '[data-testid="recommendation-quotas"]')
    form = page.locator('[data-testid="recommendation-quota-form"]')
    for i in (inst, other_inst):
        form.locator(f'input[name="q_{i.institute.pk}_{worker.pk}"]').fill("1")
    click(page, '[data-testid="recommendation-quota-save"]')
    assert page.url.endswith("/recommendations/")

    # Each institute's office recommends one of its own within the quota and sends it.
    chosen = {}
    for office, i in (("office", inst), ("yoffice", other_inst)):
        as_user(page, office)
        page.goto(base + f"/recommend/{i.institute.pk}/")
        quotas = page.inner_text('[data-testid="recommend-quotas"]')
        assert worker.title in quotas
        form = page.locator('[data-testid="recommend-form"]')
        form.locator("select[name=criteria_set]").select_option(str(worker.pk))
        form.locator("input[name=staff_no]").fill(i.people["staff"].staff_no)
        form.locator("textarea[name=deeds]").fill(DEEDS[office])
        form.locator("input[type=submit]").click()
        page.wait_for_load_state("networkidle")
        assert DEEDS[office] in page.inner_text('[data-testid="recommend-rows"]')
        click(page, '[data-testid="recommend-submit"]')
        assert page.locator('[data-testid="recommend-submitted"]').count() == 1
        chosen[i.institute.name] = i.people["staff"].name

    # The academy's office sees both side by side and receives them onto its list.
    as_user(page, "academy")
    page.goto(base + "/recommendations/")
    columns = page.locator('[data-testid="recommendation-column"]')
    assert columns.count() == 2
    # In the tree's order (by path: "/1/12/" comes before "/1/9/"), not the build's.
    in_tree = sorted(
        [(inst, "office"), (other_inst, "yoffice")], key=lambda x: x[0].institute.path
    )
    for n, (i, office) in enumerate(in_tree):
        text = columns.nth(n).inner_text()
        assert i.institute.name in text and chosen[i.institute.name] in text
        assert DEEDS[office] in text
    click(page, '[data-testid="recommendations-receive"]')
    assert page.url.endswith(f"/awards/{campaign.pk}/")
    listed = page.inner_text('[data-testid="award-list"]')
    assert all(name in listed for name in chosen.values())
    click(page, '[data-testid="award-submit"]')

    # Its leading group signs the list off; its office publishes it.
    as_user(page, "acleader")
    page.goto(base + "/sign-off/")
    click(page, '[data-testid="award-signoff"]')

    as_user(page, "academy")
    page.goto(base + "/")
    override = page.locator('[data-testid="award-publish-override"]')
    if override.count():
        override.locator("textarea[name=override_reason]").fill("事迹已随推荐报送")
        override.locator('[data-testid="award-publish"]').click()
    else:
        page.click('[data-testid="award-publish"]')
    page.wait_for_load_state("networkidle")

    page.goto(base + "/commendations/")
    listed = page.inner_text('[data-testid="commendation-list"]')
    assert worker.title in listed
    assert all(name in listed for name in chosen.values())

    # Report level only: no institute's ballot round, no member's own page.
    for i in (inst, other_inst):
        round = make_round(i)
        answer = page.goto(page.base_url + f"/rounds/{round.pk}/")
        assert answer.status in (403, 404)
        member = i.people["othermember"]
        answer = page.goto(page.base_url + f"/people/{member.pk}/")
        assert answer.status in (403, 404)
