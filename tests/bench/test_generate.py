"""The benchmark generator (bench.generate) at a tiny scale on the test database."""

import pytest

from bench import generate
from evaluations.models import Ballot, Participation, Round, TargetTally
from organizations.models import Organization, Person, User
from pledges.models import Plan, Pledge

TINY = generate.Scale.tiny()


@pytest.fixture
def meta(db):
    return generate.generate(scale=TINY)


def test_it_builds_the_tree_at_the_scale_asked(meta):
    assert meta["counts"]["general_branches"] == TINY.general_branches
    assert meta["counts"]["branches"] == TINY.branches


def test_it_gives_every_unit_its_parents_path_plus_its_own_key(meta):
    for unit in Organization.objects.select_related("parent"):
        parent_path = unit.parent.path if unit.parent else "/"
        assert unit.path == f"{parent_path}{unit.pk}/"
        assert unit.depth == (unit.parent.depth + 1 if unit.parent else 0)
        assert unit.institute_id == meta["ids"]["institute"]


def test_it_creates_the_staff_and_party_members_asked(meta):
    assert Person.objects.count() == TINY.staff
    assert (
        Person.objects.filter(political_status__in=Person.PARTY_STATUSES).count()
        == TINY.members
    )


def test_it_files_a_pledge_per_member_and_a_plan_per_unit(meta):
    assert Pledge.objects.count() == TINY.members
    assert Plan.objects.filter(unit__kind=Organization.Kind.BRANCH).count() == (
        TINY.branches
    )


def test_it_closes_and_tallies_the_mass_evaluation_with_the_ballots_asked(meta):
    closed = Round.objects.get(pk=meta["ids"]["closed_round"])
    assert closed.status == Round.Status.PUBLISHED
    assert Ballot.objects.filter(round=closed).count() == TINY.ballots
    assert Participation.objects.filter(round=closed).count() == TINY.ballots
    tallied = TargetTally.objects.filter(round=closed)
    assert sum(t.ballots for t in tallied) == TINY.ballots


def test_it_leaves_an_open_round_for_the_casting_benchmark(meta):
    open_round = Round.objects.get(pk=meta["ids"]["open_round"])
    assert open_round.status == Round.Status.OPEN
    assert open_round.targets.count() == TINY.cast_targets


def test_it_gives_the_role_and_voter_accounts_a_person(meta):
    usernames = meta["accounts"] + meta["voters"]
    assert len(meta["voters"]) == TINY.voters
    assert User.objects.filter(
        username__in=usernames, person__isnull=False
    ).count() == len(usernames)


def test_it_records_itself_as_complete_for_its_scale(meta):
    assert generate.is_complete(TINY)
    assert not generate.is_complete(generate.Scale.demo())


def test_it_gives_each_rotated_role_its_accounts_each_with_their_own_pages(meta):
    roles = meta["roles"]
    for role in ("secretary", "member", "staff"):
        assert len(roles[role]) == TINY.role_accounts
        assert roles[role][0] == f"bench_{role}"
    assert len(roles["office"]) == TINY.office
    people = Person.objects.filter(user__username__in=roles["secretary"])
    assert people.filter(roles__kind="secretary").distinct().count() == (
        TINY.role_accounts
    )
    # every member's own pledge is published and theirs; each staff member has a board
    pledges = Pledge.objects.filter(pk__in=meta["pledge_of"].values())
    assert {p.person.user.username for p in pledges} == set(roles["member"])
    assert {p.status for p in pledges} == {"published"}
    assert set(meta["branch_of"]) == set(roles["staff"])
    assert not set(meta["voters"]) & {u for users in roles.values() for u in users}


def test_it_builds_an_academy_of_institutes_each_with_its_own_accounts(db):
    meta = generate.generate_academy(institutes=2, scale=TINY)
    academy = Organization.objects.get(pk=meta["academy"]["id"])
    institutes = Organization.objects.filter(kind=Organization.Kind.INSTITUTE)
    assert institutes.count() == 2
    assert set(institutes.values_list("parent", flat=True)) == {academy.pk}
    assert Person.objects.count() == 2 * TINY.staff
    assert meta["institutes"][1]["roles"]["office"][0] == "bench_i02_office"
    assert User.objects.filter(username="bench_academy", person__isnull=False).exists()
    assert generate.is_complete(TINY, 2)
    assert not generate.is_complete(TINY)
    # the academy holds its own campaign (the overview reads the institutes' beneath it)
    from pledges.models import Campaign

    assert Campaign.objects.get(pk=meta["academy"]["campaign"]).scope_id == academy.pk


def test_it_replaces_an_older_bench_dataset_but_refuses_other_data(db, monkeypatch):
    """A database whose marker names another generator version is emptied and built
    again (``make bench`` after the generator changed); data without the marker is
    never touched."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from bench.generate import GENERATOR_VERSION
    from bench.generate.marker import _meta_write
    from bench.management.commands import bench_generate
    from organizations.models import Organization

    flushed, built = [], []
    monkeypatch.setattr(bench_generate, "_analyze", lambda: None)  # no VACUUM in a test
    monkeypatch.setattr(
        bench_generate, "call_command", lambda *a, **k: flushed.append(a)
    )
    monkeypatch.setattr(
        generate, "generate", lambda **k: built.append(k) or {"version": 0}
    )
    other = Organization.objects.create(
        name="别的研究所", kind=Organization.Kind.INSTITUTE
    )
    with pytest.raises(CommandError):
        call_command(bench_generate.Command(), "--scale", "tiny")
    assert flushed == [] and built == []
    assert Organization.objects.filter(pk=other.pk).exists()

    _meta_write({"version": GENERATOR_VERSION - 1, "scale": {}})
    monkeypatch.setattr(
        bench_generate,
        "call_command",
        lambda *a, **k: flushed.append(a) or Organization.objects.all().delete(),
    )
    call_command(bench_generate.Command(), "--scale", "tiny")
    assert flushed == [("flush",)] and len(built) == 1
