import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from organizations.access import get_person_for, get_unit_for, scope_of


def test_it_gives_the_office_the_whole_institute(inst):
    scope = scope_of(inst.user("office"))
    assert scope.is_office
    assert scope.manage_paths == (inst.institute.path,)
    assert scope.units().filter(pk=inst.other_branch.pk).exists()


def test_it_lets_a_leader_read_but_not_manage(inst):
    scope = scope_of(inst.user("leader"))
    assert scope.read_paths == (inst.institute.path,)
    assert scope.manage_paths == ()
    assert get_unit_for(inst.user("leader"), inst.branch.pk) == inst.branch
    with pytest.raises(PermissionDenied):
        get_unit_for(inst.user("leader"), inst.branch.pk, write=True)


def test_it_limits_a_secretary_to_their_branch(inst):
    user = inst.user("secretary")
    assert get_unit_for(user, inst.branch.pk, write=True) == inst.branch
    with pytest.raises(Http404):
        get_unit_for(user, inst.other_branch.pk)


def test_it_lets_a_general_secretary_manage_every_branch_below(inst):
    user = inst.user("gsec")
    assert get_unit_for(user, inst.other_branch.pk, write=True) == inst.other_branch
    with pytest.raises(Http404):
        get_unit_for(user, inst.lone_branch.pk)


def test_it_lets_a_member_read_only_their_own_units(inst):
    user = inst.user("member")
    assert get_unit_for(user, inst.branch.pk) == inst.branch
    with pytest.raises(PermissionDenied):
        get_unit_for(user, inst.branch.pk, write=True)
    with pytest.raises(Http404):
        get_unit_for(user, inst.gb.pk)


def test_it_shows_a_secretary_the_people_of_their_branch_and_department(inst):
    people = set(
        scope_of(inst.user("secretary")).people().values_list("name", flat=True)
    )
    assert {"member", "secretary", "staff"} <= people
    assert "othermember" not in people


def test_it_lets_a_person_read_their_own_entry_only(inst):
    user = inst.user("staff")
    assert get_person_for(user, inst.people["staff"].pk) == inst.people["staff"]
    with pytest.raises(Http404):
        get_person_for(user, inst.people["member"].pk)


def test_it_keeps_two_institutes_apart(inst, other_inst):
    office = inst.user("office")
    scope = scope_of(office)
    assert not scope.units().filter(institute=other_inst.institute).exists()
    assert not scope.people().filter(institute=other_inst.institute).exists()
    with pytest.raises(Http404):
        get_unit_for(office, other_inst.branch.pk)
    with pytest.raises(Http404):
        get_person_for(office, other_inst.people["member"].pk)
