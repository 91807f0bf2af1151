"""The public board's shared parts (core.versioned_cache): a page of pledges rendered
once for everyone who sees those pledges, a unit's plan, the board's filters and
model posts; a pledge's text and items, comments and versions, the empty comment
form; each is current after the write that changes it."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from evaluations.awards import services as award_services
from organizations.models import BranchCategory
from pledges import selectors, services
from pledges.models import Plan, PlanMeasure, PledgeItem, PledgeVersion, ProgressStatus
from tests.pledges import test_views

pytestmark = pytest.mark.usefixtures("english")
world = test_views.world  # the fixture: a published plan and pledge, every role

BOARD = reverse("pledges:board")


@pytest.fixture
def renders(monkeypatch):
    """How often a page of pledge rows was read for rendering."""
    count = {"rows": 0}
    pledge_rows = selectors.pledge_rows

    def counted(rows):
        count["rows"] += 1
        return pledge_rows(rows)

    monkeypatch.setattr(selectors, "pledge_rows", counted)
    return count


def page(client, user, url=BOARD):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def unit_url(world):
    return reverse("pledges:board_unit", args=[world.inst.branch.pk])


def test_a_page_of_pledges_is_rendered_once_for_everyone_who_sees_it(
    client, world, renders
):
    staff, member = world.user("staff"), world.user("member")
    assert world.inst.people["member"].name in page(client, staff)
    page(client, staff)
    page(client, member)  # the same pledges on the member's board
    assert renders["rows"] == 1
    page(client, staff, unit_url(world))  # the unit's page: a fragment of its own
    assert renders["rows"] == 2


def test_a_reader_who_sees_other_pledges_gets_their_own_rendering(
    client, world, renders
):
    page(client, world.user("staff"))
    body = page(client, world.user("outsider"))
    assert world.inst.people["member"].name not in body
    assert renders["rows"] == 1  # nothing on the outsider's board to render


def test_a_comment_shows_at_once_on_the_board_and_the_unit_page(client, world):
    staff = world.user("staff")
    assert "0 comments" in page(client, staff)
    assert "0 comments" in page(client, staff, unit_url(world))
    services.comment_add(
        target=world.pledge, by=world.user("staff"), text="很好", anonymous=False
    )
    assert "1 comment<" in page(client, staff)
    assert "1 comment<" in page(client, staff, unit_url(world))


def test_a_renamed_member_shows_at_once(client, world):
    staff = world.user("staff")
    page(client, staff)
    person = world.inst.people["member"]
    person.name = "改名后的党员"
    person.save()
    assert "改名后的党员" in page(client, staff)


def test_a_changed_plan_shows_at_once_on_the_unit_page(client, world):
    staff = world.user("staff")
    page(client, staff, unit_url(world))
    Plan.objects.filter(pk=world.plan.pk).update(focus="新的争创重点")
    PlanMeasure.objects.filter(plan=world.plan).update(text="新的措施")
    body = page(client, staff, unit_url(world))
    assert "新的争创重点" in body and "新的措施" in body


def test_a_renamed_category_shows_at_once_in_the_board_filter(client, world):
    staff = world.user("staff")
    page(client, staff)
    BranchCategory.objects.filter(pk=world.inst.category.pk).update(name="新的类别")
    assert "新的类别" in page(client, staff)


def test_a_new_model_post_shows_at_once_on_the_board(client, world):
    staff = world.user("staff")
    assert 'data-testid="board-model-posts"' not in page(client, staff)
    award_services.model_post_save(
        campaign=world.campaign,
        by=world.user("office"),
        person=world.inst.people["member"],
        post_name="型号攻关党员示范岗",
        description="承担关键技术攻关",
        since=world.campaign.phase4_start,
    )
    body = page(client, staff)
    assert 'data-testid="board-model-posts"' in body
    assert "型号攻关党员示范岗" in body


def test_the_comment_form_is_kept_in_each_language(client, world):
    url = world.pledge.get_absolute_url()
    assert "Your comment" in page(client, world.user("staff"), url)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    assert "Your comment" not in page(client, world.user("staff"), url)


def pledge_page(client, user, world):
    return page(client, user, world.pledge.get_absolute_url())


def test_a_pledges_progress_shows_at_once_on_its_page(client, world):
    member = world.user("member")
    assert "No report yet" in pledge_page(client, member, world)
    services.progress_report(
        subject=world.pledge.items.first(),
        by=member,
        status=ProgressStatus.DONE,
        percent=100,
        text="已完成",
    )
    assert 'data-progress="done"' in pledge_page(client, member, world)


def test_the_pledges_items_offer_a_report_only_to_who_reports(client, world):
    item = world.pledge.items.first()
    assert f'data-testid="report-{item.pk}">Report<' in pledge_page(
        client, world.user("member"), world
    )
    assert f'data-testid="report-{item.pk}">History<' in pledge_page(
        client, world.user("staff"), world
    )


def test_an_item_falls_overdue_on_its_day_without_a_write(client, world):
    item = world.pledge.items.first()
    PledgeItem.objects.filter(pk=item.pk).update(due_on=timezone.localdate())
    assert "data-overdue" not in pledge_page(client, world.user("staff"), world)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert "data-overdue" in pledge_page(client, world.user("staff"), world)


def test_a_comment_shows_at_once_on_the_pledges_page(client, world):
    staff = world.user("staff")
    assert "No comments yet." in pledge_page(client, staff, world)
    services.comment_add(
        target=world.pledge, by=staff, text="请再具体些", anonymous=False
    )
    assert "请再具体些" in pledge_page(client, staff, world)


def test_who_answers_comments_gets_the_answer_forms(client, world):
    services.comment_add(
        target=world.pledge, by=world.user("staff"), text="请再具体些", anonymous=False
    )
    assert 'data-testid="answer-submit"' not in pledge_page(
        client, world.user("staff"), world
    )
    assert 'data-testid="answer-submit"' in pledge_page(
        client, world.user("secretary"), world
    )


def test_a_new_version_shows_at_once_on_the_pledges_page(client, world):
    staff = world.user("staff")
    pledge_page(client, staff, world)
    PledgeVersion.objects.filter(pledge=world.pledge).update(number=7)
    assert 'data-version="7"' in pledge_page(client, staff, world)


def test_a_changed_plan_shows_at_once_on_the_boards_plans(client, world):
    office = world.user("office")
    url = BOARD + "?show=plans"
    page(client, office, url)
    Plan.objects.filter(pk=world.plan.pk).update(focus="新的争创重点")
    assert "新的争创重点" in page(client, office, url)


def test_the_filters_show_the_choice_made(client, world):
    office = world.user("office")
    category, branch = world.inst.category.pk, world.inst.branch.pk
    chosen = f'value="{category}" selected'
    assert chosen not in page(client, office)
    assert chosen in page(client, office, BOARD + f"?category={category}")
    chosen = f'value="{branch}" selected'
    assert chosen not in page(client, office)
    assert chosen in page(client, office, BOARD + f"?unit={branch}")


def test_the_plans_awaiting_approval_follow_each_write_and_each_reach(client, world):
    """The submitted plans in reach are kept for everyone of one reach (the plan
    list's approval panel): an approval takes one off, a submission adds one, and a
    user of another reach never reads the office's list."""
    plans = reverse("pledges:plans")

    def awaiting(role) -> str:
        body = page(client, world.user(role), plans)
        if 'data-testid="plans-awaiting"' not in body:
            return ""
        part = body[body.index('data-testid="plans-awaiting"') :]
        return part[: part.index("</div>")]

    submitted, draft = world.submitted_plan, world.draft_plan
    # The secretary first: the office must not read a list kept for a smaller reach.
    assert submitted.get_absolute_url() not in awaiting("secretary")
    assert submitted.get_absolute_url() in awaiting("office")

    services.plan_approve(plan=submitted, by=world.user("office"))
    assert submitted.get_absolute_url() not in awaiting("office")

    draft = test_views.fill_plan(draft, world.user("othersec"))
    draft = services.plan_submit(plan=draft, by=world.user("othersec"))
    assert draft.get_absolute_url() in awaiting("gsec")
    assert draft.get_absolute_url() not in awaiting("secretary")


def test_the_kept_board_follows_a_publication_and_never_crosses_boards(client, world):
    """The board's count and page of rows are kept for everyone whose board is the
    same (pledges.access.board_key): every account of the institute, read one after
    the other, gets the pledges its own board shows (pledge_on_board), and a pledge
    published since shows at once, counted."""
    from organizations.access import scope_of
    from pledges.access import pledge_on_board
    from pledges.models import Pledge, Status
    from tests.pledges.builders import advance

    def board(user):
        client.force_login(user)
        response = client.get(BOARD)
        rows = response.context["page"].object_list
        return response.context["page"].paginator.count, {row["pk"] for row in rows}

    def expected(user):
        scope = scope_of(user)
        return {
            p.pk
            for p in Pledge.objects.filter(
                campaign=world.campaign, status=Status.PUBLISHED
            ).select_related("unit", "person")
            if pledge_on_board(scope, p)
        }

    def check_everyone():
        boards = set()
        for person in world.inst.people.values():
            if person.user is None:
                continue
            count, shown = board(person.user)
            assert shown == expected(person.user), person.name
            assert count == len(shown)
            boards.add(frozenset(shown))
        return boards

    assert len(check_everyone()) >= 2  # boards that differ, in one institute
    advance(
        world.draft_pledge,
        Status.PUBLISHED,
        by=world.user("othermember"),
        approver=world.user("othersec"),
        kind="pledge",
    )
    assert any(world.draft_pledge.pk in shown for shown in check_everyone())


def test_the_board_filters_units_follow_a_rename_and_each_board(client, world):
    """The units one may filter the board by are kept for everyone whose board is
    the same: a renamed branch shows at once, and a board that does not reach a
    branch never offers it."""
    from organizations.models import Organization

    def units(role):
        body = page(client, world.user(role))
        part = body[body.index('name="unit"') :]
        return part[: part.index("</select>")]

    branch = world.inst.branch
    assert branch.name in units("office")
    Organization.objects.filter(pk=branch.pk).update(name="改名后的支部")
    assert "改名后的支部" in units("office")
    assert "改名后的支部" not in units("outsider")


def test_the_plan_lists_count_and_units_to_start_follow_each_write(client, world):
    """The plan list's count and its units without a plan are kept for everyone of
    one reach: a new branch shows among the units to start, starting its plan takes
    it off and adds one to the count, and a secretary never reads the office's."""
    from organizations.models import Organization
    from tests.factories import unit

    plans = reverse("pledges:plans")

    def seen(role):
        client.force_login(world.user(role))
        context = client.get(plans).context
        return context["page"].paginator.count, {
            u.pk for u in context["units_without_plan"]
        }

    count, to_start = seen("office")
    secretary_count, _ = seen("secretary")
    assert secretary_count < count  # another reach, its own count
    new = unit(
        "新支部", Organization.Kind.BRANCH, world.inst.gb, category=world.inst.category
    )
    assert seen("office") == (count, {*to_start, new.pk})
    client.post(reverse("pledges:plan_create", args=[new.pk]))
    assert seen("office") == (count + 1, to_start)
    assert seen("secretary")[0] == secretary_count
