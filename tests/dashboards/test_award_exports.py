"""The award list (Excel) and the commendation list (PDF), read back."""

from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse

from evaluations.models import AwardCandidate, AwardList
from tests.dashboards.builders import pdf_text


@pytest.fixture
def awards(world):
    """A published list: 一支部 and the member on it, 二支部 left out by a rule."""
    campaign, inst = world.campaign, world.inst
    branch_set = campaign.criteria_sets.get(code="party_branch")
    member_set = campaign.criteria_sets.get(code="party_member")
    award_list = AwardList.objects.create(
        campaign=campaign, status=AwardList.Status.PUBLISHED
    )
    common = {
        "award_list": award_list,
        "origin": AwardCandidate.Origin.SYSTEM,
        "category_key": str(inst.category.pk),
        "category_label": inst.category.name,
    }
    AwardCandidate.objects.create(
        **common,
        criteria_set=branch_set,
        unit=inst.branch,
        name=inst.branch.name,
        score=Decimal("92.50"),
        grade="excellent",
        rank=1,
        state=AwardCandidate.State.SELECTED,
        position=1,
    )
    AwardCandidate.objects.create(
        **common,
        criteria_set=branch_set,
        unit=inst.other_branch,
        name=inst.other_branch.name,
        score=Decimal("75.00"),
        grade="average",
        rank=2,
        state=AwardCandidate.State.EXCLUDED,
        exclusions=[{"code": "grade", "detail": "average"}],
        position=2,
    )
    AwardCandidate.objects.create(
        **common,
        criteria_set=member_set,
        person=inst.people["member"],
        name="member",
        score=Decimal("88.00"),
        grade="good",
        rank=1,
        state=AwardCandidate.State.SELECTED,
        position=3,
    )
    return award_list


def xlsx(client, user, world):
    client.force_login(user)
    return client.get(reverse("dashboards:award_list_xlsx", args=[world.campaign.pk]))


def test_it_exports_every_candidate_of_the_award_list(client, world, awards):
    response = xlsx(client, world.inst.user("office"), world)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(BytesIO(response.content)).active
    data = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert data[0] == [
        "Title",
        "State",
        "Name",
        "Kind",
        "Unit",
        "Ranking group",
        "Score",
        "Grade",
        "Rank",
        "Origin",
        "Reasons left out",
        "Office's reason",
    ]
    by_name = {r[2]: r for r in data[1:]}
    assert by_name["甲研究所一支部"][:9] == [
        "先进基层党组织",
        "On the list",
        "甲研究所一支部",
        "Unit",
        "甲研究所第一党总支",
        world.inst.category.name,
        92.5,
        "Excellent",
        1,
    ]
    assert by_name["甲研究所二支部"][1] == "Left out by a rule"
    assert by_name["甲研究所二支部"][10] == "excluded: graded Average, below Good"
    assert by_name["member"][:5] == [
        "优秀共产党员",
        "On the list",
        "member",
        "Member",
        "甲研究所一支部 · 甲研究所一部",
    ]


def test_it_refuses_the_award_list_to_a_secretary(client, world, awards):
    assert xlsx(client, world.inst.user("secretary"), world).status_code == 403


def test_it_hides_the_award_list_from_another_institute(
    client, world, awards, other_inst
):
    assert xlsx(client, other_inst.user("office"), world).status_code == 404


def test_it_prints_the_published_commendation_list_as_pdf(
    client, world, awards, pdf_ok
):
    client.force_login(world.inst.user("staff"))
    response = client.get(
        reverse("dashboards:commendation_pdf", args=[world.campaign.pk])
    )
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "先进基层党组织" in text
    assert "甲研究所一支部" in text
    assert "优秀共产党员" in text
    assert "甲研究所二支部" not in text  # left out


def test_it_keeps_an_unpublished_commendation_list_from_staff(client, world, awards):
    AwardList.objects.filter(pk=awards.pk).update(status=AwardList.Status.SIGNED_OFF)
    client.force_login(world.inst.user("staff"))
    url = reverse("dashboards:commendation_pdf", args=[world.campaign.pk])
    assert client.get(url).status_code == 404


def test_it_hides_the_commendation_list_from_another_institute(
    client, world, awards, other_inst
):
    client.force_login(other_inst.user("office"))
    url = reverse("dashboards:commendation_pdf", args=[world.campaign.pk])
    assert client.get(url).status_code == 404


def test_it_offers_the_award_exports_on_the_exports_page(client, world, awards):
    client.force_login(world.inst.user("office"))
    content = client.get(reverse("dashboards:exports")).content.decode()
    assert 'data-testid="export-awards"' in content
    assert 'data-testid="export-commendations"' in content
    client.force_login(world.inst.user("secretary"))
    content = client.get(reverse("dashboards:exports")).content.decode()
    assert 'data-testid="export-awards"' not in content
    assert 'data-testid="export-commendations"' in content
