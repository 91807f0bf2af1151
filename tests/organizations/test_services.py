import pytest
from django.core.exceptions import ValidationError

from organizations import services
from organizations.models import Organization, Person, Role

K = Organization.Kind


def test_it_places_a_new_unit_under_its_parent(inst):
    assert inst.branch.path == f"{inst.gb.path}{inst.branch.pk}/"
    assert inst.branch.depth == inst.gb.depth + 1
    assert inst.branch.institute_id == inst.institute.pk
    assert inst.institute.institute_id == inst.institute.pk


def test_it_gives_a_new_institute_the_four_categories(inst):
    codes = set(inst.institute.branch_categories.values_list("code", flat=True))
    assert codes == {"research", "organ", "support", "retired"}


def test_it_refuses_a_branch_under_a_department(inst):
    with pytest.raises(ValidationError) as error:
        services.organization_create(
            name="错位支部",
            kind=K.BRANCH,
            parent=inst.department,
            category=inst.category,
        )
    assert "parent" in error.value.message_dict


def test_it_refuses_a_branch_without_a_category(inst):
    with pytest.raises(ValidationError) as error:
        services.organization_create(name="无类别支部", kind=K.BRANCH, parent=inst.gb)
    assert "category" in error.value.message_dict


def test_it_allows_a_branch_directly_under_the_committee(inst):
    assert inst.lone_branch.parent == inst.committee


def test_it_moves_a_subtree_and_rewrites_descendant_paths(inst):
    gb2 = services.organization_create(
        name="第二党总支", kind=K.GENERAL_BRANCH, parent=inst.committee
    )
    moved = services.organization_move(unit=inst.lone_branch, new_parent=gb2)
    assert moved.path == f"{gb2.path}{moved.pk}/"
    assert moved.depth == gb2.depth + 1
    # Moving a general branch carries its branches along.
    dept_gb = services.organization_create(
        name="第三党总支", kind=K.GENERAL_BRANCH, parent=inst.committee
    )
    services.organization_move(unit=gb2, new_parent=inst.committee)
    services.organization_move(unit=moved, new_parent=dept_gb)
    moved.refresh_from_db()
    assert moved.path.startswith(dept_gb.path)


def test_it_moves_grandchildren_paths_in_one_statement(inst):
    committee2 = services.organization_create(
        name="第二党委", kind=K.PARTY_COMMITTEE, parent=inst.institute
    )
    services.organization_move(unit=inst.gb, new_parent=committee2)
    inst.branch.refresh_from_db()
    inst.gb.refresh_from_db()
    assert inst.branch.path == f"{committee2.path}{inst.gb.pk}/{inst.branch.pk}/"
    assert inst.branch.depth == committee2.depth + 2


def test_it_refuses_to_move_a_unit_under_itself(inst):
    with pytest.raises(ValidationError):
        services.organization_move(unit=inst.gb, new_parent=inst.branch)


def test_it_records_a_move_in_the_history(inst):
    gb2 = services.organization_create(
        name="第二党总支", kind=K.GENERAL_BRANCH, parent=inst.committee
    )
    services.organization_move(unit=inst.branch, new_parent=gb2)
    parents = list(
        inst.branch.history.order_by("history_id").values_list("parent_id", flat=True)
    )
    assert parents[0] == inst.gb.pk
    assert parents[-1] == gb2.pk


def test_it_merges_people_roles_and_keeps_the_source(inst):
    services.organization_merge(source=inst.other_branch, target=inst.branch)
    inst.other_branch.refresh_from_db()
    assert not inst.other_branch.is_active
    assert inst.other_branch.merged_into == inst.branch
    assert Person.objects.get(pk=inst.people["othermember"].pk).branch == inst.branch
    assert Role.objects.get(person=inst.people["othersec"]).node == inst.branch
    assert inst.branch.name in inst.other_branch.history.first().history_change_reason


def test_it_refuses_to_merge_units_of_different_kinds(inst):
    with pytest.raises(ValidationError):
        services.organization_merge(source=inst.branch, target=inst.gb)


def test_it_refuses_a_role_at_the_wrong_kind_of_unit(inst):
    with pytest.raises(ValidationError):
        services.role_grant(
            person=inst.people["member"], kind=Role.Kind.SECRETARY, node=inst.gb
        )


def test_it_keeps_liaison_branches_for_leaders_only(inst):
    with pytest.raises(ValidationError):
        services.role_grant(
            person=inst.people["member"], kind=Role.Kind.LIAISON, node=inst.branch
        )


def test_it_gives_office_members_admin_access(inst):
    assert inst.user("office").is_staff
    assert not inst.user("secretary").is_staff


def test_it_refuses_a_party_member_without_a_branch(inst):
    p = Person(
        institute=inst.institute,
        name="某",
        staff_no="X1",
        political_status=Person.PoliticalStatus.PARTY_FULL,
    )
    with pytest.raises(ValidationError) as error:
        p.full_clean()
    assert "branch" in error.value.message_dict
