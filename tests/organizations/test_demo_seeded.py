"""The whole demo as seed_demo leaves it: the second institute, the branch academy's
office and campaign, the league, women, academy and cl_office accounts; a second run
adds nothing."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from organizations import demo
from organizations.access import scope_of
from organizations.models import Organization, Person, Role, User
from pledges.demo import academy as academy_demo
from pledges.models import Campaign

K = Organization.Kind
RK = Role.Kind


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """seed_demo once for this module, rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield Organization.objects.get(name=demo.INSTITUTE_NAME, kind=K.INSTITUTE)
        transaction.set_rollback(True)


@pytest.fixture
def institute(seeded, db):
    return seeded


@pytest.fixture
def second(institute):
    return Organization.objects.get(name=demo.CL_INSTITUTE_NAME, kind=K.INSTITUTE)


def person(username: str) -> Person:
    return Person.objects.select_related("institute").get(user__username=username)


def roles(username: str) -> set[tuple[str, str]]:
    return {
        (r.kind, r.node.name)
        for r in Role.objects.filter(person__user__username=username).select_related(
            "node"
        )
    }


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def home(client, username: str) -> str:
    client.force_login(User.objects.get(username=username))
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_it_puts_a_smaller_second_institute_under_the_same_branch_academy(
    institute, second
):
    assert second.parent_id == institute.parent_id
    assert second.parent.kind == K.BRANCH_ACADEMY
    staff = Person.objects.filter(institute=second)
    assert 0 < staff.count() < Person.objects.filter(institute=institute).count()
    assert Organization.objects.filter(institute=second, kind=K.BRANCH).count() >= 3
    for kind in (K.PARTY_COMMITTEE, K.ACTIVITY_OFFICE, K.LEADING_GROUP, K.UNION):
        assert Organization.objects.filter(institute=second, kind=kind).exists()
    for branch in Organization.objects.filter(institute=second, kind=K.BRANCH):
        assert branch.roles.filter(kind=RK.SECRETARY).count() == 1
        assert branch.party_members.exists()


@pytest.mark.parametrize(
    "username, kind, node",
    [
        (demo.DEMO_LEAGUE, RK.LEAGUE_OFFICER, demo.LEAGUE_NAME),
        (demo.DEMO_WOMEN, RK.WOMEN_OFFICER, demo.WOMEN_NAME),
        (demo.DEMO_ACADEMY, RK.OFFICE, demo.ACADEMY_OFFICE_NAME),
        (demo.DEMO_CL_OFFICE, RK.OFFICE, demo.CL_OFFICE_NAME),
    ],
)
def test_it_gives_each_new_account_its_one_role(institute, username, kind, node):
    assert roles(username) == {(kind, node)}
    request = RequestFactory().post("/accounts/login/")
    user = authenticate(request, username=username, password=demo.DEMO_PASSWORD)
    assert user is not None


def test_it_keeps_league_and_women_in_the_demo_institute(institute):
    assert person(demo.DEMO_LEAGUE).institute == institute
    assert person(demo.DEMO_WOMEN).institute == institute
    assert person(demo.DEMO_WOMEN).gender == Person.Gender.FEMALE


def test_it_puts_the_academy_office_under_the_branch_academy(institute):
    role = Role.objects.select_related("node__parent").get(
        person__user__username=demo.DEMO_ACADEMY
    )
    assert role.node.kind == K.ACTIVITY_OFFICE
    assert role.node.parent == institute.parent
    assert User.objects.get(username=demo.DEMO_ACADEMY).is_staff


@pytest.mark.parametrize(
    "username, unit",
    [(demo.DEMO_LEAGUE, "LEAGUE_NAME"), (demo.DEMO_WOMEN, "WOMEN_NAME")],
)
def test_it_lands_league_and_women_on_their_own_committee(
    client, institute, username, unit
):
    page = home(client, username)
    assert 'data-home="mass"' in page
    assert getattr(demo, unit) in page


def test_it_lands_the_second_office_on_its_own_institute(client, second):
    page = home(client, demo.DEMO_CL_OFFICE)
    assert 'data-home="office"' in page
    assert demo.CL_INSTITUTE_NAME in page
    assert demo.INSTITUTE_NAME not in page


def test_it_lands_the_academy_on_its_overview_of_both_institutes(
    client, institute, second
):
    client.force_login(User.objects.get(username=demo.DEMO_ACADEMY))
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("academy:overview")
    page = response.content.decode()
    assert institute.name in page and second.name in page
    # It reads what the institutes report up, never their people by path.
    scope = scope_of(User.objects.get(username=demo.DEMO_ACADEMY))
    others = scope.people().exclude(pk=scope.person.pk)
    assert not others.filter(institute__in=[institute, second]).exists()


def test_it_keeps_the_two_institutes_apart(institute, second):
    own = scope_of(User.objects.get(username=demo.DEMO_CL_OFFICE))
    assert not own.units().filter(institute=institute).exists()
    assert not own.people().filter(institute=institute).exists()
    other = scope_of(User.objects.get(username=demo.DEMO_OFFICE))
    assert not other.units().filter(institute=second).exists()
    assert not other.people().filter(institute=second).exists()


def test_it_holds_a_campaign_at_the_branch_academy(institute, second):
    own = Campaign.objects.get(scope=institute)
    campaign = Campaign.objects.get(scope=institute.parent)
    assert campaign.year == own.year
    assert campaign.phase1_start == own.phase1_start
    assert campaign.criteria_sets.exists()
    # Both institutes run their campaign beneath the branch academy's.
    assert own.parent == campaign
    assert Campaign.objects.get(scope=second).parent == campaign
    academy_demo.link_institute_campaigns(campaign, [institute, second])
    assert campaign.institute_campaigns.count() == 2


def test_it_lists_the_new_accounts_in_the_banner():
    out = StringIO()
    call_command("demo_banner", stdout=out)
    for username in ("league", "women", "academy", "cl_office"):
        assert username in out.getvalue()


def test_it_changes_nothing_when_seeded_twice(institute):
    before = row_counts()
    call_command("seed_demo", stdout=StringIO())
    assert row_counts() == before


def test_a_restart_leaves_a_campaign_the_office_added_alone(institute, second):
    """The office sets up next year's campaign in the demo, then ``make run`` runs
    seed_demo again: the seeders keep to the demo's own campaign. (They took the
    newest campaign for theirs: seed_demo crashed on it, the server never came up,
    and seeders that did not crash filled the office's new campaign with demo data.)"""
    from pledges import services
    from pledges.demo import demo_campaign

    for unit in (institute, second):
        own = demo_campaign(unit)
        assert own is not None
        services.campaign_create(
            scope=unit,
            year=own.year + 1,
            theme="下一年度",
            **services.campaign_default_dates(start=own.phase5_end),
        )
    assert demo_campaign(institute).plans.exists()
    before = row_counts()
    call_command("seed_demo", stdout=StringIO())
    assert row_counts() == before
    for unit in (institute, second):
        assert (
            demo_campaign(unit).year
            < Campaign.objects.get(scope=unit, theme="下一年度").year
        )


def test_it_shows_the_academy_campaign_to_the_academy_and_the_second_office(
    client, institute, second
):
    from pledges.selectors import campaigns_for

    academy_campaign = Campaign.objects.get(scope=institute.parent)
    own = Campaign.objects.get(scope=institute)
    for username in (demo.DEMO_ACADEMY, demo.DEMO_CL_OFFICE):
        scope = scope_of(User.objects.get(username=username))
        assert academy_campaign in set(campaigns_for(scope))
        client.force_login(User.objects.get(username=username))
        page = client.get("/campaigns/")
        assert page.status_code == 200
        assert academy_demo.ACADEMY_THEME in page.content.decode()
    cl_scope = scope_of(User.objects.get(username=demo.DEMO_CL_OFFICE))
    assert own not in set(campaigns_for(cl_scope))
