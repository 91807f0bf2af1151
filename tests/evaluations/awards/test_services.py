"""Award selection (评选表彰): quotas, the proposal rules, adjustments, the list's way to
publication, and the pre-七一 award cycle the calendar runs."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from evaluations.awards import services
from evaluations.models import (
    AwardAdjustment,
    AwardCandidate,
    AwardList,
    AwardQuota,
    AwardTransitionError,
    Nomination,
    ScoreSnapshot,
)
from evaluations.scoring import services as scoring_services
from organizations.audit import AuditEvent
from organizations.models import Notification
from tests.evaluations.awards.builders import (  # noqa: F401
    VETO_LINE,
    branches,
    members,
    rank_all,
    rectification,
    score,
    set_quota,
    title,
)
from tests.evaluations.scoring.builders import add_lines, marked_sheet

S = AwardCandidate.State


def selected(award_list) -> list[str]:
    return list(
        award_list.candidates.filter(state=S.SELECTED)
        .order_by("position", "pk")
        .values_list("name", flat=True)
    )


def excluded(award_list) -> dict[str, list[dict]]:
    return {
        c.name: c.exclusions for c in award_list.candidates.filter(state=S.EXCLUDED)
    }


# ---------------------------------------------------------------------------------------
# Quotas


def test_it_sets_one_quota_per_title_and_category(inst, campaign, office):
    criteria_set = title(campaign, "party_branch")
    key = f"category:{inst.category.pk}"
    count = services.quotas_set(
        campaign=campaign, by=office, counts={(criteria_set.pk, key): 2}
    )
    quota = AwardQuota.objects.get(campaign=campaign)
    assert count == 1
    assert (quota.category_key, quota.category_label, quota.count) == (
        key,
        inst.category.name,
        2,
    )


def test_it_removes_a_quota_set_to_zero(campaign, office):
    set_quota(campaign, office, "party_member", 5)
    set_quota(campaign, office, "party_member", 0)
    assert not AwardQuota.objects.filter(campaign=campaign).exists()


def test_it_refuses_a_quota_for_all_and_per_category_at_once(inst, campaign, office):
    criteria_set = title(campaign, "party_branch")
    with pytest.raises(ValidationError) as error:
        services.quotas_set(
            campaign=campaign,
            by=office,
            counts={
                (criteria_set.pk, ""): 2,
                (criteria_set.pk, f"category:{inst.category.pk}"): 1,
            },
        )
    assert "not both" in error.value.messages[0]


def test_it_refuses_a_category_of_another_institute(inst, other_inst, campaign, office):
    criteria_set = title(campaign, "party_branch")
    with pytest.raises(ValidationError):
        services.quotas_set(
            campaign=campaign,
            by=office,
            counts={(criteria_set.pk, f"category:{other_inst.category.pk}"): 1},
        )


def test_it_audits_a_quota_change(campaign, office):
    set_quota(campaign, office, "party_member", 3)
    assert AuditEvent.objects.filter(detail__what="award_quotas").exists()


# ---------------------------------------------------------------------------------------
# The proposal rules


def test_it_proposes_the_top_scores_within_the_quota(proposed, inst):
    assert selected(proposed) == [inst.branch.name, inst.other_branch.name]
    assert proposed.status == AwardList.Status.PROPOSED


def test_it_fills_the_quota_per_category(inst, campaign, office):
    extra = branches(inst, 2)
    score(campaign, inst.branch, 95)
    score(campaign, inst.other_branch, 90)
    score(campaign, extra[0], 85)
    score(campaign, extra[1], 99)
    score(campaign, inst.lone_branch, 80)  # the organ category, ranked on its own
    rank_all(campaign)
    criteria_set = title(campaign, "party_branch")
    organ = inst.lone_branch.category
    services.quotas_set(
        campaign=campaign,
        by=office,
        counts={
            (criteria_set.pk, f"category:{inst.category.pk}"): 2,
            (criteria_set.pk, f"category:{organ.pk}"): 1,
        },
    )
    award_list = services.awards_propose(campaign=campaign, by=office)
    assert set(selected(award_list)) == {
        extra[1].name,
        inst.branch.name,
        inst.lone_branch.name,
    }


def test_it_proposes_members_for_the_member_title(inst, campaign, office):
    score(campaign, inst.people["member"], 93, grade="excellent")
    score(campaign, inst.people["othermember"], 85)
    score(campaign, inst.people["secretary"], 82)
    rank_all(campaign)
    set_quota(campaign, office, "party_member", 2)
    award_list = services.awards_propose(campaign=campaign, by=office)
    assert selected(award_list) == ["member", "othermember"]


def test_it_leaves_out_a_vetoed_unit_with_the_veto_line(inst, campaign, office):
    score(campaign, inst.branch, 97, grade="poor", vetoed=True)
    score(campaign, inst.other_branch, 88)
    rank_all(campaign)
    set_quota(campaign, office, "party_branch", 1)
    award_list = services.awards_propose(campaign=campaign, by=office)
    assert selected(award_list) == [inst.other_branch.name]
    assert excluded(award_list) == {
        inst.branch.name: [{"code": "veto", "detail": VETO_LINE}]
    }


def test_it_leaves_out_a_unit_with_open_rectification(inst, campaign, office):
    score(campaign, inst.branch, 97, grade="excellent")
    score(campaign, inst.other_branch, 88)
    rank_all(campaign)
    item = rectification(campaign, inst.branch, title_="三会一课记录不全")
    set_quota(campaign, office, "party_branch", 1)
    award_list = services.awards_propose(campaign=campaign, by=office)
    assert selected(award_list) == [inst.other_branch.name]
    reasons = excluded(award_list)[inst.branch.name]
    assert reasons == [
        {
            "code": "rectification",
            "detail": f"三会一课记录不全 ({item.deadline.isoformat()})",
        }
    ]


def test_it_counts_an_answered_rectification_as_still_open(inst, campaign, office):
    score(campaign, inst.branch, 97, grade="excellent")
    rank_all(campaign)
    rectification(campaign, inst.branch, status="answered")
    set_quota(campaign, office, "party_branch", 1)
    award_list = services.awards_propose(campaign=campaign, by=office)
    assert selected(award_list) == []


def test_it_ignores_a_closed_rectification(inst, campaign, office):
    score(campaign, inst.branch, 97, grade="excellent")
    rank_all(campaign)
    rectification(campaign, inst.branch, status="closed")
    set_quota(campaign, office, "party_branch", 1)
    award_list = services.awards_propose(campaign=campaign, by=office)
    assert selected(award_list) == [inst.branch.name]


def test_it_leaves_out_the_owner_of_an_open_rectification(inst, campaign, office):
    secretary = inst.people["secretary"]
    score(campaign, secretary, 96, grade="excellent")
    score(campaign, inst.people["member"], 90)
    rank_all(campaign)
    rectification(campaign, inst.branch, owner=secretary)
    set_quota(campaign, office, "party_member", 1)
    award_list = services.awards_propose(campaign=campaign, by=office)
    assert selected(award_list) == ["member"]
    assert excluded(award_list)["secretary"][0]["code"] == "rectification"


def test_it_leaves_out_a_grade_below_good(inst, campaign, office):
    score(campaign, inst.branch, 99, grade="average")
    score(campaign, inst.other_branch, 85, grade="good")
    rank_all(campaign)
    set_quota(campaign, office, "party_branch", 1)
    award_list = services.awards_propose(campaign=campaign, by=office)
    assert selected(award_list) == [inst.other_branch.name]
    assert excluded(award_list) == {
        inst.branch.name: [{"code": "grade", "detail": "average"}]
    }


def test_it_never_proposes_a_unit_without_a_score(inst, campaign, office):
    score(campaign, inst.branch, None, grade="")
    score(campaign, inst.other_branch, 85)
    rank_all(campaign)
    set_quota(campaign, office, "party_branch", 2)
    award_list = services.awards_propose(campaign=campaign, by=office)
    assert selected(award_list) == [inst.other_branch.name]
    assert not award_list.candidates.filter(unit=inst.branch).exists()


def test_it_takes_no_numbers_from_a_score_for_another_title(
    proposed, campaign, inst, office
):
    score(campaign, inst.people["member"], 93, grade="excellent")
    again = services.awards_propose(campaign=campaign, by=office)
    candidate = services.candidate_add(
        award_list=again,
        criteria_set=title(campaign, "union_member"),
        person=inst.people["member"],
        by=office,
        reason="工会推荐",
    )
    assert (candidate.score, candidate.snapshot_score) == (None, None)


def test_it_explains_each_exclusion_in_a_sentence(inst, campaign, office):
    score(campaign, inst.branch, 97, grade="poor", vetoed=True)
    rank_all(campaign)
    item = rectification(campaign, inst.branch, title_="保密检查问题")
    set_quota(campaign, office, "party_branch", 1)
    award_list = services.awards_propose(campaign=campaign, by=office)
    candidate = award_list.candidates.get()
    assert candidate.reason_lines() == [
        f"excluded: veto line {VETO_LINE}",
        f"excluded: open rectification item 保密检查问题 ({item.deadline.isoformat()})",
    ]


def test_it_records_only_the_exclusions_passed_over(inst, campaign, office):
    extra = branches(inst, 3)
    score(campaign, inst.branch, 99, grade="average")  # passed over
    score(campaign, inst.other_branch, 95)  # proposed
    for i, branch in enumerate(extra):
        score(campaign, branch, 60 - i, grade="average")  # never reached
    rank_all(campaign)
    set_quota(campaign, office, "party_branch", 1)
    award_list = services.awards_propose(campaign=campaign, by=office)
    assert list(excluded(award_list)) == [inst.branch.name]


def test_it_links_each_winner_to_its_frozen_breakdown(proposed, inst):
    candidate = proposed.candidates.get(unit=inst.branch)
    row = candidate.snapshot_score
    assert row.snapshot_id == proposed.snapshot_id
    assert (row.unit_id, row.score) == (inst.branch.pk, candidate.score)


def test_it_takes_a_snapshot_on_proposing(proposed, campaign):
    assert ScoreSnapshot.objects.filter(campaign=campaign).count() == 1
    assert proposed.snapshot.count == 3


def test_it_keeps_the_numbers_when_scores_change_later(proposed, inst, campaign):
    from evaluations.models import Score

    Score.objects.filter(unit=inst.branch).update(score=10)
    candidate = proposed.candidates.get(unit=inst.branch)
    assert candidate.snapshot_score.score == candidate.score != 10


def test_it_refuses_to_propose_without_quotas(inst, campaign, office):
    score(campaign, inst.branch, 90)
    with pytest.raises(ValidationError) as error:
        services.awards_propose(campaign=campaign, by=office)
    assert error.value.messages == ["Set the award quotas before proposing winners."]


def test_it_refuses_to_propose_without_scores(campaign, office):
    set_quota(campaign, office, "party_branch", 1)
    with pytest.raises(ValidationError) as error:
        services.awards_propose(campaign=campaign, by=office)
    assert error.value.messages == ["Compute the scores before taking a snapshot."]


def test_it_proposes_again_with_the_same_result(proposed, campaign, office):
    again = services.awards_propose(campaign=campaign, by=office)
    assert selected(again) == selected(proposed)
    assert again.candidates.count() == 2


def test_it_audits_the_proposal(proposed):
    event = AuditEvent.objects.filter(
        object_type="evaluations.AwardList", detail__step="propose"
    ).get()
    assert event.detail["proposed"] == 2


# ---------------------------------------------------------------------------------------
# The office's adjustments


def test_it_requires_a_reason_to_remove(proposed, inst, office):
    candidate = proposed.candidates.get(unit=inst.branch)
    with pytest.raises(ValidationError) as error:
        services.candidate_remove(candidate=candidate, by=office, reason="  ")
    assert error.value.message_dict == {"reason": ["Give a reason for this change."]}


def test_it_requires_a_reason_to_add(proposed, campaign, inst, office):
    with pytest.raises(ValidationError) as error:
        services.candidate_add(
            award_list=proposed,
            criteria_set=title(campaign, "party_branch"),
            unit=inst.lone_branch,
            by=office,
            reason="",
        )
    assert error.value.message_dict == {"reason": ["Give a reason for this change."]}


def test_it_records_a_removal_with_its_reason(proposed, inst, office):
    candidate = proposed.candidates.get(unit=inst.branch)
    services.candidate_remove(candidate=candidate, by=office, reason="材料不实")
    candidate.refresh_from_db()
    adjustment = AwardAdjustment.objects.get()
    assert candidate.state == S.REMOVED
    assert candidate.adjust_reason == "材料不实"
    assert (adjustment.action, adjustment.reason, adjustment.by) == (
        "remove",
        "材料不实",
        office,
    )
    assert AuditEvent.objects.filter(
        object_type="evaluations.AwardCandidate", detail__adjustment="remove"
    ).exists()


def test_it_adds_a_unit_with_its_numbers_from_the_snapshot(
    proposed, campaign, inst, office
):
    candidate = services.candidate_add(
        award_list=proposed,
        criteria_set=title(campaign, "party_branch"),
        unit=inst.lone_branch,
        by=office,
        reason="上级表彰加分",
    )
    assert candidate.origin == AwardCandidate.Origin.OFFICE
    assert candidate.state == S.SELECTED
    assert candidate.score == 70
    assert candidate.snapshot_score.snapshot_id == proposed.snapshot_id


def test_it_adds_a_person_to_a_title_without_scores(proposed, campaign, inst, office):
    candidate = services.candidate_add(
        award_list=proposed,
        criteria_set=title(campaign, "union_member"),
        person=inst.people["staff"],
        by=office,
        reason="工会推荐",
    )
    assert (candidate.name, candidate.score, candidate.snapshot_score) == (
        "staff",
        None,
        None,
    )


def test_it_refuses_a_non_member_for_the_member_title(proposed, campaign, inst, office):
    with pytest.raises(ValidationError) as error:
        services.candidate_add(
            award_list=proposed,
            criteria_set=title(campaign, "party_member"),
            person=inst.people["staff"],
            by=office,
            reason="推荐",
        )
    assert error.value.message_dict == {
        "person": ["staff is not a party member and cannot receive 优秀共产党员."]
    }


def test_it_refuses_a_unit_of_another_system(proposed, campaign, inst, office):
    with pytest.raises(ValidationError) as error:
        services.candidate_add(
            award_list=proposed,
            criteria_set=title(campaign, "league_unit"),
            unit=inst.branch,
            by=office,
            reason="推荐",
        )
    assert "cannot receive the title 五四红旗团组织" in error.value.messages[0]


def test_it_refuses_to_add_someone_already_on_the_list(
    proposed, campaign, inst, office
):
    with pytest.raises(ValidationError) as error:
        services.candidate_add(
            award_list=proposed,
            criteria_set=title(campaign, "party_branch"),
            unit=inst.branch,
            by=office,
            reason="重复",
        )
    assert error.value.messages == [
        f"{inst.branch.name} is already on the list for 先进基层党组织."
    ]


def test_it_puts_an_excluded_candidate_on_the_list(inst, campaign, office):
    score(campaign, inst.branch, 99, grade="average")
    rank_all(campaign)
    set_quota(campaign, office, "party_branch", 1)
    award_list = services.awards_propose(campaign=campaign, by=office)
    candidate = award_list.candidates.get()
    services.candidate_include(candidate=candidate, by=office, reason="复核后同意")
    candidate.refresh_from_db()
    assert candidate.state == S.SELECTED
    assert AwardAdjustment.objects.get().action == "include"


def test_it_keeps_the_offices_removal_on_proposing_again(
    proposed, campaign, inst, office
):
    candidate = proposed.candidates.get(unit=inst.branch)
    services.candidate_remove(candidate=candidate, by=office, reason="材料不实")
    again = services.awards_propose(campaign=campaign, by=office)
    removed = again.candidates.get(unit=inst.branch)
    assert removed.state == S.REMOVED
    assert removed.adjust_reason == "材料不实"
    assert removed.pk == candidate.pk


def test_it_keeps_the_offices_addition_on_proposing_again(
    proposed, campaign, inst, office
):
    services.candidate_add(
        award_list=proposed,
        criteria_set=title(campaign, "union_member"),
        person=inst.people["staff"],
        by=office,
        reason="工会推荐",
    )
    again = services.awards_propose(campaign=campaign, by=office)
    assert again.candidates.filter(person=inst.people["staff"], state=S.SELECTED)


def test_it_counts_an_offices_addition_towards_the_quota(
    proposed, campaign, inst, office
):
    services.candidate_add(
        award_list=proposed,
        criteria_set=title(campaign, "party_branch"),
        unit=inst.lone_branch,
        by=office,
        reason="上级表彰加分",
    )
    again = services.awards_propose(campaign=campaign, by=office)
    assert len(selected(again)) == 2
    assert inst.lone_branch.name in selected(again)


def test_it_replaces_the_systems_own_proposals(proposed, campaign, inst, office):
    from evaluations.models import Score

    Score.objects.filter(unit=inst.lone_branch).update(score=99, grade="excellent")
    rank_all(campaign)
    again = services.awards_propose(campaign=campaign, by=office)
    assert selected(again) == [inst.lone_branch.name, inst.branch.name]


def test_it_refreshes_an_adjusted_rows_numbers_from_the_new_snapshot(
    proposed, campaign, inst, office
):
    from evaluations.models import Score

    candidate = proposed.candidates.get(unit=inst.branch)
    services.candidate_remove(candidate=candidate, by=office, reason="材料不实")
    Score.objects.filter(unit=inst.branch).update(score=50, inputs_digest="x")
    again = services.awards_propose(campaign=campaign, by=office)
    candidate.refresh_from_db()
    assert candidate.score == 50
    assert candidate.snapshot_score.snapshot_id == again.snapshot_id


# ---------------------------------------------------------------------------------------
# Nominations


def test_it_saves_a_nomination_with_deeds(proposed, inst, office):
    candidate = proposed.candidates.get(unit=inst.branch)
    services.nomination_save(candidate=candidate, by=office, deeds="先进事迹正文")
    assert Nomination.objects.get().deeds == "先进事迹正文"


def test_it_requires_deeds(proposed, inst, office):
    candidate = proposed.candidates.get(unit=inst.branch)
    with pytest.raises(ValidationError) as error:
        services.nomination_save(candidate=candidate, by=office, deeds=" ")
    assert error.value.message_dict == {
        "deeds": ["Write the deeds (先进事迹) of the nominee."]
    }


def test_it_keeps_deeds_across_a_new_proposal(proposed, campaign, inst, office):
    candidate = proposed.candidates.get(unit=inst.branch)
    services.nomination_save(candidate=candidate, by=office, deeds="先进事迹")
    services.awards_propose(campaign=campaign, by=office)
    assert Nomination.objects.get().unit == inst.branch


def test_it_takes_missing_deeds_until_the_list_is_published(signed, inst, office):
    candidate = signed.candidates.get(unit=inst.branch)
    services.nomination_save(candidate=candidate, by=office, deeds="补写的事迹")
    services.award_list_publish(award_list=signed, by=office)
    with pytest.raises(AwardTransitionError):
        services.nomination_save(candidate=candidate, by=office, deeds="迟到的事迹")


# ---------------------------------------------------------------------------------------
# Submit, sign off, return, publish


def test_it_asks_the_leading_group_to_sign_off(submitted, inst):
    note = Notification.objects.get(recipient=inst.people["leader"])
    assert note.kind == Notification.Kind.APPROVAL_NEEDED
    assert note.url.endswith("/sign-off/")


def test_it_refuses_to_submit_an_empty_list(inst, campaign, office):
    score(campaign, inst.branch, 50, grade="poor")
    rank_all(campaign)
    set_quota(campaign, office, "party_branch", 1)
    award_list = services.awards_propose(campaign=campaign, by=office)
    with pytest.raises(ValidationError) as error:
        services.award_list_submit(award_list=award_list, by=office)
    assert error.value.messages == ["Nobody is on the list yet: nothing to submit."]


def test_it_refuses_changes_once_submitted(submitted, inst, office):
    candidate = submitted.candidates.get(unit=inst.branch)
    with pytest.raises(AwardTransitionError):
        services.candidate_remove(candidate=candidate, by=office, reason="改")


def test_it_refuses_to_propose_once_submitted(submitted, campaign, office):
    with pytest.raises(AwardTransitionError):
        services.awards_propose(campaign=campaign, by=office)


def test_it_lets_the_office_recall_a_submitted_list(submitted, campaign, office):
    award_list = services.award_list_recall(award_list=submitted, by=office)
    assert award_list.status == AwardList.Status.PROPOSED
    assert services.awards_propose(campaign=campaign, by=office).is_editable


def test_it_refuses_to_recall_a_signed_off_list(signed, office):
    with pytest.raises(AwardTransitionError):
        services.award_list_recall(award_list=signed, by=office)


def test_it_lets_a_leader_sign_off(signed, leader):
    assert signed.status == AwardList.Status.SIGNED_OFF
    assert signed.signed_off_by == leader


@pytest.mark.parametrize("role", ["office", "secretary", "gsec", "member", "staff"])
def test_it_refuses_a_sign_off_by_anyone_but_a_leader(submitted, inst, role):
    with pytest.raises(PermissionDenied):
        services.award_list_sign_off(award_list=submitted, by=inst.user(role))
    submitted.refresh_from_db()
    assert submitted.status == AwardList.Status.SUBMITTED


def test_it_refuses_a_leader_of_another_institute(submitted, other_inst):
    with pytest.raises(PermissionDenied):
        services.award_list_sign_off(award_list=submitted, by=other_inst.user("leader"))


def test_it_refuses_a_sign_off_before_submission(proposed, leader):
    with pytest.raises(AwardTransitionError):
        services.award_list_sign_off(award_list=proposed, by=leader)


def test_it_returns_the_list_with_a_reason(submitted, inst, leader):
    award_list = services.award_list_return(
        award_list=submitted, by=leader, reason="请补充先进事迹"
    )
    assert award_list.status == AwardList.Status.PROPOSED
    assert award_list.return_reason == "请补充先进事迹"
    assert Notification.objects.filter(
        recipient=inst.people["office"], kind=Notification.Kind.RETURNED
    ).exists()


def test_it_requires_a_reason_to_return(submitted, leader):
    with pytest.raises(ValidationError) as error:
        services.award_list_return(award_list=submitted, by=leader, reason="")
    assert error.value.message_dict == {"reason": ["Give a reason for this change."]}


def test_it_publishes_only_after_sign_off(submitted, office):
    with pytest.raises(AwardTransitionError) as error:
        services.award_list_publish(award_list=submitted, by=office)
    assert error.value.messages == [
        "An award list that is Submitted for sign-off cannot be published."
    ]


def test_it_publishes_a_signed_off_list(signed, campaign, office):
    award_list = services.award_list_publish(
        award_list=signed, by=office, today=campaign.award_deadline
    )
    assert award_list.status == AwardList.Status.PUBLISHED
    assert award_list.published_late is False


def test_it_flags_a_list_published_after_the_deadline(signed, campaign, office):
    late = campaign.award_deadline + datetime.timedelta(days=1)
    award_list = services.award_list_publish(award_list=signed, by=office, today=late)
    assert award_list.status == AwardList.Status.PUBLISHED
    assert award_list.published_late is True


def test_it_tells_the_winners_secretary_of_the_publication(signed, inst, office):
    services.award_list_publish(award_list=signed, by=office)
    assert Notification.objects.filter(
        recipient=inst.people["secretary"], kind=Notification.Kind.PUBLISHED
    ).exists()


def test_it_audits_every_step(signed, office):
    services.award_list_publish(award_list=signed, by=office)
    steps = set(
        AuditEvent.objects.filter(object_type="evaluations.AwardList").values_list(
            "detail__step", flat=True
        )
    )
    assert steps == {"propose", "submit", "sign_off", "publish"}


# ---------------------------------------------------------------------------------------
# The award cycle (the calendar's step)


@pytest.fixture
def scored_campaign(inst, campaign, office):
    """Real scoring: both branches marked by the office, a branch quota of 1."""
    lines = add_lines(campaign, by=office)
    marked_sheet(
        campaign,
        inst.branch,
        lines,
        writer=inst.user("secretary"),
        office=office,
        office_points=10,
    )
    marked_sheet(
        campaign,
        inst.other_branch,
        lines,
        writer=inst.user("othersec"),
        office=office,
        office_points=9,
    )
    set_quota(campaign, office, "party_branch", 1)
    return campaign


def test_it_runs_the_cycle_to_the_sign_off_request(scored_campaign, inst):
    today = timezone.localdate()
    award_list = services.award_cycle_propose(campaign=scored_campaign, today=today)
    assert award_list.status == AwardList.Status.SUBMITTED
    assert selected(award_list) == [inst.branch.name]
    assert award_list.proposed_by is None
    assert (
        Notification.objects.filter(
            recipient=inst.people["leader"], kind=Notification.Kind.APPROVAL_NEEDED
        ).count()
        == 1
    )


def test_it_runs_the_cycle_twice_to_the_same_state(scored_campaign, inst):
    today = timezone.localdate()
    first = services.award_cycle_propose(campaign=scored_campaign, today=today)
    state = (
        ScoreSnapshot.objects.count(),
        AwardCandidate.objects.count(),
        Notification.objects.count(),
    )
    second = services.award_cycle_propose(campaign=scored_campaign, today=today)
    assert second.pk == first.pk
    assert second.status == AwardList.Status.SUBMITTED
    assert (
        ScoreSnapshot.objects.count(),
        AwardCandidate.objects.count(),
        Notification.objects.count(),
    ) == state


def test_it_does_not_propose_again_when_scores_did_not_change(scored_campaign, office):
    scoring_services.scores_compute(campaign=scored_campaign, by=office)
    services.awards_propose(campaign=scored_campaign, by=office)
    before = ScoreSnapshot.objects.count()
    services.award_cycle_propose(campaign=scored_campaign, today=timezone.localdate())
    assert ScoreSnapshot.objects.count() == before


def test_it_keeps_the_offices_adjustments_in_the_cycle(scored_campaign, inst, office):
    scoring_services.scores_compute(campaign=scored_campaign, by=office)
    award_list = services.awards_propose(campaign=scored_campaign, by=office)
    services.candidate_add(
        award_list=award_list,
        criteria_set=title(scored_campaign, "party_branch"),
        unit=inst.other_branch,
        by=office,
        reason="加推一个",
    )
    award_list = services.award_cycle_propose(
        campaign=scored_campaign, today=timezone.localdate()
    )
    assert set(selected(award_list)) == {inst.branch.name, inst.other_branch.name}


def test_it_leaves_a_signed_off_list_alone_in_the_cycle(signed, campaign):
    award_list = services.award_cycle_propose(
        campaign=campaign, today=timezone.localdate()
    )
    assert award_list.status == AwardList.Status.SIGNED_OFF


def test_it_reminds_the_office_to_set_quotas(inst, campaign):
    today = timezone.localdate()
    assert services.award_cycle_propose(campaign=campaign, today=today) is None
    assert services.award_cycle_propose(campaign=campaign, today=today) is None
    assert (
        Notification.objects.filter(
            recipient=inst.people["office"], kind=Notification.Kind.REMINDER
        ).count()
        == 1
    )


# ---------------------------------------------------------------------------------------
# Escalation before the deadline


def test_it_escalates_once_per_day(inst, campaign):
    day = campaign.award_deadline - datetime.timedelta(days=3)
    assert services.award_cycle_escalate(campaign=campaign, today=day) is True
    assert services.award_cycle_escalate(campaign=campaign, today=day) is False
    recipients = set(
        Notification.objects.filter(kind=Notification.Kind.ESCALATION).values_list(
            "recipient__user__username", flat=True
        )
    )
    assert recipients == {"office", "leader"}


def test_it_escalates_again_the_next_day(campaign):
    day = campaign.award_deadline - datetime.timedelta(days=3)
    services.award_cycle_escalate(campaign=campaign, today=day)
    assert (
        services.award_cycle_escalate(
            campaign=campaign, today=day + datetime.timedelta(days=1)
        )
        is True
    )
    assert Notification.objects.filter(kind=Notification.Kind.ESCALATION).count() == 4


def test_it_does_not_escalate_long_before_the_deadline(campaign):
    day = campaign.award_deadline - datetime.timedelta(days=services.ESCALATE_DAYS + 1)
    assert services.award_cycle_escalate(campaign=campaign, today=day) is False
    assert not Notification.objects.exists()


def test_it_escalates_after_the_deadline_as_late(campaign):
    day = campaign.award_deadline + datetime.timedelta(days=2)
    assert services.award_cycle_escalate(campaign=campaign, today=day) is True
    assert "is late" in Notification.objects.first().title


def test_it_does_not_escalate_a_published_list(signed, campaign, office):
    services.award_list_publish(award_list=signed, by=office)
    day = campaign.award_deadline - datetime.timedelta(days=1)
    assert services.award_cycle_escalate(campaign=campaign, today=day) is False


def test_it_proposes_members_of_many_branches(inst, campaign, office):
    people = members(inst, 4, branch=inst.other_branch)
    for i, person in enumerate(people):
        score(campaign, person, 80 + i)
    rank_all(campaign)
    set_quota(campaign, office, "party_member", 3)
    award_list = services.awards_propose(campaign=campaign, by=office)
    assert selected(award_list) == [p.name for p in reversed(people)][:3]
