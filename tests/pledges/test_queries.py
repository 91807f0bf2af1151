"""Lists keep a fixed number of SQL queries whatever their size."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import Person
from pledges import services
from pledges.models import Status
from tests.factories import person
from tests.pledges.builders import add_branches, make_plan, make_pledge
from tests.pledges.files import png_bytes

pytestmark = pytest.mark.usefixtures("english")


def count(client, user, url):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "role,url",
    [
        ("office", "/board/"),
        ("office", "/board/?show=plans"),
        ("staff", "/board/"),
        ("staff", "/board/?show=plans&q=措施"),
        ("office", "/plans/"),
        ("gsec", "/pledges/"),
        ("office", "/"),
        ("gsec", "/"),
    ],
)
def test_it_keeps_list_queries_fixed_from_3_to_30_branches(
    client, inst, campaign, role, url
):
    add_branches(inst, 3, campaign=campaign)
    small = count(client, inst.user(role), url)
    add_branches(inst, 27, campaign=campaign)
    assert count(client, inst.user(role), url) == small


def _members_with_progress(inst, campaign, n, settings):
    sec = inst.user("secretary")
    for _ in range(n):
        p = person(
            inst.institute,
            f"x{Person.objects.count()}",
            account=False,
            department=inst.department,
            political_status=Person.PoliticalStatus.PARTY_FULL,
            branch=inst.branch,
        )
        pledge = make_pledge(
            campaign,
            inst.branch,
            p,
            sec,
            state=Status.PUBLISHED,
            approver=inst.user("gsec"),
        )
        for item in pledge.items.all():
            services.progress_report(
                subject=item,
                by=sec,
                status="at_risk",
                percent=30,
                text="进展",
                files=[SimpleUploadedFile("a.png", png_bytes())],
            )


def test_it_keeps_the_progress_view_fixed_from_3_to_30_members(
    client, inst, campaign, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    sec = inst.user("secretary")
    plan = make_plan(
        campaign, inst.branch, sec, state=Status.PUBLISHED, approver=inst.user("gsec")
    )
    for measure in plan.measures.all():
        services.progress_report(
            subject=measure, by=sec, status="done", percent=100, text="t"
        )
    url = reverse("pledges:progress", args=[inst.branch.pk])
    _members_with_progress(inst, campaign, 3, settings)
    small = count(client, sec, url)
    _members_with_progress(inst, campaign, 27, settings)
    assert count(client, sec, url) == small


def test_it_keeps_the_unit_page_and_print_sheet_fixed(
    client, inst, campaign, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    sec = inst.user("secretary")
    make_plan(
        campaign, inst.branch, sec, state=Status.PUBLISHED, approver=inst.user("gsec")
    )
    _members_with_progress(inst, campaign, 3, settings)
    urls = [
        reverse("pledges:board_unit", args=[inst.branch.pk]),
        reverse("pledges:board_print", args=[inst.branch.pk]),
    ]
    small = [count(client, inst.user("staff"), u) for u in urls]
    _members_with_progress(inst, campaign, 27, settings)
    assert [count(client, inst.user("staff"), u) for u in urls] == small


def _bulk_branches(inst, campaign, n):
    """``n`` more branches with a published plan and pledge each, written in bulk."""
    from organizations.models import Organization
    from pledges.models import (
        Criterion,
        Plan,
        PlanMeasure,
        Pledge,
        PledgeItem,
    )
    from tests.factories import unit

    crit = Criterion.objects.filter(
        criteria_set__campaign=campaign, criteria_set__code="party_member"
    ).first()
    plans, pledges, measures, items = [], [], [], []
    for _ in range(n):
        branch = unit(
            f"批量支部{Organization.objects.count()}",
            Organization.Kind.BRANCH,
            inst.gb,
            category=inst.category,
            department=inst.department,
        )
        member = person(
            inst.institute,
            f"b{branch.pk}",
            account=False,
            department=inst.department,
            political_status=Person.PoliticalStatus.PARTY_FULL,
            branch=branch,
        )
        plans.append(
            Plan(
                campaign=campaign,
                unit=branch,
                focus="重点",
                targets="目标",
                status=Status.PUBLISHED,
                version=1,
            )
        )
        pledges.append(
            Pledge(
                campaign=campaign,
                unit=branch,
                person=member,
                plans="打算",
                direction="方向",
                status=Status.PUBLISHED,
                version=1,
            )
        )
    Plan.objects.bulk_create(plans)
    Pledge.objects.bulk_create(pledges)
    for plan in plans:
        measures.append(PlanMeasure(plan=plan, text="措施", due_on=campaign.phase2_end))
    for pledge in pledges:
        items.append(
            PledgeItem(
                pledge=pledge,
                text="承诺",
                target="目标",
                due_on=campaign.phase2_end,
                criterion=crit,
            )
        )
    PlanMeasure.objects.bulk_create(measures)
    PledgeItem.objects.bulk_create(items)


@pytest.mark.parametrize("show", ["pledges", "plans"])
def test_it_keeps_the_board_fixed_from_10_to_300_branches(client, inst, campaign, show):
    _bulk_branches(inst, campaign, 10)
    url = f"/board/?show={show}"
    small = count(client, inst.user("office"), url)
    _bulk_branches(inst, campaign, 290)
    assert count(client, inst.user("office"), url) == small
