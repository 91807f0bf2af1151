"""The academy reads its institutes at report level only: explicit denials.

Its office role reaches no subtree, so an institute's ballots, its members' own pages
and its units stay closed to it; the academy's person still sees their own branch and
department as the staff member they are."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from evaluations.ballots import access as ballot_access
from organizations.access import get_person_for, get_unit_for, scope_of
from tests.evaluations.ballots.builders import make_round
from tests.pledges.builders import make_pledge

pytestmark = pytest.mark.django_db


def test_the_academy_office_runs_and_reads_no_institutes_ballots(
    academy, inst, other_inst
):
    own_round = make_round(inst)
    other_round = make_round(other_inst)
    scope = scope_of(academy.user)

    for round in (own_round, other_round):
        assert not ballot_access.can_run(scope, round)
        assert not ballot_access.can_read_results(scope, round)
    with pytest.raises(PermissionDenied):
        ballot_access.get_round_for(academy.user, own_round.pk)
    with pytest.raises(Http404):
        ballot_access.get_round_for(academy.user, other_round.pk)


@pytest.mark.parametrize("name", ["round", "tallies", "turnout", "opinions"])
def test_the_academy_office_cannot_open_a_rounds_pages(
    client, academy, inst, other_inst, name
):
    client.force_login(academy.user)
    for i in (inst, other_inst):
        round = make_round(i)
        answer = client.get(reverse(f"evaluations:{name}", args=[round.pk]))
        assert answer.status_code in (403, 404)


def test_the_academy_office_cannot_open_a_members_private_pages(
    client, academy, inst, other_inst
):
    client.force_login(academy.user)
    for i in (inst, other_inst):
        member = i.people["othermember"]
        with pytest.raises(Http404):
            get_person_for(academy.user, member.pk)
        assert (
            client.get(reverse("organizations:person", args=[member.pk])).status_code
            == 404
        )
        pledge = make_pledge(
            academy.campaign, i.other_branch, member, member.user or i.user("othersec")
        )
        assert client.get(reverse("pledges:pledge", args=[pledge.pk])).status_code in (
            403,
            404,
        )


def test_the_academy_office_cannot_open_an_institutes_units(academy, inst, other_inst):
    for i in (inst, other_inst):
        for unit in (i.institute, i.committee, i.other_branch):
            with pytest.raises(Http404):
                get_unit_for(academy.user, unit.pk)
    with pytest.raises(Http404):
        get_unit_for(academy.user, academy.unit.pk)


def test_an_institute_office_still_cannot_see_the_other_institute(
    academy, inst, other_inst
):
    with pytest.raises(Http404):
        get_unit_for(inst.user("office"), other_inst.branch.pk)
    with pytest.raises(Http404):
        get_person_for(inst.user("office"), other_inst.people["member"].pk)
    with pytest.raises(Http404):
        ballot_access.get_round_for(inst.user("office"), make_round(other_inst).pk)
