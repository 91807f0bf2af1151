"""Pages of the award selection and phases 3–5: the permission matrix, forms with bad
input, the office → leader → staff journey, fixed query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.awards import services
from evaluations.models import AwardCandidate, AwardList, Nomination
from pledges.demo.commitments import pdf_bytes
from tests.evaluations.awards.builders import (  # noqa: F401
    branches,
    rank_all,
    score,
    set_quota,
    title,
    write_deeds,
)

ROLES = [
    "other_office",
    "staff",
    "member",
    "othersec",
    "secretary",
    "gsec",
    "office",
    "leader",
]


def login(client, inst, other_inst, role):
    user = other_inst.user("office") if role == "other_office" else inst.user(role)
    client.force_login(user)


@pytest.fixture
def world(inst, campaign, proposed, office):
    """A proposed list, a nomination, a submitted duty report, a model post and an
    exchange session with a file."""
    candidate = proposed.candidates.get(unit=inst.branch)
    services.nomination_save(candidate=candidate, by=office, deeds="支部先进事迹")
    report = services.duty_report_save(
        campaign=campaign,
        person=inst.people["secretary"],
        by=inst.user("secretary"),
        text="述职述廉报告",
        submit=True,
    )
    post = services.model_post_save(
        campaign=campaign,
        by=office,
        person=inst.people["member"],
        post_name="型号攻关党员示范岗",
        since=campaign.phase4_start,
    )
    session = services.exchange_save(
        campaign=campaign,
        by=office,
        held_on=campaign.phase5_start,
        title="经验交流会",
        summary="交流纪要",
        units=[inst.branch],
        files=[SimpleUploadedFile("材料.pdf", pdf_bytes(), "application/pdf")],
    )
    return {
        "candidate": candidate,
        "report": report,
        "post": post,
        "session": session,
        "file": session.files.get(),
    }


def matrix(inst, campaign, world):
    c = campaign.pk
    cid = world["candidate"].pk
    everyone = dict.fromkeys(ROLES, 200) | {"other_office": 404}
    office_only = dict.fromkeys(ROLES, 403) | {"other_office": 404, "office": 200}
    readers = office_only | {"leader": 200}
    # Another institute's campaign is never shown: the page falls back to the user's
    # own current campaign, and the other institute has none here.
    own_campaign = dict.fromkeys(ROLES, 200) | {"other_office": 404}
    return [
        (reverse("awards:index"), dict.fromkeys(ROLES, 200)),
        (reverse("awards:list", args=[c]), readers),
        (reverse("awards:quotas", args=[c]), office_only),
        (reverse("awards:candidate_add", args=[c]), office_only),
        (reverse("awards:candidate_remove", args=[c, cid]), office_only),
        (reverse("awards:candidate_include", args=[c, cid]), office_only),
        (
            reverse("awards:nominations", args=[c]),
            readers | {"secretary": 200, "othersec": 200, "gsec": 200},
        ),
        (
            reverse("awards:nomination", args=[c, cid]),
            readers | {"secretary": 200, "gsec": 200},
        ),
        (
            reverse("awards:signoff", args=[c]),
            dict.fromkeys(ROLES, 403) | {"other_office": 404, "leader": 200},
        ),
        (reverse("awards:commendations", args=[c]), everyone),
        (reverse("awards:deeds", args=[c]), everyone),
        (reverse("awards:print", args=[c]), everyone),
        (reverse("awards:duty_reports", args=[c]), everyone),
        (
            reverse("awards:duty_report_edit", args=[c]),
            dict.fromkeys(ROLES, 403)
            | {
                "other_office": 404,
                "secretary": 200,
                "othersec": 200,
                "gsec": 200,
                "leader": 200,
            },
        ),
        (reverse("awards:duty_report", args=[c, world["report"].pk]), everyone),
        (
            reverse("awards:model_posts") + f"?campaign={c}",
            own_campaign,
        ),
        (reverse("awards:model_post_create", args=[c]), office_only),
        (reverse("awards:model_post_edit", args=[world["post"].pk]), office_only),
        (reverse("awards:exchanges") + f"?campaign={c}", own_campaign),
        (reverse("awards:exchange_create", args=[c]), office_only),
        (reverse("awards:exchange", args=[world["session"].pk]), everyone),
        (reverse("awards:exchange_edit", args=[world["session"].pk]), office_only),
        (
            reverse(
                "awards:exchange_file",
                args=[world["session"].pk, world["file"].pk],
            ),
            everyone,
        ),
    ]


def test_it_answers_each_role_as_the_matrix_says(
    client, inst, other_inst, campaign, world
):
    wrong = []
    for url, expected in matrix(inst, campaign, world):
        for role in ROLES:
            login(client, inst, other_inst, role)
            status = client.get(url).status_code
            if status != expected[role]:
                wrong.append(f"{role} {url}: {status}, expected {expected[role]}")
    assert wrong == []


POST_ACTIONS = ["propose", "submit", "recall", "publish", "duty_round"]


@pytest.mark.parametrize("action", POST_ACTIONS)
@pytest.mark.parametrize("role", ["leader", "secretary", "member", "staff"])
def test_it_refuses_the_offices_actions_to_others(
    client, inst, campaign, proposed, action, role
):
    client.force_login(inst.user(role))
    response = client.post(reverse(f"awards:{action}", args=[campaign.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("action", POST_ACTIONS)
def test_it_hides_the_offices_actions_from_another_institute(
    client, other_inst, campaign, proposed, action
):
    client.force_login(other_inst.user("office"))
    response = client.post(reverse(f"awards:{action}", args=[campaign.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["office", "secretary", "gsec", "staff"])
def test_it_refuses_a_sign_off_page_post_to_non_leaders(
    client, inst, campaign, submitted, role
):
    client.force_login(inst.user(role))
    response = client.post(
        reverse("awards:signoff", args=[campaign.pk]), {"action": "sign_off"}
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == AwardList.Status.SUBMITTED


def test_it_refuses_get_on_post_only_actions(client, inst, campaign, proposed):
    client.force_login(inst.user("office"))
    for action in POST_ACTIONS:
        assert (
            client.get(reverse(f"awards:{action}", args=[campaign.pk])).status_code
            == 405
        )


# ---------------------------------------------------------------------------------------
# The journey: office proposes, leader signs off, staff sees the list


def test_it_runs_the_journey_from_proposal_to_the_published_list(
    client, inst, campaign, office
):
    score(campaign, inst.branch, 95, grade="excellent")
    score(campaign, inst.other_branch, 97, grade="average")  # passed over
    rank_all(campaign)
    set_quota(campaign, office, "party_branch", 1)
    c = campaign.pk

    client.force_login(office)
    page = client.get(reverse("awards:list", args=[c])).content.decode()
    assert 'data-testid="award-propose"' in page
    client.post(reverse("awards:propose", args=[c]))
    page = client.get(reverse("awards:list", args=[c])).content.decode()
    assert 'data-testid="award-list"' in page
    assert "excluded: graded Average, below Good" in page
    assert 'data-testid="award-submit"' in page
    client.post(reverse("awards:submit", args=[c]))

    client.force_login(inst.user("leader"))
    home = client.get(reverse("home")).content.decode()
    assert reverse("awards:signoff", args=[c]) in home
    page = client.get(reverse("awards:signoff", args=[c])).content.decode()
    assert 'data-testid="award-signoff"' in page
    response = client.post(
        reverse("awards:signoff", args=[c]), {"action": "sign_off", "note": "同意"}
    )
    assert response.status_code == 302

    client.force_login(office)
    write_deeds(AwardList.objects.get(campaign=campaign), office)
    page = client.get(reverse("awards:list", args=[c])).content.decode()
    assert 'data-testid="award-publish"' in page
    assert 'data-testid="award-publish-override"' not in page
    client.post(reverse("awards:publish", args=[c]))

    client.force_login(inst.user("staff"))
    page = client.get(reverse("awards:commendations", args=[c])).content.decode()
    assert 'data-testid="commendation-list"' in page
    assert inst.branch.name in page
    assert inst.other_branch.name not in page


def test_it_shows_staff_nothing_before_publication(client, inst, campaign, signed):
    client.force_login(inst.user("staff"))
    page = client.get(
        reverse("awards:commendations", args=[campaign.pk])
    ).content.decode()
    assert "has not been published yet" in page
    assert inst.branch.name not in page


def test_it_prints_the_published_list_on_a4(client, inst, campaign, signed, office):
    services.award_list_publish(award_list=signed, by=office)
    client.force_login(inst.user("staff"))
    page = client.get(reverse("awards:print", args=[campaign.pk])).content.decode()
    assert "size: A4" in page
    assert inst.branch.name in page


def test_it_publishes_the_winners_deeds_to_staff(
    client, inst, campaign, signed, office
):
    Nomination.objects.filter(award_list=signed, unit=inst.branch).update(
        deeds="支部坚持三会一课"
    )
    services.award_list_publish(award_list=signed, by=office)
    client.force_login(inst.user("staff"))
    page = client.get(reverse("awards:deeds", args=[campaign.pk])).content.decode()
    assert "支部坚持三会一课" in page


def test_it_marks_a_late_publication_on_the_list(
    client, inst, campaign, signed, office
):
    late = campaign.award_deadline + datetime.timedelta(days=1)
    services.award_list_publish(award_list=signed, by=office, today=late)
    client.force_login(office)
    page = client.get(reverse("awards:list", args=[campaign.pk])).content.decode()
    assert 'data-testid="award-late"' in page


def test_it_shows_the_commendations_entry_in_the_navigation(client, inst):
    client.force_login(inst.user("staff"))
    page = client.get(reverse("home")).content.decode()
    assert 'data-nav="awards"' in page


def test_it_shows_the_published_list_on_the_staff_home(
    client, inst, campaign, signed, office
):
    services.award_list_publish(award_list=signed, by=office)
    client.force_login(inst.user("staff"))
    page = client.get(reverse("home")).content.decode()
    assert 'data-panel="commendations"' in page


def test_it_links_a_winner_to_its_frozen_breakdown(client, inst, campaign, proposed):
    client.force_login(inst.user("office"))
    candidate = proposed.candidates.get(unit=inst.branch)
    url = reverse(
        "scoring:snapshot_row", args=[proposed.snapshot_id, candidate.snapshot_score_id]
    )
    page = client.get(reverse("awards:list", args=[campaign.pk])).content.decode()
    assert url in page
    assert client.get(url).status_code == 200


# ---------------------------------------------------------------------------------------
# Bad input on each form


def post(client, inst, url, data, role="office"):
    client.force_login(inst.user(role))
    response = client.post(url, data)
    assert response.status_code == 200
    return response.content.decode()


def test_it_refuses_a_quota_that_is_not_a_number(client, inst, campaign):
    criteria_set = title(campaign, "party_member")
    page = post(
        client,
        inst,
        reverse("awards:quotas", args=[campaign.pk]),
        {f"q_{criteria_set.pk}_all": "-3"},
    )
    assert "Enter a whole number from 0 to 1000." in page
    assert 'value="-3"' in page


def test_it_refuses_quotas_for_all_and_per_category(client, inst, campaign):
    criteria_set = title(campaign, "party_branch")
    page = post(
        client,
        inst,
        reverse("awards:quotas", args=[campaign.pk]),
        {
            f"q_{criteria_set.pk}_all": "2",
            f"q_{criteria_set.pk}_category_{inst.category.pk}": "1",
        },
    )
    assert (
        "Set either one quota for all categories or quotas per category, not both."
        in page
    )


def test_it_saves_quotas_from_the_form(client, inst, campaign):
    criteria_set = title(campaign, "party_member")
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("awards:quotas", args=[campaign.pk]),
        {f"q_{criteria_set.pk}_all": "7"},
    )
    assert response.status_code == 302
    assert campaign.award_quotas.get().count == 7


def test_it_requires_a_reason_on_the_add_form(client, inst, campaign, proposed):
    page = post(
        client,
        inst,
        reverse("awards:candidate_add", args=[campaign.pk]),
        {
            "criteria_set": title(campaign, "party_branch").pk,
            "unit": inst.lone_branch.pk,
        },
    )
    assert "Give a reason for this change." in page


def test_it_requires_a_staff_number_for_a_persons_title(
    client, inst, campaign, proposed
):
    page = post(
        client,
        inst,
        reverse("awards:candidate_add", args=[campaign.pk]),
        {"criteria_set": title(campaign, "party_member").pk, "reason": "推荐"},
    )
    assert "Enter the staff number of the person to commend." in page
    assert "推荐" in page


def test_it_refuses_an_unknown_staff_number(client, inst, campaign, proposed):
    page = post(
        client,
        inst,
        reverse("awards:candidate_add", args=[campaign.pk]),
        {
            "criteria_set": title(campaign, "party_member").pk,
            "staff_no": "NOPE1",
            "reason": "推荐",
        },
    )
    assert "No person in service has the staff number NOPE1." in page


def test_it_refuses_a_unit_title_without_a_unit(client, inst, campaign, proposed):
    page = post(
        client,
        inst,
        reverse("awards:candidate_add", args=[campaign.pk]),
        {"criteria_set": title(campaign, "party_branch").pk, "reason": "推荐"},
    )
    assert "Choose the unit to commend." in page


def test_it_adds_a_member_by_staff_number(client, inst, campaign, proposed):
    client.force_login(inst.user("office"))
    member = inst.people["othermember"]
    response = client.post(
        reverse("awards:candidate_add", args=[campaign.pk]),
        {
            "criteria_set": title(campaign, "party_member").pk,
            "staff_no": member.staff_no,
            "reason": "群众公认",
        },
    )
    assert response.status_code == 302
    assert proposed.candidates.filter(person=member, state="selected").exists()


def test_it_requires_a_reason_to_remove_on_the_page(client, inst, campaign, proposed):
    candidate = proposed.candidates.get(unit=inst.branch)
    page = post(
        client,
        inst,
        reverse("awards:candidate_remove", args=[campaign.pk, candidate.pk]),
        {"reason": ""},
    )
    assert "Give a reason for this change." in page
    candidate.refresh_from_db()
    assert candidate.state == AwardCandidate.State.SELECTED


def test_it_removes_with_a_reason_on_the_page(client, inst, campaign, proposed):
    candidate = proposed.candidates.get(unit=inst.branch)
    client.force_login(inst.user("office"))
    client.post(
        reverse("awards:candidate_remove", args=[campaign.pk, candidate.pk]),
        {"reason": "材料不实"},
    )
    candidate.refresh_from_db()
    assert candidate.state == AwardCandidate.State.REMOVED


def test_it_requires_deeds_on_the_nomination_form(client, inst, campaign, proposed):
    candidate = proposed.candidates.get(unit=inst.branch)
    page = post(
        client,
        inst,
        reverse("awards:nomination", args=[campaign.pk, candidate.pk]),
        {"deeds": "", "recommendation": "同意推荐"},
        role="secretary",
    )
    assert "Write the deeds (先进事迹) of the nominee." in page
    assert "同意推荐" in page


def test_it_lets_the_branch_secretary_write_the_deeds(client, inst, campaign, proposed):
    candidate = proposed.candidates.get(unit=inst.branch)
    client.force_login(inst.user("secretary"))
    response = client.post(
        reverse("awards:nomination", args=[campaign.pk, candidate.pk]),
        {"deeds": "支部事迹"},
    )
    assert response.status_code == 302
    assert Nomination.objects.get().updated_by == inst.user("secretary")


def test_it_refuses_deeds_from_a_reader(client, inst, campaign, proposed):
    candidate = proposed.candidates.get(unit=inst.branch)
    client.force_login(inst.user("leader"))
    response = client.post(
        reverse("awards:nomination", args=[campaign.pk, candidate.pk]),
        {"deeds": "领导写的"},
    )
    assert response.status_code == 403


def test_it_requires_a_reason_to_return_the_list(client, inst, campaign, submitted):
    page = post(
        client,
        inst,
        reverse("awards:signoff", args=[campaign.pk]),
        {"action": "return", "reason": ""},
        role="leader",
    )
    assert "Give a reason for this change." in page


def test_it_returns_the_list_from_the_sign_off_page(client, inst, campaign, submitted):
    client.force_login(inst.user("leader"))
    client.post(
        reverse("awards:signoff", args=[campaign.pk]),
        {"action": "return", "reason": "请补充材料"},
    )
    submitted.refresh_from_db()
    assert submitted.status == AwardList.Status.PROPOSED


def test_it_says_why_a_proposal_failed(client, inst, campaign):
    client.force_login(inst.user("office"))
    response = client.post(reverse("awards:propose", args=[campaign.pk]), follow=True)
    assert "Set the award quotas before proposing winners." in response.content.decode()


# ---------------------------------------------------------------------------------------
# Fixed number of queries


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def grow(inst, campaign, office, n, *, prefix):
    """n more scored branches on the list, each with a nomination."""
    for branch in branches(inst, n, prefix=prefix):
        score(campaign, branch, 85)
    rank_all(campaign)
    criteria_set = title(campaign, "party_branch")
    services.quotas_set(
        campaign=campaign,
        by=office,
        counts={(criteria_set.pk, ""): AwardCandidate.objects.count() + n + 5},
    )
    award_list = services.awards_propose(campaign=campaign, by=office)
    for candidate in award_list.candidates.filter(state="selected"):
        services.nomination_save(candidate=candidate, by=office, deeds="事迹")
    return award_list


@pytest.mark.parametrize(
    "name,role",
    [
        ("list", "office"),
        ("nominations", "office"),
        ("signoff", "leader"),
        ("commendations", "office"),
        ("deeds", "office"),
        ("print", "office"),
    ],
)
def test_it_keeps_a_fixed_number_of_queries_on_award_lists(
    client, inst, campaign, office, name, role
):
    grow(inst, campaign, office, 2, prefix="甲")
    client.force_login(inst.user(role))
    url = reverse(f"awards:{name}", args=[campaign.pk])
    small = queries(client, url)
    grow(inst, campaign, office, 8, prefix="乙")
    assert queries(client, url) == small


def test_it_keeps_a_fixed_number_of_queries_on_duty_reports(client, inst, campaign):
    from tests.evaluations.awards.builders import members

    def report(person):
        from organizations.models import Role

        Role.objects.get_or_create(
            person=person, kind=Role.Kind.SECRETARY, node=inst.other_branch
        )
        services.duty_report_save(
            campaign=campaign, person=person, by=None, text="报告", submit=True
        )

    for person in members(inst, 2, prefix="D"):
        report(person)
    client.force_login(inst.user("office"))
    url = reverse("awards:duty_reports", args=[campaign.pk])
    small = queries(client, url)
    for person in members(inst, 6, prefix="E"):
        report(person)
    assert queries(client, url) == small


def test_it_keeps_a_fixed_number_of_queries_on_posts_and_exchanges(
    client, inst, campaign, office
):
    from tests.evaluations.awards.builders import members

    def add(prefix, n):
        for i, person in enumerate(members(inst, n, prefix=prefix)):
            services.model_post_save(
                campaign=campaign,
                by=office,
                person=person,
                post_name=f"示范岗{prefix}{i}",
                since=campaign.phase4_start,
            )
            services.exchange_save(
                campaign=campaign,
                by=office,
                held_on=campaign.phase5_start,
                title=f"交流{prefix}{i}",
                summary="纪要",
                units=[inst.branch, inst.other_branch],
            )

    add("P", 2)
    client.force_login(inst.user("staff"))
    urls = [
        reverse("awards:model_posts") + f"?campaign={campaign.pk}",
        reverse("awards:exchanges") + f"?campaign={campaign.pk}",
    ]
    small = [queries(client, url) for url in urls]
    add("Q", 6)
    assert [queries(client, url) for url in urls] == small


# ---------------------------------------------------------------------------------------
# Deeds before publication, conflicts of interest at sign-off, recall


def test_it_asks_for_a_reason_to_publish_with_deeds_missing(
    client, inst, campaign, submitted, leader, office
):
    signed = services.award_list_sign_off(award_list=submitted, by=leader)
    write_deeds(signed, office, skip=1)
    client.force_login(office)
    url = reverse("awards:list", args=[campaign.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="award-publish-override"' in page
    client.post(reverse("awards:publish", args=[campaign.pk]))
    signed.refresh_from_db()
    assert signed.status == AwardList.Status.SIGNED_OFF
    page = client.get(url).content.decode()
    assert "1 winner(s) on the list have no deeds" in page
    client.post(
        reverse("awards:publish", args=[campaign.pk]),
        {"override_reason": "事迹材料由各支部会后补报"},
    )
    signed.refresh_from_db()
    assert signed.status == AwardList.Status.PUBLISHED
    assert signed.publish_override_reason == "事迹材料由各支部会后补报"
    page = client.get(url).content.decode()
    assert "事迹材料由各支部会后补报" in page.split('data-testid="award-override"')[1]


def test_it_flags_a_leader_on_her_own_list_and_asks_her_to_declare_it(
    client, inst, campaign, submitted, leader
):
    leader_person = inst.people["leader"]
    leader_person.branch = inst.branch  # the proposed branch is hers
    leader_person.save(update_fields=["branch"])
    client.force_login(leader)
    url = reverse("awards:signoff", args=[campaign.pk])
    page = client.get(url).content.decode()
    flagged = page.split('data-testid="award-conflicts"')[1].split("</div>")[0]
    assert inst.branch.name in flagged
    assert inst.other_branch.name not in flagged
    response = client.post(url, {"action": "sign_off"})
    assert response.status_code == 200
    assert response.context["sign_form"].errors["declare_conflict"]
    submitted.refresh_from_db()
    assert submitted.status == AwardList.Status.SUBMITTED
    response = client.post(url, {"action": "sign_off", "declare_conflict": "on"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == AwardList.Status.SIGNED_OFF
    assert [inst.branch.name in c for c in submitted.signoff_conflicts] == [True]
    page = client.get(reverse("awards:list", args=[campaign.pk])).content.decode()
    assert 'data-testid="award-conflicts-declared"' in page


def test_it_flags_a_leader_who_is_herself_on_the_list(inst, campaign, proposed, office):
    from evaluations.awards import selectors

    leader = inst.people["leader"]
    member_title = campaign.criteria_sets.get(code="party_member")
    leader.branch = inst.branch  # a leader who is a party member of that branch
    leader.political_status = inst.people["member"].political_status
    leader.save(update_fields=["branch", "political_status"])
    services.candidate_add(
        award_list=proposed,
        criteria_set=member_title,
        by=office,
        reason="带头攻关成效突出",
        person=leader,
    )
    conflicts = selectors.conflicts_of_interest(proposed, inst.user("leader"))
    assert {(c["name"], c["kind"]) for c in conflicts} >= {(leader.name, "self")}


def test_it_forgets_the_submission_time_when_the_office_recalls_the_list(
    client, inst, campaign, submitted, office
):
    client.force_login(office)
    url = reverse("awards:list", args=[campaign.pk])
    assert "Submitted for sign-off:" in client.get(url).content.decode()
    client.post(reverse("awards:recall", args=[campaign.pk]))
    submitted.refresh_from_db()
    assert (submitted.status, submitted.submitted_at) == (
        AwardList.Status.PROPOSED,
        None,
    )
    assert "Submitted for sign-off:" not in client.get(url).content.decode()
