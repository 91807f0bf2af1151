"""Academy recommendations (院级推荐): quotas per institute, each institute's office
recommends within its quota and only for itself, the academy's office receives what
was submitted into its own award list; the academy never reads institutes' ballots."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluations.awards import levels
from evaluations.awards.selectors.academy import recommendation_counts
from evaluations.awards.services import academy as academy_services
from evaluations.models import AwardCandidate, Nomination, Recommendation
from organizations.models import Organization, Role
from tests.evaluations.ballots.builders import make_round
from tests.factories import person, unit
from tests.pledges.academy import place_under, reload
from tests.pledges.builders import make_campaign


@pytest.fixture(name="academy")
def academy_fixture(inst, other_inst):
    """An academy over both institutes, its office (``acoffice``) and its campaign."""
    top = unit("青岚科学院", Organization.Kind.ACADEMY, None)
    for i in (inst, other_inst):
        place_under(top, i.institute)
        reload(i)
    top.refresh_from_db()
    body = unit("青岚科学院活动办公室", Organization.Kind.ACTIVITY_OFFICE, top)
    # as the bench does: a person of an institute's staff holds the academy's office
    p = person(inst.institute, "acoffice")
    Role.objects.create(person=p, kind=Role.Kind.OFFICE, node=body, title="主任")
    p.refresh_from_db()
    campaign = make_campaign(top)
    return {"unit": top, "campaign": campaign, "office": p.user}


def _set(campaign, code):
    return campaign.criteria_sets.get(code=code)


@pytest.fixture(name="quotas")
def quotas_fixture(academy, inst, other_inst):
    campaign = academy["campaign"]
    worker = _set(campaign, "union_member")
    academy_services.recommendation_quotas_set(
        campaign=campaign,
        by=academy["office"],
        counts={
            (inst.institute.pk, worker.pk): 1,
            (other_inst.institute.pk, worker.pk): 2,
        },
    )
    return worker


def _recommend(client, academy, institute, campaign_set, staff_no, deeds="事迹突出"):
    return client.post(
        reverse("awards:recommend", args=[academy["campaign"].pk, institute.pk]),
        {"criteria_set": campaign_set.pk, "staff_no": staff_no, "deeds": deeds},
    )


def test_the_institutes_beneath_the_academy(academy, inst, other_inst, campaign):
    assert list(levels.academy_institutes(academy["campaign"])) == sorted(
        [inst.institute, other_inst.institute], key=lambda o: o.path
    )
    assert not levels.academy_institutes(campaign).exists()


def test_the_academy_sets_quotas_on_a_page(client, academy, inst):
    client.force_login(academy["office"])
    campaign = academy["campaign"]
    url = reverse("awards:recommendation_quotas", args=[campaign.pk])
    assert client.get(url).status_code == 200
    worker = _set(campaign, "union_member")
    response = client.post(url, {f"q_{inst.institute.pk}_{worker.pk}": "3"})
    assert response.status_code == 302
    counts = {r["institute"].pk: r["quota"] for r in recommendation_counts(campaign)}
    assert counts[inst.institute.pk] == 3
    bad = client.post(url, {f"q_{inst.institute.pk}_{worker.pk}": "-1"})
    assert bad.status_code == 200 and "-1" in bad.content.decode()
    client.force_login(inst.user("office"))
    assert client.get(url).status_code == 403


def test_an_institute_recommends_within_its_quota(client, academy, inst, quotas):
    client.force_login(inst.user("office"))
    page = client.get(
        reverse("awards:recommend", args=[academy["campaign"].pk, inst.institute.pk])
    )
    assert page.status_code == 200
    staff = inst.people["staff"]
    assert (
        _recommend(client, academy, inst.institute, quotas, staff.staff_no).status_code
        == 302
    )
    over = _recommend(
        client,
        academy,
        inst.institute,
        quotas,
        inst.people["member"].staff_no,
        "另一份事迹",
    )
    assert over.status_code == 200 and "另一份事迹" in over.content.decode()
    assert Recommendation.objects.filter(institute=inst.institute).count() == 1


def test_an_institute_cannot_recommend_for_another_or_see_it(
    client, academy, inst, other_inst, quotas
):
    client.force_login(inst.user("office"))
    other_page = reverse(
        "awards:recommend", args=[academy["campaign"].pk, other_inst.institute.pk]
    )
    assert client.get(other_page).status_code == 404
    response = _recommend(
        client,
        academy,
        other_inst.institute,
        quotas,
        other_inst.people["staff"].staff_no,
    )
    assert response.status_code == 404
    # one's own page, someone of another institute: refused
    response = _recommend(
        client, academy, inst.institute, quotas, other_inst.people["staff"].staff_no
    )
    assert response.status_code == 200
    assert not Recommendation.objects.exists()
    with pytest.raises(ValidationError):
        academy_services.recommend(
            campaign=academy["campaign"],
            institute=inst.institute,
            criteria_set=quotas,
            person=other_inst.people["staff"],
            deeds="事迹",
            by=inst.user("office"),
        )
    # the academy's side-by-side page is the academy office's alone
    url = reverse("awards:recommendations", args=[academy["campaign"].pk])
    assert client.get(url).status_code == 403
    client.force_login(inst.user("staff"))
    assert client.get(other_page).status_code == 404
    own = reverse("awards:recommend", args=[academy["campaign"].pk, inst.institute.pk])
    assert client.get(own).status_code == 403


def test_the_academy_receives_only_submitted_recommendations(
    client, academy, inst, other_inst, quotas
):
    campaign = academy["campaign"]
    for i in (inst, other_inst):
        academy_services.recommend(
            campaign=campaign,
            institute=i.institute,
            criteria_set=quotas,
            person=i.people["staff"],
            deeds=f"{i.institute.name}的先进事迹",
            by=i.user("office"),
        )
    academy_services.recommendations_submit(
        campaign=campaign, institute=inst.institute, by=inst.user("office")
    )
    counts = {row["institute"].pk: row for row in recommendation_counts(campaign)}
    assert counts[inst.institute.pk]["submitted"] is True
    assert counts[other_inst.institute.pk]["submitted"] is False
    assert counts[other_inst.institute.pk]["quota"] == 2
    assert counts[other_inst.institute.pk]["recommended"] == 1

    client.force_login(academy["office"])
    page = client.get(reverse("awards:recommendations", args=[campaign.pk]))
    text = page.content.decode()
    assert f"{inst.institute.name}的先进事迹" in text
    assert f"{other_inst.institute.name}的先进事迹" not in text
    response = client.post(
        reverse("awards:recommendations_receive", args=[campaign.pk])
    )
    assert response.status_code == 302
    candidate = AwardCandidate.objects.get(award_list__campaign=campaign)
    assert candidate.origin == AwardCandidate.Origin.RECOMMENDED
    assert candidate.person == inst.people["staff"]
    assert Nomination.objects.get(award_list__campaign=campaign).deeds.endswith(
        "的先进事迹"
    )
    # received once only
    client.post(reverse("awards:recommendations_receive", args=[campaign.pk]))
    assert AwardCandidate.objects.filter(award_list__campaign=campaign).count() == 1
    # submitted: the institute can no longer change it
    client.force_login(inst.user("office"))
    response = _recommend(
        client, academy, inst.institute, quotas, inst.people["member"].staff_no
    )
    assert response.status_code == 302
    assert Recommendation.objects.filter(institute=inst.institute).count() == 1


def test_the_academy_cannot_open_an_institutes_ballots(client, academy, inst):
    round = make_round(inst)
    client.force_login(academy["office"])
    for name in ("evaluations:round", "evaluations:turnout"):
        response = client.get(reverse(name, args=[round.pk]))
        assert response.status_code in (403, 404), name


def test_the_academy_pages_keep_a_fixed_number_of_queries(
    client, academy, inst, other_inst, quotas, django_assert_max_num_queries
):
    campaign = academy["campaign"]
    for i in (inst, other_inst):
        academy_services.recommend(
            campaign=campaign,
            institute=i.institute,
            criteria_set=quotas,
            person=i.people["staff"],
            deeds="事迹",
            by=i.user("office"),
        )
        academy_services.recommendations_submit(
            campaign=campaign, institute=i.institute, by=i.user("office")
        )
    client.force_login(academy["office"])
    with django_assert_max_num_queries(30):
        assert (
            client.get(
                reverse("awards:recommendations", args=[campaign.pk])
            ).status_code
            == 200
        )


def test_the_new_pages_show_no_english_in_chinese(client, academy, inst, quotas):
    from tests.test_chinese_pages import ALLOWED, latin_words

    campaign = academy["campaign"]
    academy_services.recommend(
        campaign=campaign,
        institute=inst.institute,
        criteria_set=quotas,
        person=inst.people["staff"],
        deeds="事迹",
        by=inst.user("office"),
    )
    academy_services.recommendations_submit(
        campaign=campaign, institute=inst.institute, by=inst.user("office")
    )
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    allowed = ALLOWED | {"acoffice"} | {p.name for p in inst.people.values()}
    pages = [
        (
            inst.user("office"),
            reverse("awards:recommend", args=[campaign.pk, inst.institute.pk]),
        ),
        (academy["office"], reverse("awards:recommendations", args=[campaign.pk])),
        (
            academy["office"],
            reverse("awards:recommendation_quotas", args=[campaign.pk]),
        ),
        (academy["office"], reverse("awards:index")),
        (
            inst.user("office"),
            reverse("awards:committee", args=[campaign.pk, inst.union.pk]),
        ),
    ]
    for user, url in pages:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert latin_words(response.content.decode(), allowed) == set(), url


def test_the_received_recommendations_are_the_academys_proposal(academy, inst, quotas):
    """A draft list that received recommendations is proposed: the academy's office
    submits it for sign-off without proposing from scores (it has none to set)."""
    from evaluations.awards.services.submission import award_list_submit
    from evaluations.models import AwardList

    campaign = academy["campaign"]
    academy_services.recommend(
        campaign=campaign,
        institute=inst.institute,
        criteria_set=quotas,
        person=inst.people["staff"],
        deeds="事迹",
        by=inst.user("office"),
    )
    academy_services.recommendations_submit(
        campaign=campaign, institute=inst.institute, by=inst.user("office")
    )
    assert (
        academy_services.recommendations_receive(
            campaign=campaign, by=academy["office"]
        )
        == 1
    )
    award_list = AwardList.objects.get(campaign=campaign)
    assert award_list.status == AwardList.Status.PROPOSED
    assert award_list.proposed_by == academy["office"]
    award_list = award_list_submit(award_list=award_list, by=academy["office"])
    assert award_list.status == AwardList.Status.SUBMITTED
    # nothing more to receive: the list is not proposed again
    assert (
        academy_services.recommendations_receive(
            campaign=campaign, by=academy["office"]
        )
        == 0
    )
