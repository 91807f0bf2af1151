"""Pages of the assessment of leading bodies: who sees what, forms, query counts."""

import pytest
from django.urls import reverse

from evaluations.assessment import services
from evaluations.models import LeadershipAssessment
from tests.evaluations.assessment.builders import marks_for, opened, row_of
from tests.evaluations.awards.builders import branches


@pytest.fixture(name="office")
def office_fixture(inst):
    return inst.user("office")


@pytest.fixture(name="assessment")
def assessment_fixture(campaign, office):
    return opened(campaign, office)


def list_url(campaign):
    return reverse("assessment:list", args=[campaign.pk])


def body_url(campaign, unit):
    return reverse("assessment:body", args=[campaign.pk, unit.pk])


def test_the_office_opens_the_assessment(client, inst, campaign, office):
    client.force_login(office)
    response = client.get(list_url(campaign))
    assert b'data-testid="assessment-open"' in response.content
    client.post(reverse("assessment:open", args=[campaign.pk]))
    assert LeadershipAssessment.objects.filter(campaign=campaign).exists()


@pytest.mark.parametrize("key", ["secretary", "leader", "member", "staff"])
def test_only_the_office_opens_it(client, inst, campaign, key):
    client.force_login(inst.user(key))
    response = client.post(reverse("assessment:open", args=[campaign.pk]))
    assert response.status_code == 403
    assert not LeadershipAssessment.objects.exists()


def test_the_office_and_the_leaders_see_every_body(client, inst, campaign, assessment):
    for key in ("office", "leader"):
        client.force_login(inst.user(key))
        body = client.get(list_url(campaign)).content.decode()
        assert inst.branch.name in body and inst.other_branch.name in body


def test_a_secretary_sees_only_its_own_body(client, inst, campaign, assessment):
    client.force_login(inst.user("secretary"))
    body = client.get(list_url(campaign)).content.decode()
    assert inst.branch.name in body
    assert inst.other_branch.name not in body
    assert inst.gb.name not in body
    assert client.get(body_url(campaign, inst.branch)).status_code == 200
    assert client.get(body_url(campaign, inst.other_branch)).status_code == 404


@pytest.mark.parametrize("key", ["member", "staff"])
def test_members_and_staff_get_no_list(client, inst, campaign, assessment, key):
    client.force_login(inst.user(key))
    assert client.get(list_url(campaign)).status_code == 403
    assert client.get(body_url(campaign, inst.branch)).status_code in (403, 404)


def test_another_institute_gets_404(client, inst, other_inst, campaign, assessment):
    client.force_login(other_inst.user("office"))
    assert client.get(list_url(campaign)).status_code == 404
    assert client.get(body_url(campaign, inst.branch)).status_code == 404


def test_the_secretary_submits_the_achievements(client, inst, campaign, assessment):
    client.force_login(inst.user("secretary"))
    url = reverse("assessment:achievements", args=[campaign.pk, inst.branch.pk])
    response = client.post(url, {"achievements": "完成攻关任务", "action": "submit"})
    assert response.status_code == 302
    row = row_of(assessment, inst.branch)
    assert row.achievements == "完成攻关任务" and row.is_submitted


def test_empty_achievements_are_refused_with_a_message(
    client, inst, campaign, assessment
):
    client.force_login(inst.user("secretary"))
    url = reverse("assessment:achievements", args=[campaign.pk, inst.branch.pk])
    response = client.post(url, {"achievements": "  ", "action": "submit"})
    assert response.status_code == 200
    assert "Write the body&#x27;s achievements." in response.content.decode()


def test_another_secretary_cannot_write_them(client, inst, campaign, assessment):
    client.force_login(inst.user("othersec"))
    url = reverse("assessment:achievements", args=[campaign.pk, inst.branch.pk])
    assert client.post(url, {"achievements": "x"}).status_code == 404


def test_the_secretary_cannot_mark(client, inst, campaign, assessment):
    client.force_login(inst.user("secretary"))
    response = client.post(body_url(campaign, inst.branch), {})
    assert response.status_code == 403


def test_the_leader_marks(client, inst, campaign, assessment):
    client.force_login(inst.user("leader"))
    fields = {f"item_{k}": v for k, v in marks_for(assessment, 88, 77).items()}
    response = client.post(body_url(campaign, inst.branch), fields)
    assert response.status_code == 302
    assert row_of(assessment, inst.branch).score is not None


def test_bad_marks_are_refused_and_kept(client, inst, campaign, assessment, office):
    client.force_login(office)
    fields = {f"item_{k}": v for k, v in marks_for(assessment, 120, 77).items()}
    response = client.post(body_url(campaign, inst.branch), fields)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter points from 0 to 100." in body
    assert 'value="77"' in body
    assert row_of(assessment, inst.branch).marked_at is None


def test_weights_not_adding_up_are_refused(client, inst, campaign, assessment, office):
    client.force_login(office)
    items = list(assessment.items.all())
    data = {"excellent": 90, "good": 80, "average": 60}
    for n, item in enumerate(items):
        data |= {
            f"id_{n}": item.pk,
            f"name_{n}": item.name,
            f"source_{n}": item.source,
            f"weight_{n}": 30,
        }
    response = client.post(reverse("assessment:items", args=[campaign.pk]), data)
    assert response.status_code == 200
    assert "The weights add up to 150.00; they must add up to 100." in (
        response.content.decode()
    )


def test_the_secretary_sees_the_result_only_once_published(
    client, inst, campaign, assessment, office
):
    services.marks_save(
        row=row_of(assessment, inst.branch),
        by=office,
        marks=marks_for(assessment, 90, 80),
    )
    client.force_login(inst.user("secretary"))
    body = client.get(body_url(campaign, inst.branch)).content.decode()
    assert 'data-testid="result-hidden"' in body
    assert 'data-testid="breakdown"' not in body
    services.assessment_publish(assessment=assessment, by=office)
    body = client.get(body_url(campaign, inst.branch)).content.decode()
    assert 'data-testid="breakdown"' in body
    for name in ("工作实绩", "目标完成", "创先争优承诺兑现", "群众满意度", "述职述廉"):
        assert name in body
    assert "the body has no secretary" not in body
    assert "no published satisfaction tally targets this body" in body


def test_the_list_keeps_a_fixed_number_of_queries(
    client, inst, campaign, office, django_assert_max_num_queries
):
    branches(inst, 2, prefix="甲")
    assessment = opened(campaign, office)
    client.force_login(office)
    url = list_url(campaign)
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    branches(inst, 8, prefix="乙")
    opened(campaign, office)
    assert assessment.bodies.count() == 15
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_computing_keeps_a_fixed_number_of_queries(
    inst, campaign, office, django_assert_max_num_queries
):
    branches(inst, 2, prefix="甲")
    assessment = opened(campaign, office)
    with django_assert_max_num_queries(40) as small:
        services.assessment_compute(assessment=assessment)
    branches(inst, 8, prefix="乙")
    opened(campaign, office)
    with django_assert_max_num_queries(len(small.captured_queries)):
        services.assessment_compute(assessment=assessment)
