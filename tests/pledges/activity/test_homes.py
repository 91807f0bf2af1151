"""Navigation entries, role-home panels, the admin and the demo data of the activity
pages (纪实登记, 三会一课, 读书, 通讯报道, 意见箱)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from organizations.models import Role
from pledges.activity import nav, selectors, services
from pledges.models import (
    ActivityRecord,
    Meeting,
    MeetingAttendance,
    NewsImage,
    NewsReport,
    ReadingBook,
    ReadingNote,
    RecordAttachment,
    Suggestion,
)
from tests.pledges.builders import make_campaign

NOW = datetime.datetime(2026, 11, 22, 3, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def setup(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"), time_machine.travel(NOW, tick=False):
        yield


def test_it_lists_each_of_its_panels_once_on_its_home():
    from organizations import homes

    for home in homes.HOME_KINDS:
        mine = [panel for panel in homes.panels_of(home) if panel in nav.PANELS]
        assert mine == [panel for panel in nav.PANELS if panel.home == home]


@pytest.mark.parametrize(
    "who,shown,hidden",
    [
        ("staff", ["news", "reading", "suggestions"], ["records", "meetings"]),
        ("member", ["records", "meetings", "news", "reading", "suggestions"], []),
        ("office", ["records", "meetings", "news", "reading", "suggestions"], []),
    ],
)
def test_it_shows_each_role_its_navigation(client, inst, who, shown, hidden):
    client.force_login(inst.user(who))
    body = client.get(reverse("home")).content.decode()
    for key in shown:
        assert f'data-nav="activity_{key}"' in body
    for key in hidden:
        assert f'data-nav="activity_{key}"' not in body


def test_it_tells_the_secretary_the_lecture_is_missing_and_news_not_filed(client, inst):
    from tests.pledges.builders import make_campaign

    make_campaign(inst.institute)  # this month is owed under it
    client.force_login(inst.user("secretary"))
    body = client.get(reverse("home")).content.decode()
    assert 'data-panel="activity-secretary"' in body
    assert "Your party lecture in 2026: not yet" in body
    assert "News report this month: not yet" in body


def test_it_tells_the_secretary_the_lecture_is_given_and_news_filed(client, inst):
    services.meeting_create(
        branch=inst.branch,
        kind=Meeting.Kind.LECTURE,
        held_on=datetime.date(2026, 6, 1),
        topic="党课",
        speaker=inst.people["secretary"],
    )
    services.news_create(
        branch=inst.branch,
        title="十一月通讯",
        text="x",
        channel="newsletter",
        published_on=datetime.date(2026, 11, 2),
    )
    client.force_login(inst.user("secretary"))
    body = client.get(reverse("home")).content.decode()
    assert "Your party lecture in 2026: given" in body
    assert "News report this month: filed" in body
    assert "十一月通讯" in body  # among the recent ledger entries


def test_it_shows_the_office_how_many_branches_missed_last_month(client, inst):
    make_campaign(inst.institute, start=datetime.date(2026, 9, 1))  # October: due
    services.news_create(
        branch=inst.branch,
        title="十月通讯",
        text="x",
        channel="newsletter",
        published_on=datetime.date(2026, 10, 9),
    )
    client.force_login(inst.user("office"))
    body = client.get(reverse("home")).content.decode()
    assert 'data-panel="activity-overview"' in body
    assert "2 branches filed no news report in 2026-10" in body
    assert reverse("activity:news_matrix") + "?year=2026" in body


def test_it_shows_the_leader_the_open_liaison_suggestions(client, inst):
    services.suggestion_file(
        institute=inst.institute,
        branch=inst.branch,
        text="联系点收到的建议",
        author=None,
        anonymous=True,
    )
    client.force_login(inst.user("leader"))
    body = client.get(reverse("home")).content.decode()
    assert 'data-panel="activity-leader"' in body
    assert "联系点收到的建议" in body


@pytest.fixture
def admin_urls():
    """Register the admin classes (pledges/admin.py will import them) and reload URLs."""
    import importlib

    from django.urls import clear_url_caches

    import chuangxian.urls
    import pledges.activity.admin  # noqa: F401

    importlib.reload(chuangxian.urls)
    clear_url_caches()
    yield


def test_it_registers_the_models_in_the_admin(client, inst, admin_urls):
    services.suggestion_file(
        institute=inst.institute,
        branch=None,
        text="给办公室",
        author=inst.people["staff"],
        anonymous=False,
    )
    user = inst.user("office")
    user.is_staff = True
    user.save()
    client.force_login(user)
    for model in ("activityrecord", "meeting", "newsreport", "suggestion"):
        url = reverse(f"admin:pledges_{model}_changelist")
        assert client.get(url).status_code == 200, model


# ----------------------------------------------------------------------------------
# Demo data


@pytest.fixture
def seeded(inst):
    from pledges.demo import activity as demo_activity

    demo_activity.seed(inst.institute)
    return inst


MODELS = [
    ActivityRecord,
    RecordAttachment,
    Meeting,
    MeetingAttendance,
    ReadingBook,
    ReadingNote,
    NewsReport,
    NewsImage,
    Suggestion,
]


def test_it_seeds_every_kind_of_activity(seeded):
    for model in MODELS:
        assert model.objects.exists(), model.__name__
    assert Suggestion.objects.filter(is_anonymous=True, author__isnull=True).exists()
    assert Suggestion.objects.filter(status="answered").exists()
    assert Suggestion.objects.filter(status="open").exists()
    assert ReadingNote.objects.filter(picked=True).exists()
    assert (
        MeetingAttendance.objects.filter(status="excused").exclude(reason="").exists()
    )


def test_it_seeds_idempotently(seeded):
    from pledges.demo import activity as demo_activity

    counts = {model: model.objects.count() for model in MODELS}
    demo_activity.seed(seeded.institute)
    assert {model: model.objects.count() for model in MODELS} == counts


def test_it_seeds_news_for_every_month_so_far_with_gaps(seeded):
    filed = NewsReport.objects.filter(branch__institute=seeded.institute)
    assert {d.month for d in filed.dates("published_on", "month")} == set(range(1, 12))
    missing = [
        selectors.news_missing(institute=seeded.institute, year=2026, month=m).count()
        for m in range(1, 11)
    ]
    assert any(missing)
    assert not all(n == 3 for n in missing)


def test_it_leaves_one_secretary_in_four_without_a_lecture(inst):
    from organizations import services as org_services
    from organizations.models import Organization
    from pledges.demo import activity as demo_activity

    extra = org_services.organization_create(
        name="第四支部",
        kind=Organization.Kind.BRANCH,
        parent=inst.gb,
        category=inst.category,
    )
    org_services.role_grant(
        person=inst.people["othermember"], kind=Role.Kind.SECRETARY, node=extra
    )
    demo_activity.seed(inst.institute)
    branches = selectors.lecture_rule(
        Organization.objects.filter(
            institute=inst.institute, kind=Organization.Kind.BRANCH
        ),
        year=2026,
    )
    met = [b.lecture_given for b in branches]
    assert met.count(True) >= 2
    assert met.count(False) >= 1


def test_it_names_who_reported_progress_on_which_item_on_the_secretary_home(
    client, inst
):
    from pledges.models import ProgressUpdate, Status
    from tests.pledges.builders import make_campaign
    from tests.pledges.factories import filed_pledge

    campaign = make_campaign(inst.institute)
    pledge = filed_pledge(
        campaign, inst.branch, inst.people["member"], inst.user("member")
    )
    assert pledge.status == Status.PUBLISHED
    item = pledge.items.first()
    ProgressUpdate.objects.create(
        item=item, status="on_track", percent=40, text="进展", reported_by=None
    )
    client.force_login(inst.user("secretary"))
    body = client.get(reverse("home")).content.decode()
    assert f"{inst.people['member'].name} · {item.text}" in body


def test_the_secretary_home_shows_news_filed_after_the_flags_were_cached(client, inst):
    from tests.pledges.builders import make_campaign

    make_campaign(inst.institute)  # this month is owed under it
    client.force_login(inst.user("secretary"))
    body = client.get(reverse("home")).content.decode()
    assert "News report this month: not yet" in body  # the flags are cached now
    services.news_create(
        branch=inst.branch,
        title="十一月通讯",
        text="x",
        channel="newsletter",
        published_on=datetime.date(2026, 11, 2),
    )
    body = client.get(reverse("home")).content.decode()
    assert "News report this month: filed" in body


def test_the_branch_flags_are_shared_by_everyone(inst):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    nav._branch_flags(inst.institute.pk)
    with CaptureQueriesContext(connection) as ctx:
        flags = nav._branch_flags(inst.institute.pk)
    assert len(ctx) == 0
    assert inst.branch.pk not in flags["news"]


def test_the_leader_panel_lists_what_the_orm_lists_for_any_number_of_branches(inst):
    """The leader panel's query is compiled once per number of liaison branches
    (core.rows) with stand-in keys: for one, two and three branches, and after a
    suggestion is answered, it gives the ORM's five latest with the open count."""
    from django.db.models import Count, Q, Window

    from organizations import services as org_services
    from organizations.access import scope_of

    branches = [inst.branch, inst.other_branch, inst.lone_branch]
    filed = [
        services.suggestion_file(
            institute=inst.institute,
            branch=branches[n % 3],
            text=f"建议{n}",
            author=None,
            anonymous=True,
        )
        for n in range(9)
    ]
    office = inst.user("office")
    services.suggestion_answer(suggestion=filed[0], answer="已办", by=office)
    opens = []
    for step in range(3):
        user = type(inst.user("leader")).objects.get(pk=inst.user("leader").pk)
        scope = scope_of(user)  # read afresh: the roles granted meanwhile
        panel = nav.leader_panel(scope)
        orm = list(
            selectors.liaison_suggestions(scope).annotate(
                open_total=Window(Count("pk", filter=Q(status="open")))
            )[:5]
        )
        assert [s.pk for s in panel["latest"]] == [s.pk for s in orm]
        assert [s.branch.name for s in panel["latest"]] == [s.branch.name for s in orm]
        assert panel["open"] == orm[0].open_total
        opens.append(panel["open"])
        if step < 2:
            org_services.role_grant(
                person=inst.people["leader"],
                kind=Role.Kind.LIAISON,
                node=branches[step + 1],
            )
        services.suggestion_answer(suggestion=filed[step + 1], answer="已办", by=office)
    assert opens == [2, 4, 6]
