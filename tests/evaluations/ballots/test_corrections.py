"""Building a round: who can vote (electorate), and cancelling or correcting it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.ballots import selectors, services
from evaluations.models import Round, Target, TargetRule, TransitionError
from tests.evaluations.ballots.builders import (
    QUESTIONS,
    cast,
    make_round,
    staff_of,
    target_of,
)


def _general_branch_round(inst, kind=Round.Kind.MASS) -> Round:
    """The walk's round: a 群众评议 of the branches, held for a 党总支."""
    today = timezone.localdate()
    round = services.round_create(
        scope=inst.gb,
        kind=kind,
        title="第一党总支群众评议",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=7),
        k=3,
    )
    for order, (code, text) in enumerate(QUESTIONS):
        services.question_add(round=round, code=code, text=text, order=order)
    services.rule_add(round=round, kind=TargetRule.Kind.DEPARTMENT_BRANCHES)
    return round


def test_it_counts_party_and_non_party_people_in_a_scope(inst):
    institute = selectors.electorate(scope=inst.institute)
    branch = selectors.electorate(scope=inst.gb)
    assert institute["non_party"] >= 2  # office, leader, staff, paper …
    assert branch["non_party"] == 0
    assert branch["party"] == 5  # gsec, secretary, member, othersec, othermember
    assert branch["eligible_party"] is None


def test_it_counts_voters_a_general_branch_mass_round_admits(inst):
    round = _general_branch_round(inst)
    counts = selectors.electorate(scope=round.scope, rules=round.rules.all())
    assert counts["eligible_non_party"] == 0
    assert counts["eligible_party"] == 5
    assert selectors.electorate_problem(kind=round.kind, counts=counts) == "no_masses"


def test_it_matches_the_eligibility_rule_of_casting(inst):
    """The electorate count is the number of people ``eligible_targets`` gives a target."""
    round = make_round(inst, opened=False)
    counts = selectors.electorate(scope=round.scope, rules=round.rules.all())
    services.round_open(round=round)
    from organizations.models import Person

    voters = [
        p
        for p in Person.objects.filter(institute=inst.institute, is_active=True)
        if selectors.eligible_targets(round=round, voter=p).exists()
    ]
    assert counts["eligible_party"] == sum(p.is_party_member for p in voters)
    assert counts["eligible_non_party"] == sum(not p.is_party_member for p in voters)


def test_it_refuses_to_open_a_mass_round_without_non_party_voters(inst):
    round = _general_branch_round(inst)
    with pytest.raises(Exception) as error:
        services.round_open(round=round)
    assert error.value.code == "no_masses"
    round.refresh_from_db()
    assert round.is_draft


def test_it_opens_a_democratic_round_of_party_members_in_a_general_branch(inst):
    round = _general_branch_round(inst, kind=Round.Kind.DEMOCRATIC)
    services.round_open(round=round)
    round.refresh_from_db()
    assert round.is_open


def test_it_cancels_an_open_round_before_any_ballot_and_empties_the_todo_list(inst):
    round = make_round(inst)
    staff = inst.people["staff"]
    assert selectors.voter_targets(voter=staff).exists()
    services.round_cancel(round=round, reason="范围选错了", by=inst.user("office"))
    round.refresh_from_db()
    assert round.is_cancelled
    assert round.cancel_reason == "范围选错了"
    assert round.cancelled_on == timezone.localdate()
    assert not selectors.voter_targets(voter=staff).exists()


def test_it_refuses_to_cancel_without_a_reason(inst):
    round = make_round(inst)
    with pytest.raises(Exception) as error:
        services.round_cancel(round=round, reason="  ")
    assert "reason" in error.value.message_dict
    round.refresh_from_db()
    assert round.is_open


def test_it_refuses_to_cancel_or_reopen_once_a_ballot_is_cast(inst):
    round = make_round(inst)
    cast(round, inst.people["staff"], target_of(round, unit=inst.branch))
    with pytest.raises(TransitionError) as error:
        services.round_cancel(round=round, reason="范围选错了")
    assert error.value.code == "has_ballots"
    with pytest.raises(TransitionError):
        services.round_reopen_draft(round=round)
    round.refresh_from_db()
    assert round.is_open


def test_it_takes_an_open_round_back_to_draft_to_correct_its_scope(inst):
    round = make_round(inst, opened=False)
    services.round_update(round=round, scope=inst.gb)
    services.rule_add(round=round, kind=TargetRule.Kind.OWN_BRANCH)
    round.refresh_from_db()
    round.kind = Round.Kind.DEMOCRATIC
    round.save()
    services.round_open(round=round)
    services.round_reopen_draft(round=round)
    round.refresh_from_db()
    assert round.is_draft
    services.round_update(round=round, scope=inst.institute)
    services.round_open(round=round)
    round.refresh_from_db()
    assert round.is_open and round.scope == inst.institute


def test_it_shows_the_counts_and_the_warning_while_building(client, inst):
    round = _general_branch_round(inst)
    client.force_login(inst.user("office"))
    page = client.get(reverse("evaluations:round", args=[round.pk])).content.decode()
    assert 'data-testid="electorate-warning"' in page
    assert 'data-testid="eligible-non-party">0<' in page
    fragment = client.get(
        reverse("evaluations:electorate"),
        {"scope": inst.institute.pk, "kind": Round.Kind.MASS},
    ).content.decode()
    assert 'data-testid="electorate-warning"' not in fragment
    assert 'id="electorate"' in fragment


def test_it_gives_no_electorate_of_another_institute(client, inst, other_inst):
    client.force_login(inst.user("office"))
    fragment = client.get(
        reverse("evaluations:electorate"), {"scope": other_inst.institute.pk}
    ).content.decode()
    assert other_inst.institute.name not in fragment
    assert "party-count" not in fragment


def test_it_refuses_an_open_with_the_reason_on_the_page(client, inst):
    round = _general_branch_round(inst)
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("evaluations:round_step", args=[round.pk, "open"]), follow=True
    )
    assert (
        "No staff member who is not a party member can vote"
        in response.content.decode()
    )


def test_it_cancels_from_the_form_and_shows_the_reason(client, inst):
    round = make_round(inst)
    client.force_login(inst.user("office"))
    url = reverse("evaluations:round_cancel", args=[round.pk])
    empty = client.post(url, {"reason": ""})
    assert "Say why the round is cancelled" in empty.content.decode()
    response = client.post(url, {"reason": "范围选错了"}, follow=True)
    assert 'data-testid="cancelled"' in response.content.decode()
    assert "范围选错了" in response.content.decode()


def test_it_explains_why_a_round_with_ballots_cannot_be_cancelled(client, inst):
    round = make_round(inst)
    for voter in staff_of(inst, 1):
        cast(round, voter, target_of(round, unit=inst.branch))
    client.force_login(inst.user("office"))
    page = client.get(reverse("evaluations:round_cancel", args=[round.pk]))
    assert 'data-testid="cannot-cancel"' in page.content.decode()
    response = client.post(
        reverse("evaluations:round_cancel", args=[round.pk]), {"reason": "x"}
    )
    assert "can no longer be cancelled" in response.content.decode()
    round.refresh_from_db()
    assert round.is_open


def test_a_ballot_follows_the_rules_corrected_in_draft(client, inst):
    """The ballot page keeps an open round's rules in the process for speed; taking the
    round back to draft and changing its rules must not leave the old ones in use (a
    target the round no longer rates stays open to vote for, the new one refused)."""
    round = make_round(
        inst, kind=Round.Kind.DEMOCRATIC, rules=[{"kind": TargetRule.Kind.OWN_BRANCH}]
    )
    voter = inst.people["member"]
    client.force_login(voter.user)
    own = target_of(round, unit=voter.branch)
    url = lambda target: reverse(  # noqa: E731
        "evaluations:ballot", args=[round.pk, target.pk]
    )
    assert client.get(url(own)).status_code == 200

    round = services.round_reopen_draft(round=round)
    services.rule_remove(rule=round.rules.get())
    services.rule_add(round=round, kind=TargetRule.Kind.FIXED_UNIT, unit=inst.gb)
    services.round_open(round=round)

    fixed = target_of(round, unit=inst.gb)
    assert client.get(url(fixed)).status_code == 200
    old = Target.objects.filter(round=round, unit=voter.branch).first()
    assert old is None or client.get(url(old)).status_code == 404
