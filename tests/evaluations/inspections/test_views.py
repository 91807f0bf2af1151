"""Pages of inspections, spot checks, rectification, help and reviews: the permission
matrix (the other institute's office, staff, member, the other branch's secretary, the
secretary, the general-branch secretary, the office, the leader), bad input on every
form, fixed query counts, and the spot-check → finding → rectification → answer flow."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations.inspections import services
from evaluations.models import (
    Finding,
    HelpItem,
    InspectionKind,
    InspectionRound,
    RectificationItem,
    Review,
    SpotCheckDraw,
)
from pledges.activity import services as activity_services
from tests.evaluations.inspections.builders import (
    ORGAN,
    RESEARCH,
    campaign_of,
    deadline,
    finding,
    more_branches,
    open_round,
)
from tests.pledges.files import pdf_bytes
from tests.shared import fresh

WHO = [
    "outsider",
    "staff",
    "member",
    "othersec",
    "secretary",
    "gsec",
    "office",
    "leader",
]


def matrix(*codes):
    return list(zip(WHO, codes, strict=True))


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    """One media folder for the module: the shared ``objs`` keep their files there."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def media(settings, media_root):
    settings.MEDIA_ROOT = media_root


@pytest.fixture(scope="module")
def shared_objs(shared_block, shared_inst, media_root):
    with override_settings(MEDIA_ROOT=media_root):
        return shared_inst and shared_block.build("objs", build_objs, shared_inst)


@pytest.fixture
def objs(shared_objs, inst, copies):
    return fresh(copies, shared_objs, build_objs, inst)


def build_objs(inst):
    office = inst.user("office")
    campaign = campaign_of(inst)
    round = open_round(campaign, sizes={RESEARCH: 1, ORGAN: 1}, by=office)
    poor = finding(round, inst.branch, by=office)
    average = finding(round, inst.branch, Finding.Rating.AVERAGE, by=office)
    item = services.rectification_open(
        unit=inst.branch,
        source=poor,
        title="整改一",
        owner=inst.people["secretary"],
        deadline=deadline(),
        by=office,
    )
    answered = services.rectification_open(
        unit=inst.branch, source=poor, title="整改二", deadline=deadline(), by=office
    )
    services.rectification_answer(
        item=answered,
        by=inst.user("secretary"),
        text="已整改",
        files=[SimpleUploadedFile("材料.pdf", pdf_bytes())],
    )
    help_item = services.help_item_create(
        unit=inst.branch,
        finding=average,
        what="帮助规范",
        helper=inst.people["leader"],
        by=office,
    )
    review_round = services.review_round_open(campaign=campaign, half=1)
    texts = {"achievements": "成绩好", "problems": "问题少", "direction": "再努力"}
    branch_review = services.review_write(
        round=review_round, by=office, unit=inst.branch, **texts
    )
    member_review = services.review_write(
        round=review_round,
        by=inst.user("secretary"),
        person=inst.people["member"],
        **texts,
    )
    return {
        "campaign": campaign,
        "round": round,
        "draw": round.draws.get(),
        "poor": poor,
        "average": average,
        "item": item,
        "answered": answered,
        "file": answered.steps.get(action="answered").files.get(),
        "help": help_item,
        "review_round": review_round,
        "branch_review": branch_review,
        "member_review": member_review,
    }


def login(client, inst, other_inst, who):
    user = other_inst.user("office") if who == "outsider" else inst.user(who)
    client.force_login(user)


def status(client, inst, other_inst, who, url, method="get", data=None):
    login(client, inst, other_inst, who)
    return getattr(client, method)(url, data or {}).status_code


# ---------------------------------------------------------------------------------------
# Permission matrix


ALL_200 = matrix(200, 200, 200, 200, 200, 200, 200, 200)
READ_INSTITUTE = matrix(404, 200, 200, 200, 200, 200, 200, 200)
OFFICE_ONLY = matrix(404, 403, 403, 403, 403, 403, 200, 403)
UNIT_READERS = matrix(404, 404, 404, 404, 200, 200, 200, 200)
# Who inspects or is inspected (issue 12): plain members and staff see no round.
OVERSEERS = matrix(200, 403, 403, 200, 200, 200, 200, 200)
ROUND_READERS = matrix(404, 403, 403, 200, 200, 200, 200, 200)


@pytest.mark.parametrize(
    "name,who,code",
    [("inspections:rounds", *row) for row in OVERSEERS]
    + [("inspections:findings", *row) for row in ALL_200]
    + [("inspections:rectifications", *row) for row in ALL_200]
    + [("inspections:help_items", *row) for row in ALL_200]
    + [("inspections:reviews", *row) for row in ALL_200]
    + [("inspections:my_reviews", *row) for row in ALL_200],
)
def test_it_opens_the_lists_to_everyone_filtered_by_scope(
    client, inst, other_inst, objs, name, who, code
):
    url = reverse(name) + f"?campaign={objs['campaign'].pk}"
    assert status(client, inst, other_inst, who, url) == code


@pytest.mark.parametrize("who,code", ROUND_READERS)
def test_it_shows_a_round_with_its_draw_to_those_who_inspect_or_are_inspected(
    client, inst, other_inst, objs, who, code
):
    url = objs["round"].get_absolute_url()
    assert status(client, inst, other_inst, who, url) == code


@pytest.mark.parametrize("who,code", READ_INSTITUTE)
def test_it_lets_anyone_in_the_institute_redraw_to_verify(
    client, inst, other_inst, objs, who, code
):
    url = reverse("inspections:draw_verify", args=[objs["draw"].pk])
    assert status(client, inst, other_inst, who, url) == code


@pytest.mark.parametrize(
    "name,who,code",
    [("inspections:round_sampling", *row) for row in OFFICE_ONLY]
    + [("inspections:round_draw", *row) for row in OFFICE_ONLY]
    + [("inspections:round_note", *row) for row in OFFICE_ONLY]
    + [("inspections:finding_create", *row) for row in OFFICE_ONLY],
)
def test_it_lets_only_the_office_run_a_round(
    client, inst, other_inst, objs, name, who, code
):
    url = reverse(name, args=[objs["round"].pk])
    assert status(client, inst, other_inst, who, url) == code


@pytest.mark.parametrize(
    "name,who,code",
    [
        ("inspections:round_close", *row)
        for row in matrix(404, 403, 403, 403, 403, 403, 302, 403)
    ],
)
def test_it_lets_only_the_office_close_a_round(
    client, inst, other_inst, objs, name, who, code
):
    url = reverse(name, args=[objs["round"].pk])
    assert status(client, inst, other_inst, who, url, "post") == code


@pytest.mark.parametrize("who,code", matrix(404, 403, 403, 403, 403, 403, 302, 403))
def test_it_lets_only_the_office_open_a_quarter(
    client, inst, other_inst, objs, who, code
):
    url = reverse("inspections:round_open", args=[objs["campaign"].pk, 2])
    assert status(client, inst, other_inst, who, url, "post") == code


@pytest.mark.parametrize("who,code", matrix(404, 403, 403, 403, 403, 403, 302, 403))
def test_it_lets_only_the_office_void_a_draw(client, inst, other_inst, objs, who, code):
    url = reverse("inspections:draw_void", args=[objs["draw"].pk])
    assert status(client, inst, other_inst, who, url, "post", {"reason": "错"}) == code


@pytest.mark.parametrize("who,code", UNIT_READERS)
def test_it_shows_a_finding_to_the_readers_of_its_unit(
    client, inst, other_inst, objs, who, code
):
    url = objs["poor"].get_absolute_url()
    assert status(client, inst, other_inst, who, url) == code


@pytest.mark.parametrize("who,code", matrix(404, 404, 404, 404, 403, 403, 200, 403))
def test_it_lets_only_the_office_edit_a_finding(
    client, inst, other_inst, objs, who, code
):
    url = reverse("inspections:finding_edit", args=[objs["poor"].pk])
    assert status(client, inst, other_inst, who, url) == code


@pytest.mark.parametrize("who,code", UNIT_READERS)
def test_it_shows_a_rectification_item_to_the_readers_of_its_unit(
    client, inst, other_inst, objs, who, code
):
    url = objs["item"].get_absolute_url()
    assert status(client, inst, other_inst, who, url) == code


@pytest.mark.parametrize("who,code", UNIT_READERS)
def test_it_serves_rectification_evidence_to_the_readers_of_its_unit(
    client, inst, other_inst, objs, who, code
):
    url = reverse(
        "inspections:rectification_file", args=[objs["answered"].pk, objs["file"].pk]
    )
    assert status(client, inst, other_inst, who, url) == code


@pytest.mark.parametrize("who,code", matrix(404, 404, 404, 404, 200, 200, 403, 403))
def test_it_lets_the_owner_and_secretaries_answer(
    client, inst, other_inst, objs, who, code
):
    url = reverse("inspections:rectification_answer", args=[objs["item"].pk])
    assert status(client, inst, other_inst, who, url) == code


@pytest.mark.parametrize(
    "name,who,code",
    [
        ("inspections:rectification_reinspect", *row)
        for row in matrix(404, 404, 404, 404, 403, 403, 200, 403)
    ]
    + [
        ("inspections:rectification_reopen", *row)
        for row in matrix(404, 404, 404, 404, 403, 403, 200, 403)
    ],
)
def test_it_lets_only_the_office_reinspect_or_reopen(
    client, inst, other_inst, objs, name, who, code
):
    url = reverse(name, args=[objs["answered"].pk])
    assert status(client, inst, other_inst, who, url) == code


@pytest.mark.parametrize(
    "name,who,code",
    [
        ("inspections:rectification_open", *row)
        for row in matrix(404, 404, 404, 404, 403, 403, 200, 403)
    ]
    + [
        ("inspections:help_create", *row)
        for row in matrix(404, 404, 404, 404, 403, 403, 200, 403)
    ],
)
def test_it_lets_only_the_office_open_rectification_and_help(
    client, inst, other_inst, objs, name, who, code
):
    url = reverse(name, args=[objs["poor"].pk])
    assert status(client, inst, other_inst, who, url) == code


@pytest.mark.parametrize("who,code", UNIT_READERS)
def test_it_shows_a_help_item_to_the_readers_of_its_unit(
    client, inst, other_inst, objs, who, code
):
    url = objs["help"].get_absolute_url()
    assert status(client, inst, other_inst, who, url) == code


@pytest.mark.parametrize("who,code", matrix(404, 404, 404, 404, 403, 403, 200, 200))
def test_it_lets_the_office_and_the_helper_move_help_on(
    client, inst, other_inst, objs, who, code
):
    url = reverse("inspections:help_move", args=[objs["help"].pk])
    assert status(client, inst, other_inst, who, url) == code


@pytest.mark.parametrize("who,code", matrix(404, 403, 403, 200, 200, 200, 200, 200))
def test_it_shows_review_progress_to_office_leaders_and_secretaries(
    client, inst, other_inst, objs, who, code
):
    url = objs["review_round"].get_absolute_url()
    assert status(client, inst, other_inst, who, url) == code


@pytest.mark.parametrize("who,code", matrix(404, 403, 403, 404, 403, 403, 200, 403))
def test_it_lets_only_the_office_write_a_branch_review(
    client, inst, other_inst, objs, who, code
):
    url = reverse(
        "inspections:review_write_unit",
        args=[objs["review_round"].pk, inst.branch.pk],
    )
    assert status(client, inst, other_inst, who, url) == code


@pytest.mark.parametrize("who,code", matrix(404, 403, 403, 404, 200, 200, 200, 403))
def test_it_lets_the_office_and_secretaries_write_a_member_review(
    client, inst, other_inst, objs, who, code
):
    url = reverse(
        "inspections:review_write_person",
        args=[objs["review_round"].pk, inst.people["member"].pk],
    )
    assert status(client, inst, other_inst, who, url) == code


@pytest.mark.parametrize("who,code", UNIT_READERS)
def test_it_shows_a_branch_review_to_the_readers_of_the_branch(
    client, inst, other_inst, objs, who, code
):
    url = objs["branch_review"].get_absolute_url()
    assert status(client, inst, other_inst, who, url) == code


@pytest.mark.parametrize("who,code", matrix(404, 404, 200, 404, 200, 200, 200, 200))
def test_it_shows_a_member_review_to_the_member_and_those_above(
    client, inst, other_inst, objs, who, code
):
    url = objs["member_review"].get_absolute_url()
    assert status(client, inst, other_inst, who, url) == code


@pytest.mark.parametrize("who,code", matrix(404, 404, 302, 404, 403, 403, 403, 403))
def test_it_lets_only_the_member_acknowledge_their_review(
    client, inst, other_inst, objs, who, code
):
    url = reverse("inspections:review_acknowledge", args=[objs["member_review"].pk])
    assert status(client, inst, other_inst, who, url, "post") == code


@pytest.mark.parametrize("who,code", matrix(404, 404, 404, 404, 302, 403, 403, 403))
def test_it_lets_only_the_branch_secretary_acknowledge_the_branch_review(
    client, inst, other_inst, objs, who, code
):
    url = reverse("inspections:review_acknowledge", args=[objs["branch_review"].pk])
    assert status(client, inst, other_inst, who, url, "post") == code


@pytest.mark.parametrize("who,code", UNIT_READERS)
def test_it_shows_a_branch_history_to_the_readers_of_the_branch(
    client, inst, other_inst, objs, who, code
):
    url = reverse("inspections:review_history_unit", args=[inst.branch.pk])
    assert status(client, inst, other_inst, who, url) == code


@pytest.mark.parametrize("who,code", matrix(404, 404, 200, 404, 200, 200, 200, 200))
def test_it_shows_a_member_history_to_the_member_and_those_above(
    client, inst, other_inst, objs, who, code
):
    url = reverse("inspections:review_history_person", args=[inst.people["member"].pk])
    assert status(client, inst, other_inst, who, url) == code


def test_it_keeps_the_other_institutes_campaign_off_the_outsiders_lists(
    client, inst, other_inst, objs
):
    client.force_login(other_inst.user("office"))
    for name in ("inspections:rounds", "inspections:rectifications"):
        body = client.get(reverse(name) + f"?campaign={objs['campaign'].pk}")
        assert objs["item"].title not in body.content.decode()
        assert objs["round"].get_absolute_url() not in body.content.decode()


def test_it_hides_other_branches_rectification_from_a_secretary(client, inst, objs):
    client.force_login(inst.user("othersec"))
    body = client.get(reverse("inspections:rectifications")).content.decode()
    assert objs["item"].title not in body


# ---------------------------------------------------------------------------------------
# The flow: draw, verify, record a finding, open a rectification, answer with evidence


def test_it_shows_that_a_redraw_matches(client, inst, objs):
    client.force_login(inst.user("staff"))
    page = client.get(
        reverse("inspections:draw_verify", args=[objs["draw"].pk])
    ).content.decode()
    assert 'data-testid="verify-result" data-matches="yes"' in page


def test_it_shows_a_mismatch_of_a_tampered_draw(client, inst, objs):
    draw = objs["draw"]
    research = next(s for s in draw.rule["strata"] if s["code"] == RESEARCH)
    others = [i for i in research["eligible"] if i not in draw.sample[RESEARCH]]
    SpotCheckDraw.objects.filter(pk=draw.pk).update(
        sample={**draw.sample, RESEARCH: others}
    )
    client.force_login(inst.user("staff"))
    page = client.get(
        reverse("inspections:draw_verify", args=[draw.pk])
    ).content.decode()
    assert 'data-matches="no"' in page


def test_it_records_a_finding_with_a_file_through_the_form(client, inst, objs):
    client.force_login(inst.user("office"))
    url = (
        reverse("inspections:finding_create", args=[objs["round"].pk])
        + f"?unit={inst.other_branch.pk}"
    )
    assert 'data-testid="finding-form"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "kind": InspectionKind.SPOT,
            "rating": Finding.Rating.POOR,
            "text": "未按时召开支委会",
            "found_on": timezone.localdate().isoformat(),
            "inspector": inst.people["office"].pk,
            "files": [SimpleUploadedFile("照片.pdf", pdf_bytes())],
        },
    )
    found = Finding.objects.get(unit=inst.other_branch)
    assert response.status_code == 302
    assert response.url == found.get_absolute_url()
    assert found.files.count() == 1
    page = client.get(found.get_absolute_url()).content.decode()
    assert 'data-testid="rectification-open"' in page


def test_it_opens_a_rectification_from_the_finding_page(client, inst, objs):
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("inspections:rectification_open", args=[objs["poor"].pk]),
        {
            "title": "补齐支委会记录",
            "text": "",
            "evidence_required": "会议记录扫描件",
            "owner": inst.people["secretary"].pk,
            "deadline": deadline(10).isoformat(),
        },
    )
    item = RectificationItem.objects.get(title="补齐支委会记录")
    assert response.url == item.get_absolute_url()
    assert item.evidence_required == "会议记录扫描件"


def test_it_takes_the_secretarys_answer_with_evidence(client, inst, objs):
    client.force_login(inst.user("secretary"))
    item = objs["item"]
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'data-testid="rectification-answer"' in page
    assert 'data-testid="rectification-status"' in page
    response = client.post(
        reverse("inspections:rectification_answer", args=[item.pk]),
        {"text": "已补齐", "files": [SimpleUploadedFile("记录.pdf", pdf_bytes())]},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == RectificationItem.Status.ANSWERED
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'data-status="answered"' in page
    assert "记录.pdf" in page


def test_it_closes_an_item_by_reinspection_through_the_form(client, inst, objs):
    client.force_login(inst.user("office"))
    item = objs["answered"]
    response = client.post(
        reverse("inspections:rectification_reinspect", args=[item.pk]),
        {
            "round": objs["round"].pk,
            "kind": InspectionKind.FIELD,
            "rating": Finding.Rating.GOOD,
            "text": "已整改到位",
            "found_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == RectificationItem.Status.CLOSED


def test_it_puts_the_person_recording_as_the_reinspections_inspector(
    client, inst, objs
):
    client.force_login(inst.user("office"))
    item = objs["answered"]
    office = inst.people["office"]
    for url in (
        item.get_absolute_url(),
        reverse("inspections:rectification_reinspect", args=[item.pk]),
    ):
        form = client.get(url).context[
            "reinspect_form" if url == item.get_absolute_url() else "form"
        ]
        assert form["inspector"].value() == office.pk


def test_it_puts_the_person_recording_on_a_finding_without_an_inspector(
    client, inst, objs
):
    assert objs["poor"].inspector_id is None
    client.force_login(inst.user("office"))
    form = client.get(
        reverse("inspections:finding_edit", args=[objs["poor"].pk])
    ).context["form"]
    assert form["inspector"].value() == inst.people["office"].pk


def test_it_marks_overdue_items_in_the_list(client, inst, objs):
    RectificationItem.objects.filter(pk=objs["item"].pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(inst.user("office"))
    page = client.get(reverse("inspections:rectifications")).content.decode()
    assert 'data-overdue="yes"' in page
    assert 'data-testid="overdue-count">Overdue: 1<' in page


def test_it_lets_the_member_acknowledge_from_the_review_page(client, inst, objs):
    client.force_login(inst.user("member"))
    review = objs["member_review"]
    page = client.get(review.get_absolute_url()).content.decode()
    assert 'data-testid="acknowledge-review"' in page
    client.post(reverse("inspections:review_acknowledge", args=[review.pk]))
    review.refresh_from_db()
    assert review.acknowledged_by == inst.user("member")


def test_it_filters_the_progress_page_by_not_yet_reviewed(client, inst, objs):
    client.force_login(inst.user("office"))
    url = objs["review_round"].get_absolute_url()
    page = client.get(url + "?what=branches&state=todo").content.decode()
    assert inst.other_branch.name in page
    assert f">{inst.branch.name}<" not in page


# ---------------------------------------------------------------------------------------
# Bad input: every form says what is wrong and keeps what was typed


def _errors_of(response, field=None):
    form = response.context["form"]
    return form.errors.get(field) if field else form.non_field_errors()


def test_it_explains_a_sample_larger_than_a_category(client, inst, objs):
    campaign = objs["campaign"]
    round = services.inspection_round_plan(campaign=campaign, quarter=2)
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("inspections:round_sampling", args=[round.pk]),
        {"sample_mode": "per_stratum", f"size_{ORGAN}": "3", f"size_{RESEARCH}": "1"},
    )
    assert _errors_of(response, f"size_{ORGAN}") == [
        "The category 机关 has 1 eligible units, so a sample of 3 cannot be drawn "
        "from it. Lower the number for this category."
    ]
    assert response.context["form"][f"size_{RESEARCH}"].value() == "1"


def test_it_asks_for_a_total_for_a_proportional_sample(client, inst, objs):
    round = services.inspection_round_plan(campaign=objs["campaign"], quarter=2)
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("inspections:round_sampling", args=[round.pk]),
        {"sample_mode": "proportional", "sample_total": "0"},
    )
    assert _errors_of(response, "sample_total") == [
        "Enter how many units to draw in total."
    ]


def test_it_asks_for_at_least_one_unit_per_category_mode(client, inst, objs):
    round = services.inspection_round_plan(campaign=objs["campaign"], quarter=2)
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("inspections:round_sampling", args=[round.pk]),
        {"sample_mode": "per_stratum"},
    )
    assert _errors_of(response) == ["Ask for at least one unit in some category."]


def test_it_explains_a_bad_seed(client, inst, objs):
    round = services.inspection_round_plan(campaign=objs["campaign"], quarter=2)
    services.spot_check_configure(
        round=round, mode=InspectionRound.SampleMode.PER_STRATUM, sizes={RESEARCH: 1}
    )
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("inspections:round_draw", args=[round.pk]),
        {"seed": "十二", "witnesses": "王五"},
    )
    assert _errors_of(response, "seed") == [
        "Enter the seed as a whole number from 0 to 18446744073709551615, or leave "
        "it empty to let the product choose one."
    ]
    assert response.context["form"]["witnesses"].value() == "王五"
    assert not round.draws.exists()


def test_it_asks_why_a_draw_is_voided(client, inst, objs):
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("inspections:draw_void", args=[objs["draw"].pk]), {"reason": ""}
    )
    assert response.status_code == 400
    assert _errors_of(response, "reason") == [
        "Say why the draw is voided; everyone will see it."
    ]


def _finding_post(client, inst, objs, **changes):
    client.force_login(inst.user("office"))
    data = {
        "kind": InspectionKind.ROUTINE,
        "rating": Finding.Rating.GOOD,
        "text": "检查情况",
        "found_on": timezone.localdate().isoformat(),
        **changes,
    }
    url = (
        reverse("inspections:finding_create", args=[objs["round"].pk])
        + f"?unit={inst.branch.pk}"
    )
    return client.post(url, data)


def test_it_asks_what_the_inspection_found(client, inst, objs):
    response = _finding_post(client, inst, objs, text="")
    assert _errors_of(response, "text") == ["Describe what the inspection found."]


def test_it_refuses_a_finding_dated_in_the_future(client, inst, objs):
    future = timezone.localdate() + datetime.timedelta(days=2)
    response = _finding_post(
        client, inst, objs, found_on=future.isoformat(), text="保留的文字"
    )
    assert _errors_of(response, "found_on") == [
        "The date lies in the future; enter the day it happened."
    ]
    assert response.context["form"]["text"].value() == "保留的文字"


def test_it_refuses_evidence_of_another_branch_in_the_form(client, inst, objs):
    other = activity_services.record_create(
        branch=inst.other_branch,
        person=None,
        kind="process",
        occurred_on=timezone.localdate(),
        title="他支部纪实",
        text="过程",
    )
    response = _finding_post(client, inst, objs, record=other.pk)
    assert _errors_of(response, "record") == [
        "Choose evidence of the unit this finding concerns."
    ]


def test_it_refuses_a_file_that_is_not_what_it_says(client, inst, objs):
    fake = SimpleUploadedFile("证据.pdf", b"MZ\x90\x00 not a pdf")
    response = _finding_post(client, inst, objs, files=[fake])
    assert _errors_of(response, "files") == [
        "The file 证据.pdf is not an allowed type. Upload an image (PNG, JPEG, GIF), "
        "a PDF or an Office document (Word, Excel, PowerPoint)."
    ]


def test_it_refuses_a_rectification_deadline_of_today(client, inst, objs):
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("inspections:rectification_open", args=[objs["poor"].pk]),
        {
            "title": "整改",
            "owner": inst.people["secretary"].pk,
            "deadline": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert _errors_of(response, "deadline") == ["The deadline must be after today."]
    assert response.context["form"]["title"].value() == "整改"


def test_it_asks_what_to_rectify(client, inst, objs):
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("inspections:rectification_open", args=[objs["poor"].pk]),
        {"title": "", "owner": inst.people["secretary"].pk, "deadline": ""},
    )
    assert _errors_of(response, "title") == ["Say what the unit must rectify."]
    assert _errors_of(response, "deadline") == ["This field is required."]


def test_it_asks_for_evidence_the_item_requires(client, inst, objs):
    item = objs["item"]
    RectificationItem.objects.filter(pk=item.pk).update(evidence_required="记录")
    client.force_login(inst.user("secretary"))
    response = client.post(
        reverse("inspections:rectification_answer", args=[item.pk]),
        {"text": "已整改"},
    )
    assert _errors_of(response, "files") == [
        "This item asks for evidence: attach at least one file."
    ]
    assert response.context["form"]["text"].value() == "已整改"


def test_it_asks_what_was_done(client, inst, objs):
    client.force_login(inst.user("secretary"))
    response = client.post(
        reverse("inspections:rectification_answer", args=[objs["item"].pk]),
        {"text": ""},
    )
    assert _errors_of(response, "text") == ["Say what the unit has done to rectify."]


def test_it_shows_why_an_answered_item_cannot_be_answered_again(client, inst, objs):
    client.force_login(inst.user("secretary"))
    response = client.post(
        reverse("inspections:rectification_answer", args=[objs["answered"].pk]),
        {"text": "再次回复"},
    )
    assert _errors_of(response) == ["This item is Answered; it cannot be answered now."]


def test_it_asks_for_a_new_deadline_for_a_poor_reinspection(client, inst, objs):
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("inspections:rectification_reinspect", args=[objs["answered"].pk]),
        {
            "round": objs["round"].pk,
            "kind": InspectionKind.FIELD,
            "rating": Finding.Rating.POOR,
            "text": "仍未整改",
            "found_on": timezone.localdate().isoformat(),
        },
    )
    assert _errors_of(response, "deadline") == [
        "A poor re-inspection re-opens the item: set a new deadline."
    ]


def test_it_asks_why_an_item_is_reopened(client, inst, objs):
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("inspections:rectification_reopen", args=[objs["answered"].pk]),
        {"reason": "", "deadline": deadline().isoformat()},
    )
    assert _errors_of(response, "reason") == ["Say why the item is re-opened."]


def test_it_asks_what_help_is_given(client, inst, objs):
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("inspections:help_create", args=[objs["average"].pk]),
        {"what": "", "helper_person": inst.people["leader"].pk},
    )
    assert _errors_of(response, "what") == ["Say what help the unit gets."]


def test_it_refuses_help_due_in_the_past(client, inst, objs):
    client.force_login(inst.user("office"))
    past = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("inspections:help_create", args=[objs["average"].pk]),
        {
            "what": "帮助",
            "helper_person": inst.people["leader"].pk,
            "due_on": past.isoformat(),
        },
    )
    assert _errors_of(response, "due_on") == ["The date lies in the past."]


def test_it_asks_what_the_help_achieved(client, inst, objs):
    client.force_login(inst.user("leader"))
    response = client.post(
        reverse("inspections:help_move", args=[objs["help"].pk]),
        {"status": HelpItem.Status.DONE, "outcome": ""},
    )
    assert _errors_of(response, "outcome") == ["Say what the help achieved."]


def test_it_asks_for_every_part_of_a_review(client, inst, objs):
    client.force_login(inst.user("office"))
    response = client.post(
        reverse(
            "inspections:review_write_unit",
            args=[objs["review_round"].pk, inst.other_branch.pk],
        ),
        {"achievements": "成绩", "problems": "", "direction": ""},
    )
    assert _errors_of(response, "problems") == ["Fill in this part of the review."]
    assert _errors_of(response, "direction") == ["Fill in this part of the review."]
    assert response.context["form"]["achievements"].value() == "成绩"


def test_it_refuses_to_edit_an_acknowledged_review(client, inst, objs):
    services.review_acknowledge(review=objs["member_review"], by=inst.user("member"))
    client.force_login(inst.user("secretary"))
    url = reverse(
        "inspections:review_write_person",
        args=[objs["review_round"].pk, inst.people["member"].pk],
    )
    assert client.get(url).status_code == 403


# ---------------------------------------------------------------------------------------
# Fixed query counts at two sizes


def _grow_findings(inst, objs, n):
    for branch in more_branches(inst, n, prefix=f"查{n}"):
        found = finding(objs["round"], branch, by=inst.user("office"))
        item = services.rectification_open(
            unit=branch, source=found, title="整改", deadline=deadline()
        )
        services.help_item_create(
            unit=branch, finding=found, what="帮助", helper=inst.people["leader"]
        )
        services.review_write(
            round=objs["review_round"],
            by=inst.user("office"),
            unit=branch,
            achievements="成绩",
            problems="问题",
            direction="方向",
        )
        assert item.pk


@pytest.mark.parametrize(
    "who,name,query",
    [
        ("office", "inspections:rounds", ""),
        ("office", "inspections:findings", ""),
        ("gsec", "inspections:findings", "?rating=poor"),
        ("office", "inspections:rectifications", ""),
        ("gsec", "inspections:rectifications", "?status=open"),
        ("office", "inspections:help_items", ""),
        ("office", "inspections:reviews", ""),
        ("office", "inspections:my_reviews", ""),
        ("secretary", "inspections:my_reviews", ""),
    ],
)
def test_it_keeps_list_queries_fixed(
    client, inst, objs, django_assert_num_queries, who, name, query
):
    client.force_login(inst.user(who))
    url = reverse(name) + query
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow_findings(inst, objs, 5)
    with django_assert_num_queries(len(small)):
        client.get(url)


@pytest.mark.parametrize(
    "view,query",
    [
        ("round", ""),
        ("review_round", "?what=branches"),
        ("review_round", "?what=members&state=todo"),
        ("review_round", "?what=branches&state=done"),
    ],
)
def test_it_keeps_round_page_queries_fixed(
    client, inst, objs, django_assert_num_queries, view, query
):
    client.force_login(inst.user("office"))
    pk = objs["round"].pk if view == "round" else objs["review_round"].pk
    url = reverse(f"inspections:{view}", args=[pk]) + query
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _grow_findings(inst, objs, 5)
    with django_assert_num_queries(len(small)):
        client.get(url)


def test_it_keeps_history_queries_fixed(client, inst, objs, django_assert_num_queries):
    client.force_login(inst.user("office"))
    url = reverse("inspections:review_history_unit", args=[inst.branch.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    services.review_write(
        round=services.review_round_open(campaign=objs["campaign"], half=2),
        by=inst.user("office"),
        unit=inst.branch,
        achievements="下半年成绩",
        problems="问题",
        direction="方向",
    )
    with django_assert_num_queries(len(small)):
        body = client.get(url).content.decode()
    assert "下半年成绩" in body


# ---------------------------------------------------------------------------------------
# Navigation and home panels


def test_it_shows_the_office_its_panel_and_entries(client, inst, objs):
    client.force_login(inst.user("office"))
    page = client.get(reverse("home")).content.decode()
    assert 'data-panel="inspections-office"' in page
    assert 'data-nav="inspections"' in page
    assert 'data-nav="rectifications"' in page


def test_it_shows_the_secretary_what_to_answer_and_acknowledge(client, inst, objs):
    client.force_login(inst.user("secretary"))
    page = client.get(reverse("home")).content.decode()
    assert 'data-panel="inspections-secretary"' in page
    assert objs["item"].title in page


def test_the_secretary_panel_shows_a_new_finding_at_once(client, inst, objs):
    """The latest findings are kept for everyone of the same reach
    (core.versioned_cache): a finding recorded now is on the next page."""
    client.force_login(inst.user("secretary"))
    client.get(reverse("home"))  # the latest findings are cached
    round = InspectionRound.objects.filter(campaign=objs["campaign"]).first()
    new = finding(round, inst.branch, Finding.Rating.GOOD, by=inst.user("office"))
    page = client.get(reverse("home")).content.decode()
    panel = page[page.index('data-panel="inspections-secretary"') :]
    assert f'href="{new.get_absolute_url()}"' in panel


def test_it_shows_the_member_the_review_to_acknowledge(client, inst, objs):
    client.force_login(inst.user("member"))
    page = client.get(reverse("home")).content.decode()
    assert 'data-panel="inspections-member"' in page
    assert 'data-nav="reviews"' in page
    assert 'data-nav="inspections"' not in page


def test_the_member_panel_goes_and_comes_back_with_the_review_at_once(
    client, inst, objs
):
    client.force_login(inst.user("member"))
    client.get(reverse("home"))  # the shared "who has something pending" is cached
    review = objs["member_review"]
    services.review_acknowledge(review=review, by=inst.user("member"))
    page = client.get(reverse("home")).content.decode()
    assert 'data-panel="inspections-member"' not in page
    Review.objects.filter(pk=review.pk).update(acknowledged_at=None)
    page = client.get(reverse("home")).content.decode()
    assert 'data-panel="inspections-member"' in page


def test_the_secretary_sees_an_item_opened_after_the_home_was_cached(
    client, inst, objs
):
    client.force_login(inst.user("othersec"))
    page = client.get(reverse("home")).content.decode()
    assert "整改三" not in page
    services.rectification_open(
        unit=inst.other_branch,
        source=finding(objs["round"], inst.other_branch, by=inst.user("office")),
        title="整改三",
        deadline=deadline(),
        by=inst.user("office"),
    )
    page = client.get(reverse("home")).content.decode()
    assert "整改三" in page


def test_it_shows_plain_staff_no_inspection_entries(client, inst, objs):
    client.force_login(inst.user("staff"))
    page = client.get(reverse("home")).content.decode()
    assert 'data-nav="inspections"' not in page
    assert 'data-nav="reviews"' not in page


@pytest.fixture
def admin_urls():
    """The admin with this module's models (until evaluations/ballots/admin.py imports it)."""
    import importlib

    from django.conf import settings
    from django.urls import NoReverseMatch, clear_url_caches

    import evaluations.inspections.admin  # noqa: F401

    try:
        reverse("admin:evaluations_inspectionround_changelist")
    except NoReverseMatch:
        importlib.reload(importlib.import_module(settings.ROOT_URLCONF))
        clear_url_caches()


@pytest.mark.parametrize(
    "model",
    [
        "inspectionround",
        "spotcheckdraw",
        "finding",
        "rectificationitem",
        "rectificationfile",
        "helpitem",
        "reviewround",
        "review",
    ],
)
def test_it_lists_each_model_in_the_admin(client, inst, objs, admin_urls, model):
    from organizations.models import User

    admin = User.objects.create_superuser("root", "root@example.com", "x")
    client.force_login(admin)
    url = reverse(f"admin:evaluations_{model}_changelist")
    assert client.get(url).status_code == 200
