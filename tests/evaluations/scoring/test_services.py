"""Scoring sheets, freezing, computing, verifying and snapshots (services)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations.models import (
    CriteriaVersion,
    FrozenError,
    MarkEvidence,
    Score,
    ScoreSheet,
    ScoringLine,
    ScoringRule,
    ScoringTransitionError,
    SheetMark,
    SnapshotScore,
)
from evaluations.scoring import services
from organizations import services as org_services
from organizations.models import Organization, Person
from pledges.models import NewsReport
from tests.evaluations.scoring.builders import (
    closed_round,
    finding,
    mark,
    marked_sheet,
    member_set,
    party_set,
    tally,
)
from tests.factories import PersonFactory

SELF, OFFICE = SheetMark.Source.SELF, SheetMark.Source.OFFICE


def sheet_of(campaign, unit):
    return services.sheet_for(campaign=campaign, unit=unit)


# ---------------------------------------------------------------------------------------
# Lines and freezing


def test_it_freezes_the_set_at_the_first_mark(campaign, lines, inst):
    sheet = sheet_of(campaign, inst.branch)
    mark(sheet, SELF, lines["regular"][:1], 8, inst.user("secretary"))
    version = CriteriaVersion.objects.get(criteria_set=party_set(campaign))
    assert (version.number, version.is_frozen) == (1, True)
    assert len(version.snapshot["lines"]) == len(lines["regular"]) + 3


def test_it_refuses_to_edit_a_line_of_a_frozen_set(campaign, lines, inst):
    services.criteria_set_freeze(
        criteria_set=party_set(campaign), by=inst.user("office")
    )
    line = lines["regular"][0]
    with pytest.raises(FrozenError) as error:
        services.line_save(
            criteria_set=party_set(campaign),
            by=inst.user("office"),
            line=line,
            kind=line.kind,
            criterion=line.criterion,
            text="改过的内容",
            max_points=Decimal(20),
        )
    assert error.value.messages[0].startswith(
        "五个好 先进基层党组织 is frozen (version 1, since "
    )
    assert error.value.messages[0].endswith(
        "scoring has started. Reopen it with a reason to change it."
    )


def test_it_refuses_to_add_or_remove_lines_or_change_items_of_a_frozen_set(
    campaign, lines, inst
):
    criteria_set = party_set(campaign)
    services.criteria_set_freeze(criteria_set=criteria_set, by=inst.user("office"))
    with pytest.raises(FrozenError):
        services.line_delete(line=lines["bonus"][0], by=inst.user("office"))
    with pytest.raises(FrozenError):
        services.criterion_points_set(
            criterion=criteria_set.criteria.first(),
            by=inst.user("office"),
            max_points=Decimal(20),
            weight=None,
        )
    with pytest.raises(FrozenError):
        services.criteria_set_check_editable(criteria_set=criteria_set)


def test_it_makes_a_new_version_after_a_reopen(campaign, lines, inst):
    criteria_set = party_set(campaign)
    office = inst.user("office")
    services.criteria_set_freeze(criteria_set=criteria_set, by=office)
    services.criteria_set_reopen(
        criteria_set=criteria_set, by=office, reason="分值有误"
    )
    services.line_save(
        criteria_set=criteria_set,
        by=office,
        line=lines["regular"][0],
        kind=ScoringLine.Kind.REGULAR,
        criterion=lines["regular"][0].criterion,
        text="更正后的内容",
        max_points=Decimal(12),
    )
    version = services.criteria_set_freeze(criteria_set=criteria_set, by=office)
    assert version.number == 2
    old = CriteriaVersion.objects.get(criteria_set=criteria_set, number=1)
    assert old.reopen_reason == "分值有误"
    assert {
        line["max"] for line in old.snapshot["lines"] if line["kind"] == "regular"
    } == {"10.00"}


def test_it_asks_a_reason_to_reopen(campaign, lines, inst):
    services.criteria_set_freeze(
        criteria_set=party_set(campaign), by=inst.user("office")
    )
    with pytest.raises(ValidationError) as error:
        services.criteria_set_reopen(
            criteria_set=party_set(campaign), by=inst.user("office"), reason="  "
        )
    assert error.value.message_dict == {
        "reason": ["Say why the frozen set must change."]
    }


def test_it_refuses_a_regular_line_without_an_item(campaign, inst):
    with pytest.raises(ValidationError) as error:
        services.line_save(
            criteria_set=party_set(campaign),
            by=inst.user("office"),
            kind=ScoringLine.Kind.REGULAR,
            criterion=None,
            text="无归属",
            max_points=Decimal(5),
        )
    assert error.value.message_dict == {
        "criterion": ["Choose the item this line scores."]
    }


def test_it_refuses_a_veto_line_without_a_grade_cap(campaign, inst):
    with pytest.raises(ValidationError) as error:
        services.line_save(
            criteria_set=party_set(campaign),
            by=inst.user("office"),
            kind=ScoringLine.Kind.VETO,
            criterion=None,
            text="否决",
        )
    assert error.value.message_dict == {
        "grade_cap": ["Choose the best grade a vetoed unit can get."]
    }


# ---------------------------------------------------------------------------------------
# Marks and sheet states


def test_it_refuses_a_mark_above_the_line_maximum(campaign, lines, inst):
    sheet = sheet_of(campaign, inst.branch)
    line = lines["regular"][0]
    with pytest.raises(ValidationError) as error:
        mark(sheet, SELF, [line], "12", inst.user("secretary"))
    assert error.value.message_dict == {
        f"points_{line.pk}": ["12 points exceed this line's maximum of 10."]
    }


def test_it_refuses_a_mark_without_a_comment(campaign, lines, inst):
    sheet = sheet_of(campaign, inst.branch)
    line = lines["regular"][0]
    with pytest.raises(ValidationError) as error:
        services.sheet_marks_save(
            sheet=sheet,
            source=SELF,
            entries={line.pk: {"points": Decimal(5), "comment": " "}},
            by=inst.user("secretary"),
        )
    assert error.value.message_dict == {
        f"comment_{line.pk}": ["Every mark needs a comment: say why."]
    }


def test_it_links_evidence_of_the_unit_to_a_mark(campaign, lines, inst):
    news = NewsReport.objects.create(
        branch=inst.branch,
        title="支部开展主题党日",
        text="内容",
        published_on=campaign.phase2_start,
    )
    sheet = sheet_of(campaign, inst.branch)
    line = lines["regular"][0]
    mark(sheet, SELF, [line], 8, inst.user("secretary"), evidence=[f"news:{news.pk}"])
    evidence = MarkEvidence.objects.get()
    assert (evidence.object_id, evidence.label) == (
        news.pk,
        "通讯报道：支部开展主题党日",
    )


def test_it_refuses_evidence_of_another_unit(campaign, lines, inst):
    news = NewsReport.objects.create(
        branch=inst.other_branch,
        title="别的支部",
        text="内容",
        published_on=campaign.phase2_start,
    )
    sheet = sheet_of(campaign, inst.branch)
    with pytest.raises(ValidationError) as error:
        mark(
            sheet,
            SELF,
            lines["regular"][:1],
            8,
            inst.user("secretary"),
            evidence=[f"news:{news.pk}"],
        )
    assert error.value.messages == [
        f"Evidence must belong to {inst.branch.name} in this campaign."
    ]


def test_it_refuses_to_submit_with_lines_unmarked(campaign, lines, inst):
    sheet = sheet_of(campaign, inst.branch)
    mark(sheet, SELF, lines["regular"][:2], 8, inst.user("secretary"))
    with pytest.raises(ScoringTransitionError) as error:
        services.sheet_step(sheet=sheet, step="submit", by=inst.user("secretary"))
    assert error.value.messages == [
        f"Mark every scored line before submitting: {len(lines['regular']) - 2} still open."
    ]


def test_it_refuses_a_step_the_state_does_not_allow(campaign, lines, inst):
    sheet = sheet_of(campaign, inst.branch)
    with pytest.raises(ScoringTransitionError) as error:
        services.sheet_step(sheet=sheet, step="mark", by=inst.user("office"))
    assert error.value.messages == ["A sheet that is Not started cannot be marked."]


def test_it_keeps_the_self_assessment_once_submitted(campaign, lines, inst):
    sheet = marked_sheet(
        campaign,
        inst.branch,
        lines,
        writer=inst.user("secretary"),
        office=inst.user("office"),
    )
    with pytest.raises(ScoringTransitionError):
        mark(sheet, SELF, lines["regular"][:1], 1, inst.user("secretary"))


def test_it_moves_a_sheet_through_its_states(campaign, lines, inst):
    sheet = marked_sheet(
        campaign,
        inst.branch,
        lines,
        writer=inst.user("secretary"),
        office=inst.user("office"),
    )
    sheet = services.sheet_step(sheet=sheet, step="finish", by=inst.user("office"))
    assert sheet.status == ScoreSheet.Status.DONE
    sheet = services.sheet_step(sheet=sheet, step="reopen", by=inst.user("office"))
    assert sheet.status == ScoreSheet.Status.SELF_ASSESSED


def test_it_lets_the_office_go_on_without_a_self_assessment(campaign, lines, inst):
    sheet = sheet_of(campaign, inst.branch)
    sheet = services.sheet_step(sheet=sheet, step="skip", by=inst.user("office"))
    assert (sheet.status, sheet.self_skipped) == (ScoreSheet.Status.SELF_ASSESSED, True)


def test_it_removes_a_mark_given_an_empty_entry(campaign, lines, inst):
    sheet = sheet_of(campaign, inst.branch)
    line = lines["regular"][0]
    mark(sheet, SELF, [line], 8, inst.user("secretary"))
    services.sheet_marks_save(
        sheet=sheet,
        source=SELF,
        entries={line.pk: {"points": None, "comment": ""}},
        by=None,
    )
    assert not SheetMark.objects.exists()


def test_it_refuses_to_lower_a_maximum_below_a_given_mark(campaign, lines, inst):
    criteria_set = party_set(campaign)
    line = lines["regular"][0]
    mark(sheet_of(campaign, inst.branch), SELF, [line], 8, inst.user("secretary"))
    services.criteria_set_reopen(
        criteria_set=criteria_set, by=inst.user("office"), reason="改"
    )
    with pytest.raises(ValidationError) as error:
        services.line_save(
            criteria_set=criteria_set,
            by=inst.user("office"),
            line=line,
            kind=line.kind,
            criterion=line.criterion,
            text=line.text,
            max_points=Decimal(5),
        )
    assert error.value.message_dict == {
        "max_points": [
            "Marks already given on this line reach 8.00 points; the maximum cannot "
            "go below that."
        ]
    }


# ---------------------------------------------------------------------------------------
# Rules


def test_it_refuses_weights_that_do_not_add_up_to_100(campaign):
    rule = services.rule_for(campaign=campaign, audience=ScoringRule.Audience.UNIT)
    with pytest.raises(ValidationError) as error:
        services.rule_update(rule=rule, by=None, weight_office=Decimal(60))
    assert error.value.message_dict == {
        "__all__": ["The weights must add up to 100 (now 110)."]
    }


def test_it_refuses_thresholds_out_of_order(campaign):
    rule = services.rule_for(campaign=campaign, audience=ScoringRule.Audience.UNIT)
    with pytest.raises(ValidationError) as error:
        services.rule_update(rule=rule, by=None, good_min=Decimal(95))
    assert error.value.message_dict == {
        "excellent_min": [
            "Thresholds must rise from average to good to excellent, between 0 and 100."
        ]
    }


# ---------------------------------------------------------------------------------------
# Computing


def only_office_weights(campaign):
    rule = services.rule_for(campaign=campaign, audience=ScoringRule.Audience.UNIT)
    services.rule_update(
        rule=rule,
        by=None,
        weight_office=Decimal(100),
        weight_self=Decimal(0),
        weight_inspection=Decimal(0),
        weight_mass=Decimal(0),
        weight_democratic=Decimal(0),
    )


def test_it_stores_a_score_with_its_inputs_and_breakdown(campaign, lines, inst):
    sheet = marked_sheet(
        campaign,
        inst.branch,
        lines,
        writer=inst.user("secretary"),
        office=inst.user("office"),
    )
    services.scores_compute(campaign=campaign, by=inst.user("office"))
    score = Score.objects.get(campaign=campaign, unit=inst.branch)
    # default weights: office 50 (90 %), self 10 (80 %), the rest missing → 88.33
    assert score.score == Decimal("88.33")
    assert score.grade == "good"
    mark_ids = {
        row["ref"]["id"]
        for row in score.breakdown
        if row.get("ref", {}).get("type") == "mark"
    }
    assert mark_ids == set(sheet.marks.values_list("pk", flat=True))
    assert score.inputs["sheet"]["version"] == {"number": 1, "frozen": True}


def test_it_reads_findings_and_tallies(campaign, lines, inst):
    finding(campaign, inst.branch, "average")
    round = closed_round(campaign, kind="mass")
    tally(round, unit=inst.branch, counts={"4": 2, "3": 2, "2": 1})  # 420 / 5 = 84
    services.scores_compute(campaign=campaign)
    score = Score.objects.get(campaign=campaign, unit=inst.branch)
    # inspection 15 × 70 + mass 15 × 84, renormalised over 30 → 77
    assert score.score == Decimal("77.00")
    kinds = {row["kind"] for row in score.breakdown}
    assert {"finding", "tally", "question"} <= kinds


def test_it_scores_a_unit_without_inputs_as_none(campaign, inst):
    services.scores_compute(campaign=campaign)
    score = Score.objects.get(campaign=campaign, unit=inst.other_branch)
    assert (score.score, score.grade, score.rank) == (None, "", None)


def test_it_computes_idempotently(campaign, lines, inst):
    marked_sheet(
        campaign,
        inst.branch,
        lines,
        writer=inst.user("secretary"),
        office=inst.user("office"),
    )
    services.scores_compute(campaign=campaign)
    before = list(
        Score.objects.order_by("pk").values_list("pk", "score", "computed_at")
    )
    run = services.scores_compute(campaign=campaign)
    after = list(Score.objects.order_by("pk").values_list("pk", "score", "computed_at"))
    assert before == after
    assert run.changes == 0


def test_it_stores_the_documents_of_many_scores_in_one_copy(
    campaign, lines, inst, require_postgres
):
    # Django's UNNEST bulk insert makes psycopg quote every JSON document in Python
    # (most of a full recomputation's time): the scores are streamed with one COPY.
    marked_sheet(
        campaign,
        inst.branch,
        lines,
        writer=inst.user("secretary"),
        office=inst.user("office"),
    )
    with CaptureQueriesContext(connection) as ctx:
        services.scores_compute(campaign=campaign)
    inserts = [q["sql"] for q in ctx if '"evaluations_score"' in q["sql"]]
    inserts = [sql for sql in inserts if not sql.startswith("SELECT")]
    assert len(inserts) == 1
    assert inserts[0].startswith('COPY "evaluations_score"')
    assert Score.objects.filter(campaign=campaign).count() > 1
    score = Score.objects.get(campaign=campaign, unit=inst.branch)
    assert score.inputs["sheet"]["version"] == {"number": 1, "frozen": True}
    assert any(row.get("kind") for row in score.breakdown)


def test_it_ranks_within_each_category_with_ties_sharing_a_rank(campaign, lines, inst):
    only_office_weights(campaign)
    K = Organization.Kind
    third = org_services.organization_create(
        name="第三支部", kind=K.BRANCH, parent=inst.gb, category=inst.category
    )
    office = inst.user("office")
    for unit, points in ((inst.branch, 9), (inst.other_branch, 9), (third, 7)):
        sheet = services.sheet_for(campaign=campaign, unit=unit)
        services.sheet_step(sheet=sheet, step="skip", by=office)
        mark(sheet, OFFICE, lines["regular"], points, office)
        services.sheet_step(sheet=sheet, step="mark", by=office)
    services.scores_compute(campaign=campaign)
    ranks = dict(
        Score.objects.filter(unit__isnull=False).values_list("unit__name", "rank")
    )
    assert ranks[inst.branch.name] == ranks[inst.other_branch.name] == 1
    assert ranks["第三支部"] == 3
    # the 机关 branch is in another category and has no score: no rank
    assert ranks[inst.lone_branch.name] is None


def test_it_caps_the_grade_and_flags_a_vetoed_unit(campaign, lines, inst):
    only_office_weights(campaign)
    office = inst.user("office")
    sheet = services.sheet_for(campaign=campaign, unit=inst.branch)
    services.sheet_step(sheet=sheet, step="skip", by=office)
    mark(sheet, OFFICE, lines["regular"], 10, office)
    services.sheet_marks_save(
        sheet=sheet,
        source=OFFICE,
        entries={lines["veto"][0].pk: {"triggered": True, "comment": "发生严重违纪"}},
        by=office,
    )
    services.sheet_step(sheet=sheet, step="mark", by=office)
    services.scores_compute(campaign=campaign)
    score = Score.objects.get(unit=inst.branch)
    assert (score.score, score.grade, score.vetoed) == (Decimal("100.00"), "poor", True)


def test_it_scores_members_from_their_daitou_ratings(campaign, inst):
    member = inst.people["member"]
    items = list(
        member_set(campaign).criteria.filter(parent__isnull=True).order_by("code")
    )
    services.daitou_rate(
        campaign=campaign,
        person=member,
        entries={
            items[0].pk: {"rating": "good", "comment": "学习扎实"},
            items[1].pk: {"rating": "average", "comment": "攻关一般"},
        },
        by=inst.user("secretary"),
    )
    services.scores_compute(campaign=campaign)
    score = Score.objects.get(campaign=campaign, person=member)
    assert score.score == Decimal("85.00")  # (100 + 70) / 2, the only source present
    assert score.category_key == f"category:{inst.category.pk}"


# ---------------------------------------------------------------------------------------
# Verify and snapshot


def test_it_verifies_stored_scores_as_equal(campaign, lines, inst):
    marked_sheet(
        campaign,
        inst.branch,
        lines,
        writer=inst.user("secretary"),
        office=inst.user("office"),
    )
    services.scores_compute(campaign=campaign)
    report = services.scores_verify(campaign=campaign)
    assert report and all(row["equal"] for row in report)


def test_it_reports_a_score_whose_inputs_changed_since(campaign, lines, inst):
    office = inst.user("office")
    sheet = marked_sheet(
        campaign, inst.branch, lines, writer=inst.user("secretary"), office=office
    )
    services.scores_compute(campaign=campaign)
    services.sheet_step(sheet=sheet, step="reopen", by=office)
    mark(sheet, OFFICE, lines["regular"][:1], 2, office)
    report = {row["key"]: row for row in services.scores_verify(campaign=campaign)}
    row = report[("unit", inst.branch.pk)]
    assert (row["replay_equal"], row["current_equal"], row["equal"]) == (
        True,
        False,
        False,
    )
    assert report[("unit", inst.other_branch.pk)]["equal"]


def test_it_reports_a_stored_score_that_does_not_replay(campaign, lines, inst):
    marked_sheet(
        campaign,
        inst.branch,
        lines,
        writer=inst.user("secretary"),
        office=inst.user("office"),
    )
    services.scores_compute(campaign=campaign)
    Score.objects.filter(unit=inst.branch).update(score=Decimal("99.99"))
    report = {row["key"]: row for row in services.scores_verify(campaign=campaign)}
    assert report[("unit", inst.branch.pk)]["replay_equal"] is False


def test_it_keeps_a_snapshot_unchanged_by_a_later_recompute(campaign, lines, inst):
    office = inst.user("office")
    sheet = marked_sheet(
        campaign, inst.branch, lines, writer=inst.user("secretary"), office=office
    )
    services.scores_compute(campaign=campaign)
    snapshot = services.scores_snapshot_take(
        campaign=campaign, by=office, label="评选依据"
    )
    before = list(
        SnapshotScore.objects.filter(snapshot=snapshot)
        .order_by("pk")
        .values_list("unit_id", "person_id", "score", "grade", "rank", "breakdown")
    )
    services.sheet_step(sheet=sheet, step="reopen", by=office)
    mark(sheet, OFFICE, lines["regular"], 3, office)
    services.sheet_step(sheet=sheet, step="mark", by=office)
    services.scores_compute(campaign=campaign)
    after = list(
        SnapshotScore.objects.filter(snapshot=snapshot)
        .order_by("pk")
        .values_list("unit_id", "person_id", "score", "grade", "rank", "breakdown")
    )
    assert after == before
    stored = {row[0]: row[2] for row in after if row[0]}
    assert stored[inst.branch.pk] != Score.objects.get(unit=inst.branch).score


def test_it_refuses_a_snapshot_before_any_computation(campaign, inst):
    with pytest.raises(ValidationError) as error:
        services.scores_snapshot_take(campaign=campaign, by=inst.user("office"))
    assert error.value.messages == ["Compute the scores before taking a snapshot."]


# ---------------------------------------------------------------------------------------
# Query count


def grow(inst, campaign, lines, n, start=0):
    """n more branches, each with a member, a marked sheet, a finding and a tally."""
    office = inst.user("office")
    round = (
        closed_round(campaign, kind="mass")
        if start == 0
        else campaign.evaluation_rounds.get()
    )
    for i in range(start, start + n):
        unit = org_services.organization_create(
            name=f"增补支部{i}",
            kind=Organization.Kind.BRANCH,
            parent=inst.gb,
            category=inst.category,
        )
        member = PersonFactory(
            institute=inst.institute,
            branch=unit,
            political_status=Person.PoliticalStatus.PARTY_FULL,
        )
        sheet = services.sheet_for(campaign=campaign, unit=unit)
        services.sheet_step(sheet=sheet, step="skip", by=office)
        mark(sheet, OFFICE, lines["regular"], 7 + i % 3, office)
        services.sheet_step(sheet=sheet, step="mark", by=office)
        finding(campaign, unit, "good")
        tally(round, unit=unit)
        tally(round, person=member)


def compute_queries(campaign) -> int:
    Score.objects.filter(campaign=campaign).delete()
    with CaptureQueriesContext(connection) as ctx:
        services.scores_compute(campaign=campaign)
    return len(ctx.captured_queries)


def test_it_computes_in_the_same_number_of_queries_for_3_and_30_branches(
    campaign, lines, inst
):
    services.rule_for(campaign=campaign, audience=ScoringRule.Audience.UNIT)
    services.rule_for(campaign=campaign, audience=ScoringRule.Audience.PERSON)
    grow(inst, campaign, lines, 3)
    small = compute_queries(campaign)
    grow(inst, campaign, lines, 27, start=3)
    large = compute_queries(campaign)
    assert Score.objects.filter(unit__isnull=False, score__isnull=False).count() >= 30
    assert small == large
    assert small < 40
