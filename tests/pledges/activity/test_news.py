"""通讯报道: filing with images, the branch × month matrix and the monthly check."""

import datetime
import random
from collections import Counter

import pytest
import time_machine
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from core import versioned_cache
from organizations.models import Organization
from pledges.activity import selectors, services
from pledges.models import Campaign, NewsImage, NewsReport
from tests.pledges.builders import make_campaign
from tests.pledges.files import pdf_bytes, png_bytes

TODAY = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def setup(settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"), time_machine.travel(TODAY, tick=False):
        yield


def whole_year_campaign(inst, year: int) -> Campaign:
    """A campaign over the whole of ``year``: every month of it is due once over
    (``test_due_months`` has the months outside a campaign)."""
    campaign = make_campaign(inst.institute, start=datetime.date(year, 1, 1))
    Campaign.objects.filter(pk=campaign.pk).update(
        phase5_end=datetime.date(year, 12, 31)
    )
    campaign.refresh_from_db()
    return campaign


@pytest.fixture
def year_campaign(inst):
    return whole_year_campaign(inst, 2026)


def news(branch, day, title="通讯"):
    return services.news_create(
        branch=branch,
        title=title,
        text="正文",
        channel=NewsReport.Channel.NEWSLETTER,
        published_on=day,
    )


def add_branches(inst, n) -> list[Organization]:
    """Many branches under the general branch, with paths set as the service would."""
    gb = inst.gb
    made = Organization.objects.bulk_create(
        Organization(
            name=f"批量支部{i:03d}",
            kind=Organization.Kind.BRANCH,
            parent=gb,
            category=inst.category,
            institute=inst.institute,
            depth=gb.depth + 1,
        )
        for i in range(n)
    )
    for branch in made:
        branch.path = f"{gb.path}{branch.pk}/"
    Organization.objects.bulk_update(made, ["path"])
    return made


def test_it_files_a_report_with_images(client, inst):
    client.force_login(inst.user("secretary"))
    response = client.post(
        reverse("activity:news_create", args=[inst.branch.pk]),
        {
            "title": "支部开展主题党日",
            "text": "正文",
            "channel": "party_site",
            "published_on": "2026-11-03",
            "images": [
                SimpleUploadedFile("一.png", png_bytes()),
                SimpleUploadedFile("二.png", png_bytes()),
            ],
        },
    )
    report = NewsReport.objects.get()
    assert response.status_code == 302
    assert report.channel == "party_site"
    assert report.images.count() == 2
    assert {i.name for i in report.images.all()} == {"一.png", "二.png"}


def test_it_refuses_a_pdf_as_a_news_image(client, inst):
    client.force_login(inst.user("secretary"))
    response = client.post(
        reverse("activity:news_create", args=[inst.branch.pk]),
        {
            "title": "标题",
            "text": "正文",
            "channel": "newsletter",
            "published_on": "2026-11-03",
            "images": [SimpleUploadedFile("a.pdf", pdf_bytes())],
        },
    )
    assert response.status_code == 200
    assert not NewsReport.objects.exists()
    assert response.context["form"].errors["images"] == [
        "The file a.pdf is not an image. Upload a PNG, JPEG or GIF picture."
    ]
    assert "标题" in response.content.decode()


def test_it_refuses_a_script_disguised_as_an_image(client, inst):
    client.force_login(inst.user("secretary"))
    response = client.post(
        reverse("activity:news_create", args=[inst.branch.pk]),
        {
            "title": "标题",
            "text": "正文",
            "channel": "newsletter",
            "published_on": "2026-11-03",
            "images": [SimpleUploadedFile("a.png", b"<svg onload=alert(1)>")],
        },
    )
    assert not NewsImage.objects.exists()
    assert "is not an allowed type" in response.context["form"].errors["images"][0]


def test_it_refuses_a_channel_that_does_not_exist(client, inst):
    client.force_login(inst.user("secretary"))
    response = client.post(
        reverse("activity:news_create", args=[inst.branch.pk]),
        {
            "title": "标题",
            "text": "正文",
            "channel": "tv",
            "published_on": "2026-11-03",
        },
    )
    assert "channel" in response.context["form"].errors


def test_it_names_the_branches_that_missed_a_month(inst, other_inst):
    news(inst.branch, datetime.date(2026, 10, 31))
    news(inst.other_branch, datetime.date(2026, 11, 1))
    news(inst.lone_branch, datetime.date(2026, 9, 30))
    missing = selectors.news_missing(institute=inst.institute, year=2026, month=10)
    assert list(missing) == sorted(
        [inst.other_branch, inst.lone_branch], key=lambda b: b.path
    )


def test_it_leaves_inactive_branches_and_general_branches_out_of_the_check(inst):
    inst.lone_branch.is_active = False
    inst.lone_branch.save()
    missing = selectors.news_missing(institute=inst.institute, year=2026, month=10)
    assert set(missing) == {inst.branch, inst.other_branch}


def test_it_computes_the_matrix_as_counted_by_hand(inst, year_campaign):
    branches = [
        inst.branch,
        inst.other_branch,
        inst.lone_branch,
        *add_branches(inst, 7),
    ]
    rng = random.Random(7)
    expected = Counter()
    for branch in branches:
        for month in range(1, 12):
            for _ in range(rng.choice([0, 0, 1, 1, 2])):
                day = datetime.date(2026, month, rng.randint(1, 28))
                news(branch, day)
                expected[(branch.pk, month)] += 1
    news(inst.branch, datetime.date(2025, 12, 31))  # another year: not counted
    rows = selectors.news_matrix(branches, year=2026, campaigns=[year_campaign])
    for row in rows:
        for cell in row.cells:
            n = expected[(row.branch.pk, cell.month)]
            assert cell.count == n
            if n:
                assert cell.state == "ok"
            elif cell.month < 11:
                assert cell.state == "missing"
            elif cell.month == 11:
                assert cell.state == "open"
            else:
                assert cell.state == "na"  # yet to come
        assert row.total == sum(expected[(row.branch.pk, m)] for m in range(1, 13))


def test_it_shows_missing_past_months_in_red_and_the_current_month_neutral(
    client, inst, year_campaign
):
    news(inst.branch, datetime.date(2026, 1, 15))
    client.force_login(inst.user("office"))
    body = client.get(reverse("activity:news_matrix") + "?year=2026").content.decode()
    row = body[body.index(f'data-branch="{inst.branch.pk}"') :]
    row = row[: row.index("</tr>")]
    assert 'data-month="1" data-state="ok"' in row
    assert 'data-month="2" data-state="missing" class="table-danger' in row
    assert 'data-month="11" data-state="open" class=""' in row
    assert 'data-month="12" data-state="na" class="table-light text-muted"' in row


def test_it_shows_a_new_report_in_the_matrix_kept_in_the_cache(
    client, inst, year_campaign
):
    client.force_login(inst.user("office"))
    url = reverse("activity:news_matrix") + "?year=2026"

    def row():
        body = client.get(url).content.decode()
        found = body[body.index(f'data-branch="{inst.branch.pk}"') :]
        return found[: found.index("</tr>")]

    assert 'data-month="3" data-state="missing"' in row()
    news(inst.branch, datetime.date(2026, 3, 9))
    assert 'data-month="3" data-state="ok" class="table-success">1</td>' in row()


def test_it_keeps_the_offices_cached_matrix_from_a_secretary(client, inst):
    client.force_login(inst.user("office"))
    assert (
        f'data-branch="{inst.other_branch.pk}"'
        in client.get(reverse("activity:news_matrix")).content.decode()
    )
    client.force_login(inst.user("secretary"))
    body = client.get(reverse("activity:news_matrix")).content.decode()
    assert f'data-branch="{inst.branch.pk}"' in body
    assert f'data-branch="{inst.other_branch.pk}"' not in body


def test_it_shows_every_month_of_a_past_year_as_due(inst):
    campaign = whole_year_campaign(inst, 2025)
    rows = selectors.news_matrix([inst.branch], year=2025, campaigns=[campaign])
    assert {c.state for c in rows[0].cells} == {"missing"}


def test_it_pages_the_matrix_by_branch(client, inst):
    add_branches(inst, 60)
    client.force_login(inst.user("office"))
    url = reverse("activity:news_matrix")
    first = client.get(url)
    assert first.content.decode().count("data-branch=") == 50
    assert first.context["page"].paginator.count == 63
    assert client.get(url + "?page=2").content.decode().count("data-branch=") == 13


def test_it_keeps_the_matrix_query_count_fixed(
    client,
    inst,
    year_campaign,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    for branch in add_branches(inst, 7):
        news(branch, datetime.date(2026, 3, 3))
    client.force_login(inst.user("office"))
    url = reverse("activity:news_matrix")
    client.get(url)
    caches["default"].clear()  # the matrix computed afresh, not read from the cache
    versioned_cache.forget_local()  # and this process's copies
    with django_assert_max_num_queries(100) as small:
        client.get(url)
    count = len(small.captured_queries)
    for i, branch in enumerate(add_branches(inst, 90)):
        NewsReport.objects.create(
            branch=branch,
            title="t",
            text="x",
            published_on=datetime.date(2026, 1 + i % 10, 3),
        )
    caches["default"].clear()
    versioned_cache.forget_local()  # and this process's copies
    with django_assert_num_queries(count):
        response = client.get(url)
    assert response.content.decode().count("data-branch=") == 50


def test_it_builds_the_matrix_from_one_aggregate_query(
    inst, year_campaign, django_assert_num_queries
):
    branches = add_branches(inst, 30)
    for branch in branches:
        news(branch, datetime.date(2026, 5, 5))
    with django_assert_num_queries(1):
        rows = selectors.news_matrix(branches, year=2026, campaigns=[year_campaign])
    assert {row.missing for row in rows} == {9}  # Jan–Oct less May


def test_it_lists_reports_by_branch_for_everyone_in_the_institute(client, inst):
    news(inst.branch, datetime.date(2026, 11, 2), title="一支部的")
    news(inst.other_branch, datetime.date(2026, 11, 2), title="二支部的")
    client.force_login(inst.user("staff"))
    url = reverse("activity:news_list") + f"?branch={inst.branch.pk}"
    body = client.get(url).content.decode()
    assert "一支部的" in body
    assert "二支部的" not in body


def test_it_keeps_the_news_list_query_count_fixed(
    client, inst, django_assert_num_queries, django_assert_max_num_queries
):
    for i in range(3):
        news(inst.branch, datetime.date(2026, 11, 1 + i))
    client.force_login(inst.user("staff"))
    url = reverse("activity:news_list")
    client.get(url)
    with django_assert_max_num_queries(100) as small:
        client.get(url)
    for branch in add_branches(inst, 20):
        for i in range(4):
            news(branch, datetime.date(2026, 10, 1 + i))
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


def test_it_deletes_a_report_with_its_images(client, inst):
    report = services.news_create(
        branch=inst.branch,
        title="t",
        text="x",
        channel="other",
        published_on=datetime.date(2026, 11, 1),
        images=[SimpleUploadedFile("a.png", png_bytes())],
    )
    client.force_login(inst.user("secretary"))
    response = client.post(reverse("activity:news_delete", args=[report.pk]))
    assert response.status_code == 302
    assert not NewsReport.objects.exists()
    assert not NewsImage.objects.exists()
