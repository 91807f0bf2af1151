"""Supervision of mass-organisation units (seed 000 §四.3): inspections, spot checks,
findings, 整改, 帮助指导 and commendation reach 工会/分工会, 团 and 妇 units as well as
party units; field visits and forums; the leading party secretary is told and reads."""

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations.inspections import sampling, services
from evaluations.inspections.access import can_answer_rectification
from evaluations.models import FieldVisit, Finding, InspectionRound
from organizations.access import scope_of
from organizations.models import Notification, Organization, Role
from organizations.services import role_grant
from pledges.activity import services as services_info
from pledges.models import InfoReport
from tests.evaluations.inspections.builders import (
    WITNESSES,
    campaign_of,
    deadline,
    finding,
)
from tests.factories import person, unit

K = Organization.Kind
PDF = b"%PDF-1.4\n%mass\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@dataclass
class Mass:
    ub: Organization  # 分工会, led by the secretary's branch
    ub2: Organization  # another 分工会
    league: Organization
    women: Organization
    officer: object  # 分工会主席 of ub
    officer2: object  # of ub2


@pytest.fixture
def mass(inst):
    ub = unit("甲一分工会", K.UNION_BRANCH, inst.union, led_by=inst.branch)
    ub2 = unit("甲二分工会", K.UNION_BRANCH, inst.union, led_by=inst.other_branch)
    league = unit("甲团委", K.LEAGUE_COMMITTEE, inst.institute, led_by=inst.committee)
    women = unit("甲妇委会", K.WOMEN_COMMITTEE, inst.institute, led_by=inst.committee)
    officer = person(inst.institute, "ubofficer", department=inst.department)
    officer2 = person(inst.institute, "ub2officer", department=inst.department)
    role_grant(person=officer, kind=Role.Kind.UNION_OFFICER, node=ub)
    role_grant(person=officer2, kind=Role.Kind.UNION_OFFICER, node=ub2)
    return Mass(ub, ub2, league, women, officer, officer2)


@pytest.fixture
def round(inst):
    campaign = campaign_of(inst)
    return services.inspection_round_open(campaign=campaign, quarter=1)


# --- targets ---------------------------------------------------------------------------


def test_the_campaign_supervises_party_and_mass_units(inst, mass):
    campaign = campaign_of(inst)
    ids = set(services.supervised_units(campaign).values_list("pk", flat=True))
    for u in (inst.branch, inst.gb, inst.union, mass.ub, mass.league, mass.women):
        assert u.pk in ids
    assert inst.department.pk not in ids and inst.office_body.pk not in ids


def test_the_office_may_choose_a_mass_unit_for_a_finding(client, inst, mass, round):
    client.force_login(inst.user("office"))
    url = reverse("inspections:finding_create", args=[round.pk])
    page = client.get(url).content.decode()
    for name in ("甲一分工会", "甲团委", "甲妇委会", inst.branch.name):
        assert name in page
    response = client.post(
        f"{url}?unit={mass.ub.pk}",
        {
            "kind": "routine",
            "rating": "poor",
            "text": "职工之家台账不全",
            "found_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    assert Finding.objects.get(unit=mass.ub).text == "职工之家台账不全"


# --- spot checks -----------------------------------------------------------------------


def test_a_spot_check_of_mass_units_draws_only_mass_units(inst, mass, round):
    round = services.spot_check_configure(
        round=round,
        mode=InspectionRound.SampleMode.PER_STRATUM,
        scope=InspectionRound.SampleScope.MASS,
        sizes={"mass-union": 2, "research": 1},
    )
    assert round.stratum_sizes == {"mass-union": 2}
    draw = services.spot_check_draw(round=round, witnesses=WITNESSES, seed=7)
    union_ids = {inst.union.pk, mass.ub.pk, mass.ub2.pk}
    assert {code for code, ids in draw.sample.items() if ids} == {"mass-union"}
    assert "research" not in draw.sample
    assert set(draw.sample_ids()) <= union_ids and len(draw.sample_ids()) == 2
    assert draw.rule["scope"] == "mass"
    assert services.spot_check_verify(draw=draw)["matches"]


def test_a_spot_check_of_all_units_shares_a_total_among_party_and_mass(
    inst, mass, round
):
    services.spot_check_configure(
        round=round,
        mode=InspectionRound.SampleMode.PROPORTIONAL,
        scope=InspectionRound.SampleScope.ALL,
        total=8,
    )
    draw = services.spot_check_draw(round=round, witnesses=WITNESSES, seed=1)
    codes = {code for code, ids in draw.sample.items() if ids}
    assert {"mass-union", "research"} <= codes
    mass_ids = set(
        services.eligible_units(round.campaign, sampling.SCOPE_MASS).values_list(
            "pk", flat=True
        )
    )
    assert mass_ids & set(draw.sample_ids())


def test_the_sampling_form_sets_the_scope(client, inst, mass, round):
    client.force_login(inst.user("office"))
    url = reverse("inspections:round_sampling", args=[round.pk])
    page = client.get(url).content.decode()
    assert 'name="sample_scope"' in page and 'name="size_mass-union"' in page
    response = client.post(
        url,
        {"sample_mode": "per_stratum", "sample_scope": "mass", "size_mass-union": "1"},
    )
    assert response.status_code == 302
    round.refresh_from_db()
    assert (round.sample_scope, round.stratum_sizes) == ("mass", {"mass-union": 1})
    # Asking more than a stratum holds is refused with the stratum named.
    response = client.post(
        url,
        {"sample_mode": "per_stratum", "sample_scope": "mass", "size_mass-league": "5"},
    )
    assert response.status_code == 200
    assert "size_mass-league" in response.content.decode()


# --- rectification, help, commendation -------------------------------------------------


def test_a_mass_unit_is_pressed_to_rectify_and_its_officer_answers(inst, mass, round):
    poor = finding(round, mass.ub)
    item = services.rectification_open(
        unit=mass.ub, source=poor, title="补齐职工之家台账", deadline=deadline()
    )
    assert item.owner == mass.officer
    assert can_answer_rectification(scope_of(mass.officer.user), item)
    assert not can_answer_rectification(scope_of(mass.officer2.user), item)
    assert Notification.objects.filter(
        recipient=mass.officer, kind=Notification.Kind.RECTIFICATION
    ).exists()


def test_an_overdue_mass_unit_item_goes_to_the_leading_secretary(inst, mass, round):
    poor = finding(round, mass.ub)
    item = services.rectification_open(
        unit=mass.ub, source=poor, title="补齐会员台账", deadline=deadline()
    )
    later = deadline(30)
    assert services.rectification_escalate_overdue(today=later) == 1
    assert Notification.objects.filter(
        recipient=inst.people["secretary"],
        kind=Notification.Kind.ESCALATION,
        url=item.get_absolute_url(),
    ).exists()


def test_a_mass_unit_gets_help(inst, mass, round):
    average = finding(round, mass.league, Finding.Rating.AVERAGE)
    item = services.help_item_create(
        unit=mass.league,
        finding=average,
        what="指导团员教育",
        helper=inst.people["gsec"],
    )
    assert item.unit == mass.league


def test_a_good_finding_leads_to_a_commendation(client, inst, mass, round):
    good = finding(round, mass.ub, Finding.Rating.GOOD, text="活动丰富")
    client.force_login(inst.user("office"))
    page = client.get(good.get_absolute_url()).content.decode()
    assert 'data-testid="commend-form"' in page
    url = reverse("inspections:finding_commend", args=[good.pk])
    assert client.post(url, {"text": ""}).status_code == 400
    response = client.post(url, {"text": "职工之家建设成效突出，通报表扬"})
    assert response.status_code == 302
    good.refresh_from_db()
    assert good.is_commended and good.commendation.startswith("职工之家")
    assert Notification.objects.filter(
        recipient=mass.officer, kind=Notification.Kind.AWARD
    ).exists()
    # Only once, and only for a good finding; others may not commend.
    assert client.post(url, {"text": "再次表扬"}).status_code == 400
    poor = finding(round, mass.ub2)
    bad = reverse("inspections:finding_commend", args=[poor.pk])
    assert client.post(bad, {"text": "表扬"}).status_code == 400
    client.force_login(mass.officer.user)
    assert client.post(url, {"text": "自我表扬"}).status_code == 403


# --- who reads -------------------------------------------------------------------------


def test_the_leading_secretary_is_told_and_reads_the_finding(client, inst, mass, round):
    poor = finding(round, mass.ub, text="会员活动少")
    secretary = inst.people["secretary"]
    assert Notification.objects.filter(recipient=secretary, url=poor.get_absolute_url())
    client.force_login(secretary.user)
    assert client.get(poor.get_absolute_url()).status_code == 200
    page = client.get(reverse("inspections:findings")).content.decode()
    assert poor.get_absolute_url() in page
    # The secretary of another branch does not lead this 分工会.
    client.force_login(inst.user("othersec"))
    assert client.get(poor.get_absolute_url()).status_code == 404


def test_a_mass_officer_sees_only_its_own_units_findings(client, inst, mass, round):
    mine = finding(round, mass.ub, text="本分工会问题")
    theirs = finding(round, mass.ub2, text="他分工会问题")
    client.force_login(mass.officer.user)
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404
    page = client.get(reverse("inspections:findings")).content.decode()
    assert mine.get_absolute_url() in page
    assert theirs.get_absolute_url() not in page and "甲二分工会" not in page
    assert client.get(reverse("inspections:rectifications")).status_code == 200


def test_another_institute_cannot_open_a_mass_units_finding(
    client, inst, other_inst, mass, round
):
    poor = finding(round, mass.ub)
    client.force_login(other_inst.user("office"))
    assert client.get(poor.get_absolute_url()).status_code == 404


# --- field visits and forums -----------------------------------------------------------


def _visit(client, campaign, units, *, kind="field_visit", notes="走访职工之家"):
    return client.post(
        reverse("inspections:visit_create", args=[campaign.pk]),
        {
            "kind": kind,
            "held_on": timezone.localdate().isoformat(),
            "units": [u.pk for u in units],
            "participants": "活动办公室 王明；工会 李华",
            "notes": notes,
            "files": [SimpleUploadedFile("座谈纪要.pdf", PDF)],
        },
    )


def test_the_office_records_a_field_visit_and_a_forum(client, inst, mass):
    campaign = campaign_of(inst)
    client.force_login(inst.user("office"))
    response = _visit(client, campaign, [mass.ub, inst.branch])
    assert response.status_code == 302
    visit = FieldVisit.objects.get()
    assert set(visit.units.all()) == {mass.ub, inst.branch}
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "甲一分工会" in page and "座谈纪要.pdf" in page
    stored = visit.files.get()
    assert client.get(stored.get_absolute_url()).status_code == 200
    # Bad input: an error, nothing lost.
    response = client.post(
        reverse("inspections:visit_create", args=[campaign.pk]),
        {"kind": "forum", "held_on": "", "units": [], "notes": "保留的记录"},
    )
    assert response.status_code == 200 and "保留的记录" in response.content.decode()
    assert FieldVisit.objects.count() == 1


def test_the_visit_list_is_paged_with_a_fixed_number_of_queries(
    client, inst, mass, django_assert_max_num_queries
):
    campaign = campaign_of(inst)
    client.force_login(inst.user("office"))
    url = reverse("inspections:visits") + f"?campaign={campaign.pk}"
    _visit(client, campaign, [mass.ub])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    queries = len(few)  # counted now: the next request empties the log
    assert queries > 0
    for i in range(6):
        _visit(client, campaign, [mass.ub, mass.league, inst.branch], notes=f"第{i}次")
    client.get(url)  # the writes made the shared figures stale: warm again
    with django_assert_max_num_queries(queries):
        page = client.get(url).content.decode()
    assert "甲团委" in page


def test_a_visit_is_read_by_the_units_visited_only(client, inst, other_inst, mass):
    campaign = campaign_of(inst)
    client.force_login(inst.user("office"))
    _visit(client, campaign, [mass.ub])
    visit = FieldVisit.objects.get()
    client.force_login(mass.officer.user)
    assert client.get(visit.get_absolute_url()).status_code == 200
    client.force_login(mass.officer2.user)
    assert client.get(visit.get_absolute_url()).status_code == 404
    page = client.get(reverse("inspections:visits")).content.decode()
    assert visit.get_absolute_url() not in page
    assert client.get(
        reverse("inspections:visit_create", args=[campaign.pk])
    ).status_code in (403, 404)
    client.force_login(other_inst.user("office"))
    assert client.get(visit.get_absolute_url()).status_code == 404


# --- information reports (信息报送) -----------------------------------------------------


def _last_month():
    today = timezone.localdate()
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def test_a_mass_unit_files_its_monthly_information_report(client, inst, mass):
    client.force_login(mass.officer.user)
    url = reverse("activity:info")
    page = client.get(url).content.decode()
    assert 'data-testid="info-form"' in page and "甲一分工会" in page
    assert "甲二分工会" not in page  # only its own unit to file for
    year, month = _last_month()
    data = {
        "unit": mass.ub.pk,
        "period": f"{year}-{month:02d}",
        "title": "三月职工活动",
        "text": "组织职工健步走",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    report = InfoReport.objects.get(unit=mass.ub)
    assert (report.year, report.month, report.filed_by) == (
        year,
        month,
        mass.officer.user,
    )
    # Filed again for the same month: brought up to date, not doubled.
    client.post(url, data | {"text": "组织职工健步走和读书会"})
    assert InfoReport.objects.get(unit=mass.ub).text.endswith("读书会")
    # A future month, or another unit's, is refused; the text stays in the form.
    response = client.post(url, data | {"period": "2999-01", "text": "保留的文字"})
    assert response.status_code == 200 and "保留的文字" in response.content.decode()
    response = client.post(url, data | {"unit": mass.ub2.pk})
    assert response.status_code == 200
    assert not InfoReport.objects.filter(unit=mass.ub2).exists()


def test_the_office_sees_who_filed_and_who_is_late(client, inst, mass):
    campaign_of(inst)  # last month is within it: due
    year, month = _last_month()
    services_info.info_report_file(
        unit=mass.ub, year=year, month=month, title="报送", text="内容"
    )
    client.force_login(inst.user("office"))
    page = client.get(reverse("activity:info_matrix") + f"?year={year}")
    html = page.content.decode()
    assert page.status_code == 200
    for name in ("甲一分工会", "甲二分工会", "甲团委", "甲妇委会"):
        assert name in html
    assert f'data-unit="{mass.ub.pk}"' in html
    assert 'data-state="ok"' in html and 'data-state="missing"' in html
    assert inst.branch.name not in html  # party branches file news, not this


def test_the_info_matrix_reads_in_a_fixed_number_of_queries(
    client, inst, mass, django_assert_max_num_queries
):
    client.force_login(inst.user("office"))
    year, month = _last_month()
    url = reverse("activity:info_matrix") + f"?year={year}"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    queries = len(few)
    for i in range(4):
        extra = unit(f"甲工会小组{i}", K.UNION_GROUP, mass.ub)
        services_info.info_report_file(
            unit=extra, year=year, month=month, title="报送", text="内容"
        )
    client.get(url)  # the writes made the shared figures stale: warm again
    with django_assert_max_num_queries(queries):
        assert "甲工会小组3" in client.get(url).content.decode()


def test_late_mass_units_are_reminded_in_the_monthly_news_check(inst, mass):
    from chuangxian.calendar.steps import _news_action

    campaign = campaign_of(inst)
    year, month = _last_month()
    services_info.info_report_file(
        unit=mass.ub, year=year, month=month, title="报送", text="内容"
    )
    due = timezone.localdate().replace(day=5)
    _summary, detail = _news_action(campaign=campaign, due_on=due, today=due, by=None)
    late = {u["id"] for u in detail["mass_units"]}
    assert mass.ub2.pk in late and mass.league.pk in late and mass.ub.pk not in late
    assert Notification.objects.filter(
        recipient=mass.officer2, dedupe_key=f"info-missing-{year}-{month}-{mass.ub2.pk}"
    ).exists()
    assert not Notification.objects.filter(
        recipient=mass.officer, kind=Notification.Kind.REMINDER
    ).exists()
    assert Notification.objects.filter(
        recipient=inst.people["office"],
        dedupe_key=f"info-missing-{year}-{month}-office",
    ).exists()
    # A second run reminds nobody twice.
    before = Notification.objects.count()
    _news_action(campaign=campaign, due_on=due, today=due, by=None)
    assert Notification.objects.count() == before


def test_a_mass_officer_reads_only_its_own_units_reports(
    client, inst, other_inst, mass
):
    year, month = _last_month()
    mine = services_info.info_report_file(
        unit=mass.ub, year=year, month=month, title="本分工会报送", text="内容"
    )
    theirs = services_info.info_report_file(
        unit=mass.ub2, year=year, month=month, title="他分工会报送", text="内容"
    )
    client.force_login(mass.officer.user)
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404
    page = client.get(reverse("activity:info") + f"?year={year}").content.decode()
    assert "本分工会报送" in page and "他分工会报送" not in page
    # The secretary of the branch leading the 分工会 reads it too; plain members not.
    client.force_login(inst.user("secretary"))
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404
    client.force_login(inst.user("member"))
    assert client.get(mine.get_absolute_url()).status_code == 404
    assert client.get(reverse("activity:info")).status_code == 403
    client.force_login(other_inst.user("office"))
    assert client.get(mine.get_absolute_url()).status_code == 404
    client.force_login(inst.user("office"))
    assert client.get(theirs.get_absolute_url()).status_code == 200
