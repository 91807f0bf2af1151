"""The demo institute (seed_demo) and the demo banner."""

import importlib.machinery
import sys
import types
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory
from django.utils.module_loading import import_string

from organizations import demo
from organizations.models import (
    BranchCategory,
    MassMembership,
    Organization,
    Person,
    Role,
    User,
)

K = Organization.Kind


@pytest.fixture(scope="module")
def demo_institute(django_db_setup, django_db_blocker):
    """The demo institute, built once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        institute = demo.demo_build()
        yield institute
        transaction.set_rollback(True)


@pytest.fixture
def institute(demo_institute, db):
    return demo_institute


def units(institute, kind):
    return Organization.objects.filter(institute=institute, kind=kind)


def people(institute):
    return Person.objects.filter(institute=institute)


def demo_person(username) -> Person:
    return Person.objects.select_related("branch", "department").get(
        user__username=username
    )


def counts(institute) -> dict[str, int]:
    models = [Organization, Person, Role, MassMembership, User, BranchCategory]
    result = {m.__name__: m.objects.count() for m in models}
    for model in (Organization, Person, Role):
        result[f"history of {model.__name__}"] = model.history.count()
    return result


def test_it_builds_the_academy_branch_academy_institute_chain(institute):
    branch_academy = institute.parent
    assert institute.name == demo.INSTITUTE_NAME
    assert branch_academy.kind == K.BRANCH_ACADEMY
    assert branch_academy.parent.kind == K.ACADEMY
    assert branch_academy.parent.parent is None


def test_it_builds_one_committee_with_six_or_more_general_branches(institute):
    committee = units(institute, K.PARTY_COMMITTEE).get()
    general_branches = units(institute, K.GENERAL_BRANCH)
    assert general_branches.count() >= 6
    assert all(gb.parent_id == committee.pk for gb in general_branches)


def test_it_builds_thirty_branches_across_all_four_categories(institute):
    branches = units(institute, K.BRANCH)
    assert branches.count() >= 30
    codes = set(branches.values_list("category__code", flat=True))
    assert codes == set(BranchCategory.Code.values)


def test_it_puts_some_branches_directly_under_the_committee(institute):
    assert units(institute, K.BRANCH).filter(parent__kind=K.PARTY_COMMITTEE).exists()


def test_it_gives_every_branch_its_department(institute):
    assert not units(institute, K.BRANCH).filter(department__isnull=True).exists()


def test_it_leaves_a_department_without_a_branch_of_its_own(institute):
    lonely = units(institute, K.DEPARTMENT).filter(
        served_by__isnull=True, staff__isnull=False
    )
    assert lonely.exists()


def test_it_has_six_hundred_staff_and_three_hundred_members(institute):
    staff = people(institute)
    statuses = set(staff.values_list("political_status", flat=True))
    assert staff.count() >= 600
    assert staff.filter(political_status__in=Person.PARTY_STATUSES).count() >= 300
    assert statuses == set(Person.PoliticalStatus.values)
    assert set(staff.values_list("gender", flat=True)) == {"M", "F"}


def test_it_gives_staff_a_mix_of_positions(institute):
    positions = set(people(institute).values_list("position", flat=True))
    for title in ("研究员", "高级工程师", "工程师", "助理工程师", "处长", "副主任"):
        assert title in positions


def test_it_writes_only_valid_people(institute):
    everyone = people(institute).select_related("institute", "department", "branch")
    fks = ["institute", "department", "branch", "user"]
    for person in everyone:
        person.clean_fields(exclude=fks)
        person.clean()
        assert person.department is not None
        if person.is_party_member:
            assert person.party_joined_on is not None


def test_it_numbers_staff_uniquely(institute):
    numbers = list(people(institute).values_list("staff_no", flat=True))
    assert len(numbers) == len(set(numbers))


def test_it_leaves_most_staff_without_an_account(institute):
    with_account = people(institute).filter(user__isnull=False)
    assert set(with_account.values_list("user__username", flat=True)) == set(
        demo.DEMO_USERNAMES
    )


def test_it_gives_each_general_branch_a_secretary(institute):
    for gb in units(institute, K.GENERAL_BRANCH):
        assert gb.roles.filter(kind=Role.Kind.GENERAL_SECRETARY).count() == 1


def test_it_gives_each_branch_a_secretary_and_committee_members(institute):
    for branch in units(institute, K.BRANCH):
        assert branch.roles.filter(kind=Role.Kind.SECRETARY).count() == 1
        assert 1 <= branch.roles.filter(kind=Role.Kind.COMMITTEE_MEMBER).count() <= 2


def test_it_staffs_the_leading_group_with_titles(institute):
    group = units(institute, K.LEADING_GROUP).get()
    titles = list(group.roles.filter(kind=Role.Kind.LEADER).values_list("title"))
    assert titles[0] == ("组长",)
    assert ("副组长",) in titles
    assert ("成员",) in titles


def test_it_staffs_the_activity_office_with_titles(institute):
    office = units(institute, K.ACTIVITY_OFFICE).get()
    titles = list(office.roles.filter(kind=Role.Kind.OFFICE).values_list("title"))
    assert titles[0] == ("主任",)
    assert ("成员",) in titles


def test_it_gives_the_leader_the_secretarys_branch_as_liaison(institute):
    leader = demo_person(demo.DEMO_LEADER)
    branch = demo_person(demo.DEMO_SECRETARY).branch
    liaisons = leader.roles.filter(kind=Role.Kind.LIAISON)
    assert liaisons.filter(node=branch).exists()
    assert liaisons.count() > 1


@pytest.mark.parametrize(
    "top_kind, child_kind, officer",
    [
        (K.UNION, K.UNION_BRANCH, Role.Kind.UNION_OFFICER),
        (K.LEAGUE_COMMITTEE, K.LEAGUE_BRANCH, Role.Kind.LEAGUE_OFFICER),
        (K.WOMEN_COMMITTEE, K.WOMEN_GROUP, Role.Kind.WOMEN_OFFICER),
    ],
)
def test_it_builds_mass_organisations_led_by_the_party(
    institute, top_kind, child_kind, officer
):
    top = units(institute, top_kind).get()
    children = units(institute, child_kind).filter(parent=top)
    assert children.count() >= 2
    for unit in [top, *children]:
        assert unit.led_by.family == "party"
        assert unit.roles.filter(kind=officer).exists()
    assert MassMembership.objects.filter(unit__in=children).exists()


def test_it_builds_union_groups_under_union_branches(institute):
    groups = units(institute, K.UNION_GROUP)
    assert groups.exists()
    assert all(g.parent.kind == K.UNION_BRANCH for g in groups)
    assert MassMembership.objects.filter(unit__in=groups).exists()


def test_it_enrols_league_members_in_league_branches(institute):
    league_people = people(institute).filter(political_status="league")
    enrolled = league_people.filter(massmembership__unit__kind=K.LEAGUE_BRANCH)
    assert league_people.exists()
    assert enrolled.count() == league_people.count()


def test_it_keeps_the_demo_branch_people_in_its_department(institute):
    secretary = demo_person(demo.DEMO_SECRETARY)
    branch = secretary.branch
    member = demo_person(demo.DEMO_MEMBER)
    staff = demo_person(demo.DEMO_STAFF)
    gsec = demo_person(demo.DEMO_GSEC)
    assert branch.roles.filter(kind=Role.Kind.SECRETARY, person=secretary).exists()
    assert branch.parent.kind == K.GENERAL_BRANCH
    assert branch.category.code == BranchCategory.Code.RESEARCH
    assert member.branch == branch and member.is_party_member
    assert not staff.is_party_member and staff.branch is None
    assert {secretary.department, member.department, staff.department} == {
        branch.department
    }
    assert branch.parent.roles.filter(
        kind=Role.Kind.GENERAL_SECRETARY, person=gsec
    ).exists()


@pytest.mark.parametrize("username", demo.DEMO_USERNAMES)
def test_it_lets_each_demo_account_sign_in(institute, username):
    request = RequestFactory().post("/accounts/login/")
    user = authenticate(request, username=username, password=demo.DEMO_PASSWORD)
    assert user is not None and user.username == username


def test_it_gives_the_office_account_admin_access(institute):
    assert User.objects.get(username=demo.DEMO_OFFICE).is_staff


@pytest.mark.parametrize(
    "username, home",
    [
        (demo.DEMO_OFFICE, "office"),
        (demo.DEMO_LEADER, "leader"),
        (demo.DEMO_GSEC, "general_secretary"),
        (demo.DEMO_SECRETARY, "secretary"),
        (demo.DEMO_MEMBER, "member"),
        (demo.DEMO_STAFF, "staff"),
        (demo.DEMO_UNION, "mass"),
        (demo.DEMO_LEAGUE, "mass"),
        (demo.DEMO_WOMEN, "mass"),
    ],
)
def test_it_lands_each_demo_account_on_its_home(institute, client, username, home):
    client.force_login(User.objects.get(username=username))
    response = client.get("/")
    assert response.status_code == 200
    assert f'data-home="{home}"' in response.content.decode()


def test_it_changes_nothing_when_run_twice(institute):
    before = counts(institute)
    again = demo.demo_build()
    assert again.pk == institute.pk
    assert counts(institute) == before


def test_it_uses_no_name_from_the_seeds(institute):
    names = list(people(institute).values_list("name", flat=True))
    names += list(Organization.objects.values_list("name", flat=True))
    for seed_name in ("江波", "沈虹", "欧黎", "章瑜", "吴应康", "二十六所"):
        assert not any(seed_name in name for name in names)


def test_it_plans_the_same_institute_every_time():
    assert demo.demo_plan() == demo.demo_plan()


def test_it_reports_the_institute_from_the_command(institute, settings):
    settings.DEMO_SEEDERS = []
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert demo.INSTITUTE_NAME in out.getvalue()
    assert "33 branches" in out.getvalue()


def fake_module(monkeypatch, name, **attrs):
    module = types.ModuleType(name)
    module.__spec__ = importlib.machinery.ModuleSpec(name, None)
    for key, value in attrs.items():
        setattr(module, key, value)
    monkeypatch.setitem(sys.modules, name, module)


def fake_seeder(monkeypatch, name, seed):
    seed.__module__ = name
    fake_module(monkeypatch, name, seed=seed)


def test_it_runs_the_seeders_in_order(monkeypatch, settings):
    calls = []
    fake_seeder(monkeypatch, "cx_fake_first", lambda i: calls.append(("a", i)))
    fake_seeder(monkeypatch, "cx_fake_second", lambda i: calls.append(("b", i)))
    settings.DEMO_SEEDERS = ["cx_fake_second.seed", "cx_fake_first.seed"]
    ran = demo.demo_seeders_run(institute="inst")
    assert calls == [("b", "inst"), ("a", "inst")]
    assert ran == ["cx_fake_second", "cx_fake_first"]


@pytest.mark.parametrize(
    "missing",
    [
        "organizations.no_such_demo.seed",
        "no_such_package.demo.seed",
        "cx_fake_no_seed.seed",
    ],
)
def test_it_fails_loudly_on_a_missing_seeder_and_runs_none(
    monkeypatch, settings, missing
):
    calls = []
    fake_seeder(monkeypatch, "cx_fake_first", lambda i: calls.append(i))
    fake_module(monkeypatch, "cx_fake_no_seed")
    settings.DEMO_SEEDERS = ["cx_fake_first.seed", missing]
    with pytest.raises(ImportError):
        demo.demo_seeders_run(institute="inst")
    assert calls == []


def test_it_lets_an_error_inside_a_seeder_propagate(monkeypatch, settings):
    def broken(institute):
        raise RuntimeError("seeder failed")

    fake_seeder(monkeypatch, "cx_fake_broken", broken)
    settings.DEMO_SEEDERS = ["cx_fake_broken.seed"]
    with pytest.raises(RuntimeError, match="seeder failed"):
        demo.demo_seeders_run(institute=None)


def test_it_names_every_seeder_that_exists(settings):
    assert [import_string(path).__module__ for path in settings.DEMO_SEEDERS] == [
        "pledges.demo.commitments",
        "pledges.demo.activity",
        "pledges.leadership.demo",
        "evaluations.demo.ballots",
        "evaluations.demo.inspections",
        "evaluations.demo.mass_supervision",
        "evaluations.demo.scoring",
        "evaluations.demo.awards",
        "evaluations.demo.assessment",
        "pledges.demo.academy",
    ]


def test_it_prints_the_banner_with_every_demo_account():
    out = StringIO()
    call_command("demo_banner", "--url", "http://127.0.0.1:8102/", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8102/" in text
    for account in demo.DEMO_ACCOUNTS:
        assert account.username in text
        assert account.role_zh in text and account.role_en in text
    assert demo.DEMO_PASSWORD in text
