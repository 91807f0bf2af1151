"""Mass committees propose their own candidates (群团组织推荐): the union's officer
proposes within the quota with deeds and attachments, submits; the office and the
leading group sign off; the published list has a section per organisation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.awards import levels, services
from evaluations.awards.services import proposals
from evaluations.models import (
    AwardCandidate,
    CommitteeSubmission,
    Nomination,
    NominationFile,
)
from organizations import services as org_services
from organizations.models import Organization, Role
from pledges.demo.commitments import pdf_bytes
from tests.evaluations.awards.builders import score, set_quota, title
from tests.factories import person, unit


@pytest.fixture(name="officer")
def officer_fixture(inst):
    """The union's officer (工会主席)."""
    p = person(inst.institute, "unionchair", department=inst.department)
    org_services.role_grant(person=p, kind=Role.Kind.UNION_OFFICER, node=inst.union)
    p.refresh_from_db()
    return p.user


@pytest.fixture(name="quota")
def quota_fixture(campaign, office):
    return set_quota(campaign, office, "union_member", 1)


def _url(campaign, committee, name="awards:committee", *extra):
    return reverse(name, args=[campaign.pk, committee.pk, *extra])


def _propose(client, campaign, inst, staff_key, **extra):
    data = {
        "criteria_set": title(campaign, "union_member").pk,
        "staff_no": inst.people[staff_key].staff_no,
        "deeds": "刻苦钻研，攻克关键技术难题。",
        **extra,
    }
    return client.post(_url(campaign, inst.union), data)


def test_it_offers_the_committees_own_titles_and_skips_missing_codes(inst, campaign):
    codes = [t.code for t in levels.committee_titles(campaign, inst.union)]
    assert codes == ["union_unit", "union_member"]
    league = unit("甲团委", Organization.Kind.LEAGUE_COMMITTEE, inst.institute)
    codes = set(
        levels.committee_titles(campaign, league).values_list("code", flat=True)
    )
    assert {"league_unit", "league_member"} <= codes
    assert codes <= {"league_unit", "league_member", "league_outstanding"}
    assert list(levels.campaign_committees(campaign)) == [inst.union, league]


def test_the_officer_proposes_with_deeds_and_attachments(
    client, inst, campaign, officer, quota
):
    client.force_login(officer)
    page = client.get(_url(campaign, inst.union))
    assert page.status_code == 200
    upload = SimpleUploadedFile("事迹材料.pdf", pdf_bytes(), "application/pdf")
    response = _propose(client, campaign, inst, "staff", files=[upload])
    assert response.status_code == 302, response.content.decode()[:2000]
    candidate = AwardCandidate.objects.get(committee=inst.union)
    assert candidate.origin == AwardCandidate.Origin.COMMITTEE
    assert candidate.person == inst.people["staff"] and candidate.is_selected
    nomination = Nomination.objects.get(person=inst.people["staff"])
    assert "攻克关键技术" in nomination.deeds
    stored = NominationFile.objects.get(nomination=nomination)
    assert stored.name == "事迹材料.pdf"
    page = client.get(_url(campaign, inst.union))
    assert "攻克关键技术" in page.content.decode()
    download = client.get(
        reverse("awards:nomination_file", args=[campaign.pk, stored.pk])
    )
    assert download.status_code == 200
    client.force_login(inst.user("member"))
    download = client.get(
        reverse("awards:nomination_file", args=[campaign.pk, stored.pk])
    )
    assert download.status_code == 404


def test_it_keeps_within_the_quota(client, inst, campaign, officer, quota, english):
    client.force_login(officer)
    assert _propose(client, campaign, inst, "staff").status_code == 302
    response = _propose(client, campaign, inst, "member", deeds="另一人的事迹")
    assert response.status_code == 200
    assert "quota" in response.content.decode()
    assert "另一人的事迹" in response.content.decode()  # nothing lost
    assert AwardCandidate.objects.filter(committee=inst.union).count() == 1


def test_it_refuses_a_title_without_quota_and_a_title_of_another_organisation(
    inst, campaign, officer
):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        proposals.committee_propose(
            campaign=campaign,
            committee=inst.union,
            criteria_set=title(campaign, "union_member"),
            person=inst.people["staff"],
            deeds="事迹",
            by=officer,
        )
    with pytest.raises(ValidationError):
        proposals.committee_propose(
            campaign=campaign,
            committee=inst.union,
            criteria_set=title(campaign, "party_member"),
            person=inst.people["member"],
            deeds="事迹",
            by=officer,
        )


@pytest.mark.parametrize("role", ["member", "secretary", "staff"])
def test_only_the_officer_and_the_readers_open_the_committee_page(
    client, inst, campaign, role
):
    client.force_login(inst.user(role))
    assert client.get(_url(campaign, inst.union)).status_code == 403
    client.force_login(inst.user("office"))
    assert client.get(_url(campaign, inst.union)).status_code == 200
    assert _propose(client, campaign, inst, "staff").status_code == 403


def test_another_institute_cannot_see_the_committee(client, inst, other_inst, campaign):
    client.force_login(other_inst.user("office"))
    assert client.get(_url(campaign, inst.union)).status_code == 404
    client.force_login(inst.user("office"))
    assert (
        client.get(
            reverse("awards:committee", args=[campaign.pk, inst.branch.pk])
        ).status_code
        == 404
    )


def test_submitted_proposals_go_through_sign_off_into_a_union_section(
    client, inst, campaign, officer, office, leader, english
):
    services.quotas_set(
        campaign=campaign,
        by=office,
        counts={
            (title(campaign, "party_branch").pk, ""): 1,
            (title(campaign, "union_member").pk, ""): 1,
        },
    )
    score(campaign, inst.branch, 95, grade="excellent", rank=1)
    client.force_login(officer)
    upload = SimpleUploadedFile("事迹材料.pdf", pdf_bytes(), "application/pdf")
    _propose(client, campaign, inst, "staff", files=[upload])
    response = client.post(_url(campaign, inst.union, "awards:committee_submit"))
    assert response.status_code == 302
    assert CommitteeSubmission.objects.filter(committee=inst.union).exists()
    # submitted: no more changes
    assert _propose(client, campaign, inst, "member").status_code == 403

    award_list = services.awards_propose(campaign=campaign, by=office)
    union = award_list.candidates.filter(criteria_set__code="union_member")
    assert list(union.values_list("origin", "state")) == [("committee", "selected")]
    award_list = services.award_list_submit(award_list=award_list, by=office)
    award_list = services.award_list_sign_off(award_list=award_list, by=leader)
    branch = award_list.candidates.get(unit=inst.branch)
    services.nomination_save(candidate=branch, by=office, deeds="支部事迹")
    services.award_list_publish(award_list=award_list, by=office)

    client.force_login(inst.user("member"))
    page = client.get(reverse("awards:commendations", args=[campaign.pk]))
    text = page.content.decode()
    assert text.count('data-testid="commendation-section"') == 2
    assert text.index("Party organisations") < text.index("Trade union")
    assert inst.people["staff"].name in text
    printed = client.get(reverse("awards:print", args=[campaign.pk])).content.decode()
    assert printed.count('data-testid="print-section"') == 2
    # the winners' deeds, with the union's attachment, for everyone once published
    deeds = client.get(reverse("awards:deeds", args=[campaign.pk])).content.decode()
    assert "事迹材料.pdf" in deeds
    stored = NominationFile.objects.get()
    url = reverse("awards:nomination_file", args=[campaign.pk, stored.pk])
    assert client.get(url).status_code == 200


def test_the_officer_withdraws_before_submitting(
    client, inst, campaign, officer, quota
):
    client.force_login(officer)
    _propose(client, campaign, inst, "staff")
    candidate = AwardCandidate.objects.get(committee=inst.union)
    response = client.post(
        _url(campaign, inst.union, "awards:committee_withdraw", candidate.pk)
    )
    assert response.status_code == 302
    assert not AwardCandidate.objects.filter(committee=inst.union).exists()
    assert not Nomination.objects.filter(person=inst.people["staff"]).exists()


def test_the_committee_page_keeps_a_fixed_number_of_queries(
    client, inst, campaign, officer, quota, django_assert_max_num_queries
):
    client.force_login(officer)
    _propose(client, campaign, inst, "staff")
    with django_assert_max_num_queries(40):
        assert client.get(_url(campaign, inst.union)).status_code == 200


def test_the_officers_page_shows_no_english_in_chinese(
    client, inst, campaign, officer, quota
):
    from tests.test_chinese_pages import ALLOWED, latin_words

    score(campaign, inst.union, 90, rank=1)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    client.force_login(officer)
    _propose(client, campaign, inst, "staff")
    allowed = ALLOWED | {"unionchair"} | {p.name for p in inst.people.values()}
    for url in (_url(campaign, inst.union), reverse("awards:index")):
        response = client.get(url)
        assert response.status_code == 200
        assert latin_words(response.content.decode(), allowed) == set(), url
