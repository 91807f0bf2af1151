"""Home panels of a general-branch secretary and a union officer; the board's 带头 filter."""

import pytest
from django.urls import reverse

from organizations import services as org_services
from organizations.models import Role

pytestmark = pytest.mark.usefixtures("english")


def test_it_shows_a_general_branch_its_branches_plans_and_pledges(
    client, inst, campaign
):
    client.force_login(inst.user("gsec"))
    html = client.get(reverse("home")).content.decode()
    panel = html[html.index('data-panel="pledges-secretary"') :]
    assert 'data-testid="panel-below"' in panel
    assert "2 branches below" in panel
    assert "Plans filed" in panel
    assert reverse("pledges:plans") in panel


def test_it_offers_a_union_without_a_plan_to_start_one(client, inst, campaign):
    org_services.role_grant(
        person=inst.people["staff"], kind=Role.Kind.UNION_OFFICER, node=inst.union
    )
    client.force_login(inst.user("staff"))
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="panel-start-plan"' in html
    assert ": · " not in html


def test_it_groups_the_daitou_filter_by_criteria_set(client, inst, campaign):
    client.force_login(inst.user("staff"))
    html = client.get(reverse("pledges:board")).content.decode()
    select = html[
        html.index('name="criterion"') : html.index(
            "</select>", html.index('name="criterion"')
        )
    ]
    person_sets = campaign.criteria_sets.filter(audience="person").exclude(
        criteria__isnull=True
    )
    for criteria_set in person_sets:
        assert f'<optgroup label="{criteria_set.name}">' in select
    # 带头刻苦学习 is a criterion of the league's and the women's sets: one per group.
    assert select.count("带头刻苦学习") == 2
    groups = select.split("<optgroup")[1:]
    assert all(group.count("带头刻苦学习") <= 1 for group in groups)


def test_the_shared_panel_figures_follow_a_write(client, inst, campaign):
    """The general branch's figures of its branches and the board's counts are kept
    for everyone (core.versioned_cache): a filed plan and a published pledge show on
    the next page."""
    from pledges.models import Status
    from tests.pledges.builders import make_plan, make_pledge

    def page(role):
        client.force_login(inst.user(role))
        return client.get(reverse("home")).content.decode()

    def board_counts():
        html = page("staff")
        panel = html[html.index('data-panel="pledges-staff"') :]
        return panel[: panel.index("</div>")]

    below, board = page("gsec"), board_counts()
    assert "Plans filed 0" in below
    make_plan(campaign, inst.branch, inst.user("secretary"), state=Status.SUBMITTED)
    assert "Plans filed 1" in page("gsec")
    make_pledge(
        campaign,
        inst.branch,
        inst.people["member"],
        inst.user("member"),
        state=Status.PUBLISHED,
        approver=inst.user("secretary"),
    )
    assert board_counts() != board


def test_the_home_lists_what_awaits_ones_approval(client, inst, campaign):
    """The secretary's home links the pledges submitted in the branch, the general
    secretary's the plans submitted below, each under its name, never one's own."""
    from pledges.models import Status
    from tests.pledges.builders import make_plan, make_pledge

    def awaiting(role):
        client.force_login(inst.user(role))
        html = client.get(reverse("home")).content.decode()
        if "Awaiting your approval" not in html:
            return ""
        part = html[html.index("Awaiting your approval") :]
        return part[: part.index("</div>")]

    assert awaiting("secretary") == ""
    pledge = make_pledge(
        campaign,
        inst.branch,
        inst.people["member"],
        inst.user("member"),
        state=Status.SUBMITTED,
    )
    own = make_pledge(
        campaign,
        inst.branch,
        inst.people["secretary"],
        inst.user("secretary"),
        state=Status.SUBMITTED,
    )
    plan = make_plan(
        campaign, inst.branch, inst.user("secretary"), state=Status.SUBMITTED
    )
    listed = awaiting("secretary")
    assert f'<a href="{pledge.get_absolute_url()}">{pledge.person.name}</a>' in listed
    assert own.get_absolute_url() not in listed
    assert plan.get_absolute_url() not in listed  # the level above approves it
    above = awaiting("gsec")
    assert f'<a href="{plan.get_absolute_url()}">{inst.branch.name}</a>' in above


def test_the_home_reads_ones_pledges_items_as_the_orm_does(inst, campaign):
    """The home's own pledges come with their items from a query written once per
    process (pledges.panels._attach_items): the same items, fields and order as the
    ORM's prefetch, and no query when the panel reads them."""
    from django.db import connection
    from django.db.models import prefetch_related_objects
    from django.test.utils import CaptureQueriesContext

    from organizations.access import scope_of
    from pledges.models import Pledge, PledgeItem, Status
    from pledges.panels import own_pledges
    from tests.pledges.builders import make_pledge

    member = inst.people["member"]
    pledge = make_pledge(
        campaign,
        inst.branch,
        member,
        inst.user("member"),
        state=Status.PUBLISHED,
        approver=inst.user("secretary"),
    )
    # An item added out of order, and another pledge's items, must not mix in.
    first = pledge.items.first()
    PledgeItem.objects.create(
        pledge=pledge, text="后加的一条", order=0, due_on=first.due_on
    )
    make_pledge(campaign, inst.branch, inst.people["secretary"], inst.user("secretary"))

    found = own_pledges(scope_of(inst.user("member")), campaign)
    expected = list(Pledge.objects.filter(person=member, campaign=campaign))
    prefetch_related_objects(expected, "items")
    assert [p.pk for p in found] == [p.pk for p in expected]
    with CaptureQueriesContext(connection) as queries:
        got = [
            [
                (i.pk, i.pledge_id, i.text, i.order, i.criterion_id, i.pledge.pk)
                for i in p.items.all()
            ]
            for p in found
        ]
    assert len(queries) == 0
    assert got == [
        [
            (i.pk, i.pledge_id, i.text, i.order, i.criterion_id, i.pledge.pk)
            for i in p.items.all()
        ]
        for p in expected
    ]
    assert len(got[0]) >= 2
    assert [
        {f.attname: getattr(i, f.attname) for f in PledgeItem._meta.concrete_fields}
        for i in found[0].items.all()
    ] == list(
        PledgeItem.objects.filter(pledge=pledge).values(
            *[f.attname for f in PledgeItem._meta.concrete_fields]
        )
    )


def test_the_homes_approval_list_matches_the_model_rules(inst, campaign):
    """The secretaries' home panel decides what awaits approval on light stand-ins of
    the rows (pledges.panels._LightPledge); for every account it must list what the
    full model instances give ``awaiting_among``: own pledges and those one filed
    left out (separation of duties), the branch's members' in."""
    from organizations.access import scope_of
    from pledges.models import Pledge, Status
    from pledges.panels import _home_rows, secretary_panel
    from pledges.selectors import awaiting_among
    from tests.pledges.builders import make_pledge

    for key, filer in (
        ("member", "member"),
        ("secretary", "secretary"),
        ("othermember", "othersec"),
    ):
        make_pledge(
            campaign,
            inst.people[key].branch,
            inst.people[key],
            inst.user(filer),
            state=Status.SUBMITTED,
        )
    seen = 0
    for key, person in inst.people.items():
        if person.user is None:
            continue
        scope = scope_of(person.user)
        panel = secretary_panel(scope)
        if panel is None:
            continue
        found = _home_rows(scope, campaign)
        full = list(
            Pledge.objects.filter(pk__in=[row[0] for row in found.rows]).select_related(
                "unit", "person", "campaign"
            )
        )
        expected = awaiting_among(scope, [], full)["pledges"]
        got = [name for _url, name in panel["awaiting"]["pledges"]]
        assert got == [p.person.name for p in expected], key
        seen += bool(expected)
    assert seen >= 2  # the branch secretary and the 党总支 secretary at least


@pytest.mark.django_db
def test_the_units_under_a_reach_are_those_whose_path_starts_with_it(inst):
    # The home's reach test (a range of the path's index on PostgreSQL, LIKE
    # elsewhere) picks exactly the units Django's startswith picks, for every
    # unit's path.
    from django.db import connection

    from organizations.models import Organization
    from pledges.panels import _under_params, _units_under_sql

    # The test as a home's query uses it, on a row of every unit's key.
    table = Organization._meta.db_table
    test = _units_under_sql(connection, 1)
    query = f'SELECT f."unit_id" FROM (SELECT "id" AS "unit_id" FROM "{table}") f WHERE {test}'  # noqa: S608
    paths = list(Organization.objects.values_list("path", flat=True))
    for path in paths:
        with connection.cursor() as cursor:
            cursor.execute(query, _under_params(connection, [path]))
            found = {row[0] for row in cursor.fetchall()}
        expected = set(
            Organization.objects.filter(path__startswith=path).values_list(
                "pk", flat=True
            )
        )
        assert found == expected, path
    # A sibling whose key starts with the same digits lies outside the range, as
    # the pattern operators compare bytes.
    if connection.vendor == "postgresql":
        low, high = _under_params(connection, ["/1/2/3/"])
        for path, inside in (("/1/2/3/", True), ("/1/2/3/45/", True)):
            assert (low.encode() <= path.encode() < high.encode()) is inside
        for path in ("/1/2/30/", "/1/2/3", "/1/2/4/", "/1/2/"):
            assert not (low.encode() <= path.encode() < high.encode()), path


def test_the_awaiting_links_are_written_as_the_templates_loop_wrote_them():
    # The approval list's links are written in Python (a 党总支 has dozens): the same
    # text as the template's loop gave, names and URLs escaped as it escaped them.
    from django.template import Context, Template

    from core.pk_urls import anchors

    loop = Template(
        '{% for url, name in links %}<a href="{{ url }}">{{ name }}</a> {% endfor %}'
    )
    for links in (
        [],
        [("/pledges/7/", "张三")],
        [("/plans/1/", "<b>\"A\" & 'B'</b>"), ("/pledges/2/?a=1&b=2", "李四")],
    ):
        written = anchors(links)
        assert written == loop.render(Context({"links": links}))
        assert "<b>" not in written
