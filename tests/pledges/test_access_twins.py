"""Each object check of ``pledges.access`` and the filter written beside it agree, for
every user and every row of two built institutes, standing alone or under an academy."""

import pytest

from organizations.access import scope_of
from organizations.models import Organization
from pledges.access import (
    board_unit_q,
    can_read_plan,
    can_read_pledge,
    readable_plans_q,
    readable_pledges_q,
    unit_on_board,
)
from pledges.models import Plan, Pledge, Status
from tests.factories import unit
from tests.pledges.academy import place_under, reload
from tests.pledges.builders import make_campaign, make_plan, make_pledge

pytestmark = pytest.mark.django_db


def _filed(inst, campaign):
    gsec, secretary = inst.user("gsec"), inst.user("secretary")
    make_plan(campaign, inst.branch, secretary, state=Status.PUBLISHED, approver=gsec)
    make_plan(campaign, inst.other_branch, inst.user("othersec"))
    make_plan(campaign, inst.lone_branch, inst.user("office"), state=Status.SUBMITTED)
    make_pledge(
        campaign,
        inst.branch,
        inst.people["member"],
        secretary,
        state=Status.PUBLISHED,
        approver=gsec,
    )
    make_pledge(campaign, inst.branch, inst.people["gsec"], gsec)
    make_pledge(
        campaign, inst.other_branch, inst.people["othermember"], inst.user("othersec")
    )


@pytest.mark.parametrize("under_academy", [False, True])
def test_it_reads_the_same_rows_through_the_check_and_the_filter(
    inst, other_inst, under_academy
):
    if under_academy:
        top = unit("青岚科学院", Organization.Kind.ACADEMY, None)
        for i in (inst, other_inst):
            place_under(top, i.institute)
            reload(i)
        campaign = make_campaign(top)
        campaigns = [(inst, campaign), (other_inst, campaign)]
    else:
        campaigns = [(i, make_campaign(i.institute)) for i in (inst, other_inst)]
    for i, campaign in campaigns:
        _filed(i, campaign)
    units = list(Organization.objects.all())
    plans = list(Plan.objects.select_related("unit"))
    pledges = list(Pledge.objects.select_related("unit", "person"))
    users = [p.user for i in (inst, other_inst) for p in i.people.values() if p.user_id]
    assert len(plans) == 6 and len(pledges) == 6
    for user in users:
        scope = scope_of(user)
        who = user.username
        on_board = set(
            Organization.objects.filter(board_unit_q(scope, prefix="")).values_list(
                "pk", flat=True
            )
        )
        assert on_board == {u.pk for u in units if unit_on_board(scope, u)}, who
        assert set(
            Plan.objects.filter(readable_plans_q(scope)).values_list("pk", flat=True)
        ) == {p.pk for p in plans if can_read_plan(scope, p)}, who
        assert set(
            Pledge.objects.filter(readable_pledges_q(scope)).values_list(
                "pk", flat=True
            )
        ) == {p.pk for p in pledges if can_read_pledge(scope, p)}, who
    # Not a vacuous agreement: staff of another department see only the board.
    staff = scope_of(inst.user("staff"))
    assert {p.unit_id for p in plans if can_read_plan(staff, p)} == {inst.branch.pk}


@pytest.mark.parametrize("few_rows", [0, 1000])
def test_the_board_lists_every_published_row_on_the_board_and_no_other(
    inst, other_inst, few_rows, monkeypatch
):
    """The board's own queries (the reach as key arrays, dropped where the roles reach
    the campaign's whole scope; the rows picked by id first when few or walked in
    order when many) list what :func:`pledge_on_board` allows, in the order shown."""
    from pledges.access import pledge_on_board
    from pledges.selectors import plans as selectors

    monkeypatch.setattr(selectors, "FEW_ROWS", few_rows)
    campaigns = [(i, make_campaign(i.institute)) for i in (inst, other_inst)]
    for i, campaign in campaigns:
        _filed(i, campaign)
    users = [p.user for i in (inst, other_inst) for p in i.people.values() if p.user_id]
    for user in users:
        scope = scope_of(user)
        for _i, campaign in campaigns:
            published = Pledge.objects.filter(
                campaign=campaign, status=Status.PUBLISHED
            ).select_related("unit", "person")
            expected = sorted(
                (p for p in published if pledge_on_board(scope, p)),
                key=lambda p: (p.unit.path, p.person.staff_no),
            )
            rows = selectors.board_pledges(scope, campaign)
            assert rows.count() == len(expected), user.username
            listed = [row["pk"] for row in rows[0:25]]
            assert listed == [p.pk for p in expected], user.username
            assert selectors.board_pledge_count(scope, campaign) == len(expected)
            plans = Plan.objects.filter(campaign=campaign, status=Status.PUBLISHED)
            board_plans = selectors.board_plans(scope, campaign)
            board_plans.count()
            assert set(board_plans[0:25]) == {
                p.pk
                for p in plans.select_related("unit")
                if unit_on_board(scope, p.unit)
            }, user.username


def test_a_superuser_with_a_department_sees_the_whole_board(inst):
    from pledges.selectors import plans as selectors

    campaign = make_campaign(inst.institute)
    for branch, who, secretary in (
        (inst.branch, "member", "secretary"),
        (inst.other_branch, "othermember", "othersec"),
    ):
        make_pledge(
            campaign,
            branch,
            inst.people[who],
            inst.user(secretary),
            state=Status.PUBLISHED,
            approver=inst.user("gsec"),
        )
    office = inst.user("office")
    office.is_superuser = True
    office.save(update_fields=["is_superuser"])
    scope = scope_of(office)
    assert scope.person is not None and scope.person.department_id
    published = Pledge.objects.filter(campaign=campaign, status=Status.PUBLISHED)
    # Not only the pledges of their department's staff (what the board showed a
    # superuser before: the colleagues' clause alone).
    colleagues = published.filter(person__department_id=scope.person.department_id)
    assert published.count() > colleagues.count()
    assert selectors.board_pledges(scope, campaign).count() == published.count()


def test_a_superuser_reads_every_plan_and_pledge_through_the_filters(inst):
    campaign = make_campaign(inst.institute)
    _filed(inst, campaign)
    office = inst.user("office")
    office.is_superuser = True
    office.save(update_fields=["is_superuser"])
    scope = scope_of(office)
    plans = list(Plan.objects.select_related("unit"))
    pledges = list(Pledge.objects.select_related("unit", "person"))
    assert all(can_read_plan(scope, p) for p in plans)
    assert all(can_read_pledge(scope, p) for p in pledges)
    assert Plan.objects.filter(readable_plans_q(scope)).count() == len(plans)
    assert Pledge.objects.filter(readable_pledges_q(scope)).count() == len(pledges)
