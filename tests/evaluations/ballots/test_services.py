import datetime
import hashlib
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from evaluations.ballots import selectors, services
from evaluations.models import (
    AlreadyVotedError,
    Ballot,
    BallotAnswer,
    Participation,
    QuestionTally,
    Round,
    Slip,
    StagedBallot,
    Target,
    TargetRule,
    TargetTally,
    TransitionError,
)
from tests.evaluations.ballots.builders import (
    answers_for,
    cast,
    make_round,
    slip_codes,
    staff_of,
    target_of,
)

# ---------------------------------------------------------------------------------------
# Setting up


def test_it_creates_a_draft_round_for_the_institute(inst):
    round = make_round(inst, opened=False)
    assert round.status == Round.Status.DRAFT
    assert round.institute_id == inst.institute.pk
    assert [level["label"] for level in round.scale] == ["好", "较好", "一般", "差"]


def test_it_refuses_a_window_closing_before_it_opens(inst):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.round_create(
            scope=inst.institute,
            kind=Round.Kind.MASS,
            title="x",
            opens_on=today,
            closes_on=today - datetime.timedelta(days=1),
        )
    assert "closes_on" in error.value.message_dict


def test_it_names_targets_from_the_rules(inst):
    round = make_round(inst, opened=False)
    units = set(
        Target.objects.filter(round=round, unit__isnull=False).values_list(
            "unit", flat=True
        )
    )
    people = set(
        Target.objects.filter(round=round, person__isnull=False).values_list(
            "person", flat=True
        )
    )
    # The lone branch serves no department, so staff do not rate it.
    assert units == {inst.branch.pk, inst.other_branch.pk}
    assert people == {
        inst.people[key].pk
        for key in ("gsec", "secretary", "member", "othersec", "othermember")
    }


def test_it_drops_targets_when_a_rule_is_removed(inst):
    round = make_round(inst, opened=False)
    rule = round.rules.get(kind=TargetRule.Kind.BRANCH_MEMBERS)
    services.rule_remove(rule=rule)
    assert not Target.objects.filter(round=round, person__isnull=False).exists()


def test_it_gives_staff_the_branches_serving_their_department(open_round, inst):
    targets = selectors.eligible_targets(round=open_round, voter=inst.people["staff"])
    assert [t.unit_id for t in targets] == [inst.branch.pk]


def test_it_lets_members_rate_the_other_members_of_their_branch(open_round, inst):
    targets = selectors.eligible_targets(round=open_round, voter=inst.people["member"])
    people = {t.person_id for t in targets if t.person_id}
    assert people == {inst.people["gsec"].pk, inst.people["secretary"].pk}


def test_it_gives_a_fixed_unit_to_everyone_in_scope(inst):
    round = make_round(
        inst, rules=[{"kind": TargetRule.Kind.FIXED_UNIT, "unit": inst.union}]
    )
    for key in ("staff", "member", "othermember", "office"):
        targets = selectors.eligible_targets(round=round, voter=inst.people[key])
        assert [t.unit_id for t in targets] == [inst.union.pk]


def test_it_keeps_a_party_only_rule_from_plain_staff(inst):
    round = make_round(
        inst,
        kind=Round.Kind.DEMOCRATIC,  # a 群众评议 needs non-party voters to open
        rules=[
            {
                "kind": TargetRule.Kind.FIXED_UNIT,
                "unit": inst.union,
                "voters": TargetRule.Voters.PARTY,
            }
        ],
    )
    assert not selectors.eligible_targets(round=round, voter=inst.people["staff"])
    assert selectors.eligible_targets(round=round, voter=inst.people["member"])


def test_it_never_lets_a_person_rate_themselves_on_a_duty_report(inst):
    secretary = inst.people["secretary"]
    round = make_round(
        inst,
        kind=Round.Kind.DUTY_REPORT,
        rules=[{"kind": TargetRule.Kind.FIXED_PERSON, "person": secretary}],
    )
    assert not selectors.eligible_targets(round=round, voter=secretary)
    assert selectors.eligible_targets(round=round, voter=inst.people["staff"])


def test_it_gives_the_same_targets_as_each_rule_alone_when_fixed_ones_are_grouped(inst):
    # rules_q folds fixed units and people into one IN each: the targets must be the
    # union of what every rule gives on its own, with party-only rules and the voter's
    # own person still respected.
    K, V = TargetRule.Kind, TargetRule.Voters
    round = make_round(
        inst,
        kind=Round.Kind.DUTY_REPORT,
        rules=[
            {"kind": K.DEPARTMENT_BRANCHES},
            {"kind": K.FIXED_UNIT, "unit": inst.union},
            {"kind": K.FIXED_UNIT, "unit": inst.other_branch, "voters": V.PARTY},
            {"kind": K.FIXED_PERSON, "person": inst.people["secretary"]},
            {"kind": K.FIXED_PERSON, "person": inst.people["gsec"], "voters": V.PARTY},
        ],
    )
    rules = list(round.rules.all())
    for key in ("staff", "member", "secretary", "gsec", "othermember"):
        voter = inst.people[key]
        alone = set()
        for rule in rules:
            q = selectors.rule_q(rule, voter)
            if q is not None:
                alone |= set(
                    Target.objects.filter(q, round=round).values_list("pk", flat=True)
                )
        grouped = set(
            selectors.eligible_targets(round=round, voter=voter).values_list(
                "pk", flat=True
            )
        )
        assert grouped == alone, key
        assert alone  # everyone here rates something
    secretary = inst.people["secretary"]
    own = Target.objects.get(round=round, person=secretary)
    assert not selectors.eligible_targets(round=round, voter=secretary).filter(
        pk=own.pk
    )


def test_it_gives_nothing_to_a_person_of_another_institute(open_round, other_inst):
    voter = other_inst.people["staff"]
    assert not selectors.eligible_targets(round=open_round, voter=voter)


def test_it_refuses_a_fixed_unit_of_another_institute(inst, other_inst):
    round = make_round(inst, opened=False)
    with pytest.raises(ValidationError):
        services.rule_add(
            round=round, kind=TargetRule.Kind.FIXED_UNIT, unit=other_inst.branch
        )


def test_it_refuses_to_open_a_round_without_questions(inst):
    round = make_round(inst, opened=False)
    round.questions.all().delete()
    with pytest.raises(ValidationError) as error:
        services.round_open(round=round)
    assert error.value.code == "no_questions"


def test_it_refuses_to_open_a_round_without_targets(inst):
    round = make_round(inst, rules=[], opened=False)
    with pytest.raises(ValidationError) as error:
        services.round_open(round=round)
    assert error.value.code == "no_targets"


def test_it_freezes_rules_and_questions_once_open(open_round, inst):
    with pytest.raises(TransitionError):
        services.rule_add(round=open_round, kind=TargetRule.Kind.OWN_BRANCH)
    with pytest.raises(TransitionError):
        services.question_add(round=open_round, code="Q9", text="x")


def test_it_refuses_to_close_a_draft(inst):
    round = make_round(inst, opened=False)
    with pytest.raises(TransitionError):
        services.round_close(round=round)


def test_it_refuses_to_open_a_round_twice(open_round):
    with pytest.raises(TransitionError):
        services.round_open(round=open_round)


def test_it_lets_the_office_extend_an_open_window(open_round):
    later = open_round.closes_on + datetime.timedelta(days=5)
    services.round_update(round=open_round, closes_on=later)
    open_round.refresh_from_db()
    assert open_round.closes_on == later


def test_it_refuses_to_change_the_kind_of_an_open_round(open_round):
    with pytest.raises(TransitionError):
        services.round_update(round=open_round, kind=Round.Kind.DEMOCRATIC)


def test_it_copies_criteria_in_as_questions(inst):
    round = make_round(inst, opened=False)
    criteria = [
        SimpleNamespace(code="Q1", name="重复的"),
        SimpleNamespace(code="C9", name="群众反映好"),
    ]
    assert services.questions_copy(round=round, criteria=criteria) == 1
    assert round.questions.get(code="C9").text == "群众反映好"


# ---------------------------------------------------------------------------------------
# Casting


def test_it_casts_a_ballot_and_returns_a_receipt(open_round, inst):
    target = target_of(open_round, unit=inst.branch)
    receipt = cast(open_round, inst.people["staff"], target)
    assert len(receipt) == services.RECEIPT_LENGTH
    assert set(receipt) <= set(services.CODE_ALPHABET)
    assert Participation.objects.get().voted_on == timezone.localdate()
    staged = StagedBallot.objects.get()
    assert staged.receipt == receipt
    assert staged.target_id == target.pk


def test_it_refuses_a_second_vote_on_the_same_target(open_round, inst):
    target = target_of(open_round, unit=inst.branch)
    cast(open_round, inst.people["staff"], target)
    with pytest.raises(AlreadyVotedError) as error:
        cast(open_round, inst.people["staff"], target, rating=1)
    assert error.value.code == "already_voted"
    assert StagedBallot.objects.count() == 1


def test_it_refuses_a_target_the_voter_is_not_asked_to_rate(open_round, inst):
    target = target_of(open_round, unit=inst.other_branch)
    with pytest.raises(ValidationError) as error:
        cast(open_round, inst.people["staff"], target)
    assert error.value.code == "not_eligible"
    assert not Participation.objects.exists()


def test_it_refuses_a_ballot_with_a_question_unanswered(open_round, inst):
    target = target_of(open_round, unit=inst.branch)
    answers = answers_for(open_round)
    answers.popitem()
    with pytest.raises(ValidationError) as error:
        services.ballot_cast(
            round=open_round, voter=inst.people["staff"], target=target, answers=answers
        )
    assert error.value.code == "missing_answers"
    assert not Participation.objects.exists()


def test_it_refuses_a_rating_off_the_scale(open_round, inst):
    target = target_of(open_round, unit=inst.branch)
    with pytest.raises(ValidationError):
        cast(open_round, inst.people["staff"], target, rating=5)


def test_it_refuses_a_vote_after_the_window(open_round, inst):
    Round.objects.filter(pk=open_round.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    open_round.refresh_from_db()
    with pytest.raises(TransitionError):
        cast(open_round, inst.people["staff"], target_of(open_round, unit=inst.branch))


def test_it_refuses_a_vote_once_closed(open_round, inst):
    target = target_of(open_round, unit=inst.branch)
    services.round_close(round=open_round)
    with pytest.raises(TransitionError):
        cast(open_round, inst.people["staff"], target)


def test_it_rolls_back_a_cast_that_finds_the_round_closed_inside(open_round, inst):
    target = target_of(open_round, unit=inst.branch)
    stale = Round.objects.get(pk=open_round.pk)  # read before the close
    services.round_close(round=open_round)
    with pytest.raises(TransitionError):
        cast(stale, inst.people["staff"], target)
    assert not Participation.objects.exists()
    assert not StagedBallot.objects.exists()


def test_it_keeps_the_receipt_away_from_the_has_voted_row(open_round, inst):
    receipt = cast(
        open_round, inst.people["staff"], target_of(open_round, unit=inst.branch)
    )
    row = Participation.objects.values().get()
    assert receipt not in [str(v) for v in row.values()]


# ---------------------------------------------------------------------------------------
# Mixing


def _many_votes(round, inst, n, *, unit=None):
    voters = staff_of(inst, n)
    target = target_of(round, unit=unit or inst.branch)
    return [
        cast(round, voter, target, rating=1 + i % 4) for i, voter in enumerate(voters)
    ]


def test_it_mixes_only_targets_with_k_staged_ballots_while_open(open_round, inst):
    receipts = _many_votes(open_round, inst, 3)  # k = 3 on the branch
    cast(
        open_round,
        inst.people["member"],
        target_of(open_round, person=inst.people["secretary"]),
    )
    # k − 1 stay behind so the close always has a batch of k to finish with.
    assert services.round_mix(round=open_round) == 1
    assert Ballot.objects.count() == 1
    assert BallotAnswer.objects.count() == 3
    staged = list(StagedBallot.objects.select_related("target"))
    assert len(staged) == 3
    assert {r.receipt for r in staged if r.target.unit_id} | set(
        Ballot.objects.values_list("receipt", flat=True)
    ) == set(receipts)
    assert [r.target.person_id for r in staged if not r.target.unit_id] == [
        inst.people["secretary"].pk
    ]


def test_it_mixes_idempotently(open_round, inst):
    _many_votes(open_round, inst, 4)
    assert services.round_mix(round=open_round) == 2
    assert services.round_mix(round=open_round) == 0
    assert Ballot.objects.count() == 2
    assert StagedBallot.objects.count() == 2


def test_it_mixes_everything_at_close(open_round, inst):
    receipts = _many_votes(open_round, inst, 2)
    services.round_close(round=open_round)
    assert not StagedBallot.objects.exists()
    assert sorted(Ballot.objects.values_list("receipt", flat=True)) == sorted(receipts)


def test_it_finishes_at_close_from_staging_without_touching_mixed_ballots(
    open_round, inst
):
    receipts = _many_votes(open_round, inst, 4)
    services.round_mix(round=open_round)
    first = set(Ballot.objects.values_list("pk", "receipt"))
    assert len(first) == 2
    receipts.append(
        cast(open_round, inst.people["staff"], target_of(open_round, unit=inst.branch))
    )
    services.round_close(round=open_round)
    assert sorted(Ballot.objects.values_list("receipt", flat=True)) == sorted(receipts)
    assert set(Ballot.objects.values_list("pk", "receipt")) >= first
    assert BallotAnswer.objects.count() == 5 * 3


def test_it_gives_a_mixed_ballot_a_new_id(open_round, inst):
    _many_votes(open_round, inst, 3)
    staged_ids = set(StagedBallot.objects.values_list("pk", flat=True))
    services.round_close(round=open_round)
    assert not staged_ids & set(Ballot.objects.values_list("pk", flat=True))


def test_it_keeps_other_rounds_staged_ballots_when_mixing(inst):
    first = make_round(inst)
    second = make_round(inst)
    for voter in staff_of(inst, 3):
        cast(first, voter, target_of(first, unit=inst.branch))
    kept = cast(second, inst.people["staff"], target_of(second, unit=inst.branch))
    assert services.round_mix(round=first) == 1
    assert StagedBallot.objects.filter(round=second).get().receipt == kept
    assert StagedBallot.objects.filter(round=first).count() == 2


def test_it_mixes_every_round_with_staged_ballots_on_a_tick(inst):
    first = make_round(inst)
    second = make_round(inst)
    for voter in staff_of(inst, 4):
        cast(first, voter, target_of(first, unit=inst.branch))
        cast(second, voter, target_of(second, unit=inst.branch))
    assert services.staged_mix() == 4
    assert Ballot.objects.filter(round=first).count() == 2
    assert Ballot.objects.filter(round=second).count() == 2


def test_it_does_not_mix_a_draft(inst):
    round = make_round(inst, opened=False)
    assert services.round_mix(round=round) == 0


# ---------------------------------------------------------------------------------------
# Tallies


def test_it_tallies_counts_and_means(open_round, inst):
    target = target_of(open_round, unit=inst.branch)
    for voter, rating in zip(staff_of(inst, 4), [4, 4, 3, 1], strict=True):
        cast(open_round, voter, target, rating=rating)
    services.round_close(round=open_round)
    services.round_tally(round=open_round)
    tally = TargetTally.objects.get(target=target)
    assert (tally.ballots, tally.withheld, str(tally.mean)) == (4, False, "3.000")
    row = QuestionTally.objects.filter(tally=tally).first()
    assert row.counts == {"4": 2, "3": 1, "2": 0, "1": 1}
    assert row.answered == 4


def test_it_withholds_a_tally_below_k(open_round, inst):
    target = target_of(open_round, unit=inst.branch)
    for voter in staff_of(inst, 2):
        cast(open_round, voter, target)
    services.round_close(round=open_round)
    services.round_tally(round=open_round)
    tally = TargetTally.objects.get(target=target)
    assert tally.withheld and tally.mean is None
    assert not tally.questions.exists()


def test_it_refuses_to_tally_an_open_round(open_round):
    with pytest.raises(TransitionError):
        services.round_tally(round=open_round)


def test_it_publishes_a_tallied_round(open_round):
    services.round_close(round=open_round)
    services.round_tally(round=open_round)
    services.round_publish(round=open_round)
    open_round.refresh_from_db()
    assert open_round.status == Round.Status.PUBLISHED
    assert open_round.published_on == timezone.localdate()


# ---------------------------------------------------------------------------------------
# Paper slips and receipts


def test_it_stores_only_a_hash_of_each_slip_code(open_round, inst):
    codes = slip_codes(open_round, inst, 3)
    assert len(set(codes)) == 3
    hashes = set(Slip.objects.values_list("code_hash", flat=True))
    assert hashes == {hashlib.sha256(c.encode()).hexdigest() for c in codes}


def test_it_prints_slips_for_departments_only(open_round, inst):
    with pytest.raises(ValidationError):
        services.slips_generate(round=open_round, unit=inst.branch)


def _slip_ballots(round, unit):
    return [
        (target, answers_for(round, 3), "")
        for target in selectors.slip_targets(round=round, unit=unit)
    ]


def test_it_casts_a_slips_ballots_for_its_departments_branches(open_round, inst):
    [code] = slip_codes(open_round, inst, 1)
    receipts = services.slip_cast(
        code=services.code_group(code).lower(),
        ballots=_slip_ballots(open_round, inst.department),
    )
    assert [t.unit_id for t, _r in receipts] == [inst.branch.pk]
    assert StagedBallot.objects.count() == 1
    assert not Participation.objects.exists()
    assert Slip.objects.get().used


def test_it_lets_a_slip_work_once(open_round, inst):
    [code] = slip_codes(open_round, inst, 1)
    services.slip_cast(code=code, ballots=_slip_ballots(open_round, inst.department))
    with pytest.raises(AlreadyVotedError):
        services.slip_cast(
            code=code, ballots=_slip_ballots(open_round, inst.department)
        )
    assert StagedBallot.objects.count() == 1


def test_it_refuses_an_unknown_slip_code(open_round):
    with pytest.raises(ValidationError) as error:
        services.slip_find(code="AAAA-BBBB-CCCC-DDDD")
    assert error.value.code == "bad_code"


def test_it_refuses_a_slip_that_skips_a_target(open_round, inst):
    [code] = slip_codes(open_round, inst, 1)
    with pytest.raises(ValidationError):
        services.slip_cast(code=code, ballots=[])
    assert not Slip.objects.get().used


def test_it_finds_a_receipt_in_a_closed_round_only(open_round, inst):
    receipt = cast(
        open_round, inst.people["staff"], target_of(open_round, unit=inst.branch)
    )
    services.round_mix(round=open_round)
    assert services.receipt_find(code=receipt) == []
    services.round_close(round=open_round)
    assert services.receipt_find(code=services.code_group(receipt, 5)) == [open_round]


def test_it_counts_turnout_from_has_voted_rows_and_used_slips(open_round, inst):
    cast(open_round, inst.people["staff"], target_of(open_round, unit=inst.branch))
    cast(open_round, inst.people["member"], target_of(open_round, unit=inst.branch))
    cast(
        open_round,
        inst.people["member"],
        target_of(open_round, person=inst.people["gsec"]),
    )
    codes = slip_codes(open_round, inst, 2)
    services.slip_cast(
        code=codes[0], ballots=_slip_ballots(open_round, inst.department)
    )
    totals = selectors.turnout_totals(round=open_round)
    assert (
        totals["voters"],
        totals["ballots"],
        totals["slips"],
        totals["slips_used"],
    ) == (2, 3, 2, 1)
    dept = selectors.turnout_by_department(round=open_round).get(pk=inst.department.pk)
    assert (dept.voter_count, dept.ballot_count, dept.slip_count, dept.slip_used) == (
        2,
        3,
        2,
        1,
    )
    branch = selectors.turnout_by_branch(round=open_round).get(pk=inst.branch.pk)
    assert (branch.voter_count, branch.ballot_count) == (1, 2)
