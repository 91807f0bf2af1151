"""Pages of scoring: the permission matrix, forms with bad input, fixed query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import Score, ScoreSheet, ScoringLine, SheetMark
from evaluations.scoring import services
from organizations import services as org_services
from organizations.models import Organization, Person
from tests.evaluations.scoring.builders import mark, marked_sheet, member_set, party_set
from tests.factories import PersonFactory

ROLES = [
    "other_office",
    "staff",
    "member",
    "othersec",
    "secretary",
    "gsec",
    "office",
    "leader",
]


@pytest.fixture
def scored(campaign, lines, inst):
    """Scores computed and published, a snapshot taken; the branch's sheet untouched."""
    services.scores_compute(campaign=campaign, by=inst.user("office"))
    services.scores_publish(campaign=campaign, by=inst.user("office"))
    snapshot = services.scores_snapshot_take(campaign=campaign, by=inst.user("office"))
    return {"campaign": campaign, "snapshot": snapshot}


def login(client, inst, other_inst, role):
    user = other_inst.user("office") if role == "other_office" else inst.user(role)
    client.force_login(user)


def pages(inst, campaign, snapshot):
    c = campaign.pk
    criteria_set = party_set(campaign)
    row = snapshot.scores.filter(unit=inst.branch).first()
    member = inst.people["member"]
    office_only = dict.fromkeys(ROLES, 403) | {
        "other_office": 404,
        "office": 200,
        "leader": 200,
    }
    office_write = office_only | {"leader": 403}
    return [
        (reverse("scoring:index"), dict.fromkeys(ROLES, 200)),
        (reverse("scoring:rules", args=[c]), office_only),
        (reverse("scoring:rule_edit", args=[c, "unit"]), office_write),
        (reverse("scoring:criteria", args=[c]), office_only),
        (reverse("scoring:lines", args=[c, criteria_set.pk]), office_only),
        (reverse("scoring:line_create", args=[c, criteria_set.pk]), office_write),
        (
            reverse(
                "scoring:criterion_edit",
                args=[c, criteria_set.pk, criteria_set.criteria.first().pk],
            ),
            office_write,
        ),
        (reverse("scoring:reopen", args=[c, criteria_set.pk]), office_write),
        (reverse("scoring:sheets", args=[c]), office_only),
        (
            reverse("scoring:sheet", args=[c, inst.branch.pk]),
            {
                "other_office": 404,
                "staff": 403,
                "member": 403,
                "othersec": 404,
                "secretary": 200,
                "gsec": 200,
                "office": 200,
                "leader": 200,
            },
        ),
        (
            reverse("scoring:sheet_marks", args=[c, inst.branch.pk, "self"]),
            {
                "other_office": 404,
                "staff": 403,
                "member": 403,
                "othersec": 404,
                "secretary": 200,
                "gsec": 403,
                "office": 403,
                "leader": 403,
            },
        ),
        (reverse("scoring:ranking", args=[c]), office_only),
        (reverse("scoring:missing_sources", args=[c]), office_write),
        (reverse("scoring:verify", args=[c]), office_only),
        (
            reverse("scoring:unit_breakdown", args=[c, inst.branch.pk]),
            {
                "other_office": 404,
                "staff": 403,
                "member": 403,
                "othersec": 404,
                "secretary": 200,
                "gsec": 200,
                "office": 200,
                "leader": 200,
            },
        ),
        (
            reverse("scoring:person_breakdown", args=[c, member.pk]),
            {
                "other_office": 404,
                "staff": 404,
                "member": 200,
                "othersec": 404,
                "secretary": 200,
                "gsec": 200,
                "office": 200,
                "leader": 200,
            },
        ),
        (reverse("scoring:snapshots", args=[c]), office_only),
        (reverse("scoring:snapshot", args=[snapshot.pk]), office_only),
        (reverse("scoring:snapshot_row", args=[snapshot.pk, row.pk]), office_only),
        (
            reverse("scoring:assessments", args=[c]),
            {
                "other_office": 404,
                "staff": 403,
                "member": 403,
                "othersec": 200,
                "secretary": 200,
                "gsec": 200,
                "office": 200,
                "leader": 200,
            },
        ),
        (
            reverse("scoring:assessment", args=[c, member.pk]),
            {
                "other_office": 404,
                "staff": 404,
                "member": 403,
                "othersec": 404,
                "secretary": 200,
                "gsec": 200,
                "office": 200,
                "leader": 200,
            },
        ),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_it_answers_each_page_as_the_permission_matrix_says(
    client, inst, other_inst, scored, role
):
    login(client, inst, other_inst, role)
    got, want = {}, {}
    for url, expected in pages(inst, scored["campaign"], scored["snapshot"]):
        got[url] = client.get(url).status_code
        want[url] = expected[role]
    assert got == want


def test_it_sends_anonymous_visitors_to_sign_in(client, scored):
    response = client.get(reverse("scoring:ranking", args=[scored["campaign"].pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_it_hides_a_unit_score_from_its_secretary_until_published(
    client, inst, campaign, lines
):
    services.scores_compute(campaign=campaign)
    client.force_login(inst.user("secretary"))
    url = reverse("scoring:unit_breakdown", args=[campaign.pk, inst.branch.pk])
    assert client.get(url).status_code == 403
    services.scores_publish(campaign=campaign, by=inst.user("office"))
    assert client.get(url).status_code == 200


def test_it_hides_a_member_score_from_the_member_until_published(
    client, inst, campaign, lines
):
    services.scores_compute(campaign=campaign)
    client.force_login(inst.user("member"))
    url = reverse(
        "scoring:person_breakdown", args=[campaign.pk, inst.people["member"].pk]
    )
    assert client.get(url).status_code == 403
    assert client.get(reverse("scoring:mine")).status_code == 200  # "not yet" page
    services.scores_publish(campaign=campaign, by=inst.user("office"))
    assert client.get(reverse("scoring:mine")).url == url


# ---------------------------------------------------------------------------------------
# Actions (POST)


@pytest.mark.parametrize(
    "role, status",
    [("other_office", 404), ("secretary", 403), ("leader", 403), ("office", 302)],
)
def test_it_lets_only_the_office_compute(
    client, inst, other_inst, campaign, lines, role, status
):
    login(client, inst, other_inst, role)
    response = client.post(reverse("scoring:compute", args=[campaign.pk]))
    assert response.status_code == status
    assert Score.objects.exists() == (status == 302)


def test_it_refuses_compute_by_get(client, inst, campaign):
    client.force_login(inst.user("office"))
    assert client.get(reverse("scoring:compute", args=[campaign.pk])).status_code == 405


def test_it_publishes_and_withdraws_scores(client, inst, campaign, lines):
    services.scores_compute(campaign=campaign)
    client.force_login(inst.user("office"))
    url = reverse("scoring:publish", args=[campaign.pk])
    client.post(url, {"action": "publish"})
    assert campaign.score_run.__class__.objects.get().is_published
    client.post(url, {"action": "unpublish"})
    assert not campaign.score_run.__class__.objects.get().is_published


def test_it_lets_the_secretary_submit_and_not_the_member(client, inst, campaign, lines):
    sheet = services.sheet_for(campaign=campaign, unit=inst.branch)
    mark(sheet, SheetMark.Source.SELF, lines["regular"], 8, inst.user("secretary"))
    url = reverse("scoring:sheet_step", args=[campaign.pk, inst.branch.pk, "submit"])
    client.force_login(inst.user("member"))
    assert client.post(url).status_code == 403
    client.force_login(inst.user("secretary"))
    assert client.post(url).status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.SELF_ASSESSED


def test_it_refuses_the_secretary_an_office_step(client, inst, campaign, lines):
    client.force_login(inst.user("secretary"))
    url = reverse("scoring:sheet_step", args=[campaign.pk, inst.branch.pk, "skip"])
    assert client.post(url).status_code == 403


def test_it_shows_why_a_step_is_refused(client, inst, campaign, lines):
    client.force_login(inst.user("secretary"))
    url = reverse("scoring:sheet_step", args=[campaign.pk, inst.branch.pk, "submit"])
    response = client.post(url, follow=True)
    assert (
        f"Mark every scored line before submitting: {len(lines['regular'])} still open."
        in response.content.decode()
    )


def test_it_freezes_by_hand_and_refuses_line_edits_after(client, inst, campaign, lines):
    criteria_set = party_set(campaign)
    client.force_login(inst.user("office"))
    client.post(reverse("scoring:freeze", args=[campaign.pk, criteria_set.pk]))
    response = client.post(
        reverse("scoring:line_create", args=[campaign.pk, criteria_set.pk]),
        {"kind": "bonus", "text": "新增加分", "max_points": "2"},
    )
    assert response.status_code == 200
    assert "is frozen (version 1, since" in response.content.decode()
    assert not ScoringLine.objects.filter(text="新增加分").exists()


def test_it_refuses_to_delete_a_line_of_a_frozen_set(client, inst, campaign, lines):
    criteria_set = party_set(campaign)
    services.criteria_set_freeze(criteria_set=criteria_set, by=inst.user("office"))
    client.force_login(inst.user("office"))
    line = lines["bonus"][0]
    response = client.post(
        reverse("scoring:line_delete", args=[campaign.pk, criteria_set.pk, line.pk]),
        follow=True,
    )
    assert "is frozen" in response.content.decode()
    assert ScoringLine.objects.filter(pk=line.pk).exists()


# ---------------------------------------------------------------------------------------
# Forms: bad input


def test_it_refuses_weights_not_adding_to_100_and_keeps_the_input(
    client, inst, campaign
):
    client.force_login(inst.user("office"))
    data = {
        "weight_office": "60",
        "weight_self": "10",
        "weight_inspection": "15",
        "weight_mass": "15",
        "weight_democratic": "10",
        "bonus_factor": "1",
        "bonus_limit": "5",
        "penalty_limit": "10",
        "excellent_min": "90",
        "good_min": "80",
        "average_min": "60",
        "inspection_points__good": "100",
        "inspection_points__average": "70",
        "inspection_points__poor": "40",
        "ballot_points__4": "100",
        "ballot_points__3": "80",
        "ballot_points__2": "60",
        "ballot_points__1": "40",
    }
    response = client.post(
        reverse("scoring:rule_edit", args=[campaign.pk, "unit"]), data
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "The weights must add up to 100 (now 110)." in body
    assert 'value="60"' in body


def test_it_shows_the_rule_form_without_saving_a_rule(client, inst, campaign):
    client.force_login(inst.user("office"))
    response = client.get(reverse("scoring:rule_edit", args=[campaign.pk, "unit"]))
    assert response.status_code == 200
    assert not campaign.scoring_rules.exists()


def test_it_saves_weights_that_add_up(client, inst, campaign):
    client.force_login(inst.user("office"))
    data = {
        "weight_daitou": "60",
        "weight_democratic": "30",
        "weight_mass": "10",
        "excellent_min": "92",
        "good_min": "80",
        "average_min": "60",
        "daitou_points__good": "100",
        "daitou_points__fair": "80",
        "daitou_points__average": "60",
        "daitou_points__poor": "40",
        "ballot_points__4": "100",
        "ballot_points__3": "80",
        "ballot_points__2": "60",
        "ballot_points__1": "40",
    }
    response = client.post(
        reverse("scoring:rule_edit", args=[campaign.pk, "person"]), data
    )
    assert response.status_code == 302
    rule = campaign.scoring_rules.get(audience="person")
    assert (rule.weight_daitou, rule.excellent_min, rule.daitou_points["fair"]) == (
        Decimal(60),
        Decimal(92),
        80,
    )


def test_it_refuses_a_scored_line_without_an_item(client, inst, campaign):
    client.force_login(inst.user("office"))
    criteria_set = party_set(campaign)
    response = client.post(
        reverse("scoring:line_create", args=[campaign.pk, criteria_set.pk]),
        {"kind": "regular", "text": "无归属的细则", "max_points": "5"},
    )
    body = response.content.decode()
    assert "Choose the item this line scores." in body
    assert "无归属的细则" in body


def test_it_refuses_points_that_are_not_a_number(client, inst, campaign):
    client.force_login(inst.user("office"))
    criteria_set = party_set(campaign)
    criterion = criteria_set.criteria.first()
    response = client.post(
        reverse("scoring:line_create", args=[campaign.pk, criteria_set.pk]),
        {
            "kind": "regular",
            "criterion": criterion.pk,
            "text": "细则",
            "max_points": "十",
        },
    )
    assert "Type a number, e.g. 8 or 7.5." in response.content.decode()


def test_it_refuses_negative_item_points(client, inst, campaign):
    client.force_login(inst.user("office"))
    criteria_set = party_set(campaign)
    criterion = criteria_set.criteria.first()
    response = client.post(
        reverse(
            "scoring:criterion_edit", args=[campaign.pk, criteria_set.pk, criterion.pk]
        ),
        {"max_points": "-3", "weight": ""},
    )
    assert (
        "Maximum points must be more than 0, or left empty."
        in response.content.decode()
    )


def test_it_sets_item_points_and_weight(client, inst, campaign):
    client.force_login(inst.user("office"))
    criteria_set = party_set(campaign)
    criterion = criteria_set.criteria.get(code="1")
    client.post(
        reverse(
            "scoring:criterion_edit", args=[campaign.pk, criteria_set.pk, criterion.pk]
        ),
        {"max_points": "20", "weight": "0.3"},
    )
    criterion.refresh_from_db()
    assert (criterion.max_points, criterion.weight) == (Decimal(20), Decimal("0.3"))


def test_it_asks_a_reason_to_reopen_a_frozen_set(client, inst, campaign, lines):
    criteria_set = party_set(campaign)
    services.criteria_set_freeze(criteria_set=criteria_set, by=inst.user("office"))
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("scoring:reopen", args=[campaign.pk, criteria_set.pk]), {"reason": ""}
    )
    assert "This field is required." in response.content.decode()


def self_marks_post(lines, points, comment="按细则"):
    data = {}
    for line in lines["regular"]:
        data[f"points_{line.pk}"] = points
        data[f"comment_{line.pk}"] = comment
    return data


def test_it_refuses_self_marks_above_the_maximum_and_keeps_the_comments(
    client, inst, campaign, lines
):
    client.force_login(inst.user("secretary"))
    response = client.post(
        reverse("scoring:sheet_marks", args=[campaign.pk, inst.branch.pk, "self"]),
        self_marks_post(lines, "12", comment="全年组织学习十二次"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "12 points exceed this line&#x27;s maximum of 10." in body
    assert "全年组织学习十二次" in body
    assert not SheetMark.objects.exists()


def test_it_refuses_a_mark_without_a_comment_on_the_page(client, inst, campaign, lines):
    client.force_login(inst.user("secretary"))
    response = client.post(
        reverse("scoring:sheet_marks", args=[campaign.pk, inst.branch.pk, "self"]),
        self_marks_post(lines, "8", comment=""),
    )
    assert "Every mark needs a comment: say why." in response.content.decode()


def test_it_shows_the_self_marks_form_without_starting_the_sheet(
    client, inst, campaign, lines
):
    client.force_login(inst.user("secretary"))
    response = client.get(
        reverse("scoring:sheet_marks", args=[campaign.pk, inst.branch.pk, "self"])
    )
    assert response.status_code == 200
    assert not ScoreSheet.objects.exists()


def test_it_saves_self_marks(client, inst, campaign, lines):
    client.force_login(inst.user("secretary"))
    response = client.post(
        reverse("scoring:sheet_marks", args=[campaign.pk, inst.branch.pk, "self"]),
        self_marks_post(lines, "7.5"),
    )
    assert response.status_code == 302
    assert set(SheetMark.objects.values_list("points", flat=True)) == {Decimal("7.5")}


def test_it_lets_the_office_mark_a_self_assessed_sheet(client, inst, campaign, lines):
    sheet = services.sheet_for(campaign=campaign, unit=inst.branch)
    services.sheet_step(sheet=sheet, step="skip", by=inst.user("office"))
    client.force_login(inst.user("office"))
    data = self_marks_post(lines, "9")
    data[f"triggered_{lines['veto'][0].pk}"] = "on"
    data[f"comment_{lines['veto'][0].pk}"] = "发生违纪"
    response = client.post(
        reverse("scoring:sheet_marks", args=[campaign.pk, inst.branch.pk, "office"]),
        data,
    )
    assert response.status_code == 302
    assert SheetMark.objects.filter(source="office", triggered=True).count() == 1


def test_it_refuses_a_snapshot_before_computing_on_the_page(client, inst, campaign):
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("scoring:snapshots", args=[campaign.pk]), {"label": ""}
    )
    assert "Compute the scores before taking a snapshot." in response.content.decode()


# ---------------------------------------------------------------------------------------
# The breakdown


def test_it_shows_every_mark_with_a_link_on_the_breakdown(
    client, inst, campaign, lines
):
    marked_sheet(
        campaign,
        inst.branch,
        lines,
        writer=inst.user("secretary"),
        office=inst.user("office"),
    )
    services.scores_compute(campaign=campaign)
    client.force_login(inst.user("office"))
    body = client.get(
        reverse("scoring:unit_breakdown", args=[campaign.pk, inst.branch.pk])
    ).content.decode()
    sheet_url = reverse("scoring:sheet", args=[campaign.pk, inst.branch.pk])
    for line in lines["regular"]:
        assert f'href="{sheet_url}#line-{line.pk}"' in body
    assert "88.33" in body


def test_it_verifies_on_the_page(client, inst, campaign, lines):
    services.scores_compute(campaign=campaign)
    client.force_login(inst.user("office"))
    body = client.get(reverse("scoring:verify", args=[campaign.pk])).content.decode()
    total = Score.objects.count()
    assert f"{total} of {total} equal." in body


# ---------------------------------------------------------------------------------------
# Query counts


def grow(inst, campaign, n, start=0):
    office = inst.user("office")
    for i in range(start, start + n):
        unit = org_services.organization_create(
            name=f"增补支部{i}",
            kind=Organization.Kind.BRANCH,
            parent=inst.gb,
            category=inst.category,
        )
        PersonFactory(
            institute=inst.institute,
            branch=unit,
            political_status=Person.PoliticalStatus.PARTY_FULL,
        )
        sheet = services.sheet_for(campaign=campaign, unit=unit)
        services.sheet_step(sheet=sheet, step="skip", by=office)
    services.scores_compute(campaign=campaign)


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "name",
    ["sheets", "ranking", "ranking_people", "assessments", "snapshot"],
)
def test_it_keeps_a_fixed_number_of_queries_on_lists(
    client, inst, campaign, lines, name
):
    client.force_login(inst.user("office"))

    def url():
        c = campaign.pk
        if name == "snapshot":
            snap = services.scores_snapshot_take(campaign=campaign, by=None)
            return reverse("scoring:snapshot", args=[snap.pk])
        if name == "ranking_people":
            return reverse("scoring:ranking", args=[c]) + "?audience=person"
        return reverse(f"scoring:{name}", args=[c])

    grow(inst, campaign, 2)
    small = count(client, url())
    grow(inst, campaign, 12, start=2)
    large = count(client, url())
    assert small == large


def test_it_links_findings_and_tallies_on_the_breakdown_for_the_office(
    client, inst, campaign
):
    from tests.evaluations.scoring.builders import closed_round, finding, tally

    found = finding(campaign, inst.branch, "poor")
    round = closed_round(campaign, kind="mass")
    tally(round, unit=inst.branch)
    services.scores_compute(campaign=campaign)
    client.force_login(inst.user("office"))
    body = client.get(
        reverse("scoring:unit_breakdown", args=[campaign.pk, inst.branch.pk])
    ).content.decode()
    assert f'href="{reverse("inspections:finding", args=[found.pk])}"' in body
    assert f'href="{reverse("evaluations:tallies", args=[round.pk])}"' in body


def test_it_shows_no_tally_link_to_a_secretary(client, inst, campaign):
    from tests.evaluations.scoring.builders import closed_round, tally

    round = closed_round(campaign, kind="mass")
    tally(round, unit=inst.branch)
    services.scores_compute(campaign=campaign)
    services.scores_publish(campaign=campaign, by=inst.user("office"))
    client.force_login(inst.user("secretary"))
    body = client.get(
        reverse("scoring:unit_breakdown", args=[campaign.pk, inst.branch.pk])
    ).content.decode()
    assert reverse("evaluations:tallies", args=[round.pk]) not in body


# ---------------------------------------------------------------------------------------
# Navigation and home panels


def test_it_offers_the_assessment_entry_to_members_not_to_staff(client, inst):
    from organizations.navigation import items_for

    def keys(user):
        entries = items_for(user)
        return {e["key"] for e in entries} | {
            c["key"] for e in entries for c in e.get("children", [])
        }

    assert "scoring" in keys(inst.user("member"))
    assert "scoring" not in keys(inst.user("staff"))


def test_it_shows_the_sheet_counts_on_the_office_home(client, inst, campaign):
    client.force_login(inst.user("office"))
    body = client.get(reverse("home")).content.decode()
    assert 'data-panel="scoring"' in body
    assert reverse("scoring:sheets", args=[campaign.pk]) in body


def test_it_shows_the_branch_sheet_on_the_secretary_home(client, inst, campaign):
    client.force_login(inst.user("secretary"))
    body = client.get(reverse("home")).content.decode()
    assert reverse("scoring:sheet", args=[campaign.pk, inst.branch.pk]) in body


def test_it_shows_a_member_their_published_score_at_home(client, inst, campaign, lines):
    member = inst.people["member"]
    services.scores_compute(campaign=campaign)
    client.force_login(inst.user("member"))
    url = reverse("scoring:person_breakdown", args=[campaign.pk, member.pk])
    assert url not in client.get(reverse("home")).content.decode()
    services.scores_publish(campaign=campaign, by=inst.user("office"))
    assert url in client.get(reverse("home")).content.decode()


def test_it_offers_weights_but_no_lines_for_the_daitou_set(client, inst, campaign):
    criteria_set = member_set(campaign)
    client.force_login(inst.user("office"))
    response = client.get(reverse("scoring:lines", args=[campaign.pk, criteria_set.pk]))
    assert response.status_code == 200
    assert "Bonus lines" not in response.content.decode()
    create = reverse("scoring:line_create", args=[campaign.pk, criteria_set.pk])
    assert client.get(create).status_code == 404


def _self_and_office_weights(campaign):
    rule = services.rule_for(campaign=campaign, audience="unit")
    services.rule_update(
        rule=rule,
        by=None,
        weight_office=Decimal(90),
        weight_self=Decimal(10),
        weight_inspection=Decimal(0),
        weight_mass=Decimal(0),
        weight_democratic=Decimal(0),
    )


def test_it_warns_the_office_of_a_skipped_self_assessment_and_leaves_it_out(
    client, inst, campaign, lines, english
):
    _self_and_office_weights(campaign)
    office = inst.user("office")
    sheet = services.sheet_for(campaign=campaign, unit=inst.branch)
    services.sheet_step(sheet=sheet, step="skip", by=office)
    mark(sheet, "office", lines["regular"], "9.2", office)
    services.sheet_step(sheet=sheet, step="mark", by=office)
    client.force_login(office)

    ranking_page = client.get(reverse("scoring:ranking", args=[campaign.pk]))
    missing_url = reverse("scoring:missing_sources", args=[campaign.pk])
    assert f'hx-get="{missing_url}"' in ranking_page.content.decode()
    before = client.get(missing_url).content
    warning = (
        before.decode().split('data-testid="missing-sources"')[1].split("</div>")[0]
    )
    self_line = warning.split('data-source-missing="Self-assessment"')[1].split(
        "</li>"
    )[0]
    assert inst.branch.name in self_line

    services.scores_compute(campaign=campaign, by=office)
    score = Score.objects.get(campaign=campaign, unit=inst.branch)
    assert score.score == Decimal("92.00")  # the office's 92 alone, not 0.9 × 92
    page = client.get(
        reverse("scoring:unit_breakdown", args=[campaign.pk, inst.branch.pk])
    ).content.decode()
    assert "The branch did not self-assess." in page
    assert "it never counts as 0" in page
    assert "Not marked: counts 0." not in page


def test_it_checks_missing_sources_in_fixed_queries(
    client, inst, campaign, lines, django_assert_max_num_queries
):
    client.force_login(inst.user("office"))
    url = reverse("scoring:missing_sources", args=[campaign.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for name in ("三支部", "四支部", "五支部"):
        org_services.organization_create(
            name=name,
            kind=Organization.Kind.BRANCH,
            parent=inst.gb,
            category=inst.category,
        )
    with django_assert_max_num_queries(len(few)):
        client.get(url)


# ---------------------------------------------------------------------------------------
# The office's marks form: numbering, "completed poorly", the evidence picker


def test_it_numbers_two_lines_of_one_item_apart_and_asks_poor_only_of_tasks(
    client, inst, campaign, lines
):
    first = lines["regular"][0]
    second = services.line_save(
        criteria_set=first.criteria_set,
        by=None,
        kind=ScoringLine.Kind.REGULAR,
        criterion=first.criterion,
        text="支部书记全年讲党课不少于1次",
        max_points=Decimal(10),
    )
    sheet = services.sheet_for(campaign=campaign, unit=inst.branch)
    services.sheet_step(sheet=sheet, step="skip", by=inst.user("office"))
    client.force_login(inst.user("office"))
    response = client.get(
        reverse("scoring:sheet_marks", args=[campaign.pk, inst.branch.pk, "office"])
    )
    rows = {
        line.pk: (fields, number)
        for line, fields, number in response.context["form"].rows()
    }
    code = first.criterion.code
    assert (rows[first.pk][1], rows[second.pk][1]) == (f"{code}.1", f"{code}.2")
    numbers = [n for _fields, n in rows.values() if n]
    assert len(numbers) == len(set(numbers))
    assert "poor" in rows[first.pk][0]
    for kind in ("bonus", "penalty", "veto"):
        assert "poor" not in rows[lines[kind][0].pk][0], kind
    page = response.content.decode()
    assert page.count('name="poor_') == len(lines["regular"]) + 1


def test_it_offers_evidence_grouped_by_kind_to_a_searchable_picker(
    client, inst, campaign, lines
):
    from pledges.activity import services as activity_services

    activity_services.record_create(
        branch=inst.branch,
        person=None,
        kind="process",
        occurred_on=campaign.phase2_start,
        title="主题党日：参观红色教育基地",
        text="支部组织党员参观学习",
        by=inst.user("secretary"),
    )
    client.force_login(inst.user("secretary"))
    page = client.get(
        reverse("scoring:sheet_marks", args=[campaign.pk, inst.branch.pk, "self"])
    ).content.decode()
    assert "data-evidence-picker" in page
    assert "<optgroup" in page and "主题党日：参观红色教育基地" in page
    assert "js/evidence-picker.js" in page
    assert "cdn" not in page.lower()


def test_it_names_a_finding_by_its_quarter_in_the_readers_language(
    client, inst, campaign
):
    from django.utils import translation

    from tests.evaluations.scoring.builders import finding

    found = finding(campaign, inst.branch, "poor")
    services.scores_compute(campaign=campaign)
    client.force_login(inst.user("office"))
    url = reverse("scoring:unit_breakdown", args=[campaign.pk, inst.branch.pk])
    quarter, day = found.round.quarter, found.found_on.isoformat()
    with translation.override("zh-hans"):
        body = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"第{quarter}季度 · {day}" in body
    assert f"Q{quarter} {day}" not in body


def test_it_links_each_ranked_unit_and_member_to_its_breakdown(
    client, inst, campaign, lines
):
    services.scores_compute(campaign=campaign)
    client.force_login(inst.user("office"))
    url = reverse("scoring:ranking", args=[campaign.pk])
    for audience, name in (("unit", "unit_breakdown"), ("person", "person_breakdown")):
        body = client.get(url, {"audience": audience}).content.decode()
        scores = Score.objects.filter(
            campaign=campaign, **{f"{audience}__isnull": False}
        )
        expected = [
            reverse(f"scoring:{name}", args=[campaign.pk, s.unit_id or s.person_id])
            for s in scores
        ]
        assert expected and all(f'href="{link}"' in body for link in expected)


def test_the_kept_ranking_table_follows_a_recompute(client, inst, campaign, lines):
    """The table is kept for everyone who may open the page (a shared fragment):
    changed scores show at once, for the office and the leading group alike."""
    services.scores_compute(campaign=campaign)
    url = reverse("scoring:ranking", args=[campaign.pk])
    client.force_login(inst.user("office"))
    assert "改过的名字" not in client.get(url).content.decode()
    Score.objects.filter(campaign=campaign, unit=inst.branch).update(name="改过的名字")
    assert "改过的名字" in client.get(url).content.decode()
    client.force_login(inst.user("leader"))
    assert "改过的名字" in client.get(url).content.decode()


def test_the_member_panel_reads_the_orms_newest_published_score(inst, campaign, lines):
    """The member panel's score query is compiled once per process for a stand-in
    person: it gives each member what ``published_campaigns_for`` gives, none before
    the scores are published."""
    from evaluations.scoring.selectors import panels
    from evaluations.scoring.selectors.scores import published_campaigns_for

    services.scores_compute(campaign=campaign)
    people = [inst.people[key] for key in ("member", "secretary", "staff")]
    assert all(panels.latest_score(person) is None for person in people)
    services.scores_publish(campaign=campaign, by=inst.user("office"))
    for person in people:
        score = panels.latest_score(person)
        orm = published_campaigns_for(person).first()
        if orm is None:
            assert score is None
            continue
        assert (score.pk, score.score, score.grade, score.person_id) == (
            orm.pk,
            orm.score,
            orm.grade,
            orm.person_id,
        )
        assert score.campaign.year == orm.campaign.year
        assert score.get_grade_display() == orm.get_grade_display()
    assert panels.latest_score(inst.people["member"]) is not None
