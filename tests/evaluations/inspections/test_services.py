"""Inspection rounds (季度督查), spot-check draws (随机抽查) and findings: the services."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from evaluations.inspections import sampling, services
from evaluations.models import (
    Finding,
    InspectionKind,
    InspectionRound,
    SpotCheckDraw,
    TransitionError,
)
from organizations.audit import AuditEvent
from organizations.models import Notification
from pledges.activity import services as activity_services
from tests.evaluations.inspections.builders import (
    ORGAN,
    RESEARCH,
    WITNESSES,
    campaign_of,
    finding,
    open_round,
)
from tests.pledges.files import pdf_bytes
from tests.shared import fresh


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def campaign(shared_campaign, inst, copies):
    return fresh(copies, shared_campaign, campaign_of, inst)


def test_it_opens_a_quarter_round_once(campaign):
    first = services.inspection_round_open(campaign=campaign, quarter=1)
    second = services.inspection_round_open(campaign=campaign, quarter=1)
    assert first.pk == second.pk
    assert second.status == InspectionRound.Status.OPEN
    assert InspectionRound.objects.filter(campaign=campaign).count() == 1


def test_it_leaves_an_opened_round_untouched_on_a_second_open(campaign):
    round = services.inspection_round_open(campaign=campaign, quarter=2)
    opened_at = round.opened_at
    services.inspection_round_open(campaign=campaign, quarter=2)
    round.refresh_from_db()
    assert round.opened_at == opened_at


def test_it_does_not_reopen_a_closed_round_from_the_calendar(campaign):
    round = services.inspection_round_open(campaign=campaign, quarter=1)
    services.inspection_round_close(round=round)
    again = services.inspection_round_open(campaign=campaign, quarter=1)
    assert again.status == InspectionRound.Status.CLOSED


def test_it_opens_a_round_with_a_spot_check_without_drawing_it(inst, campaign):
    round = open_round(campaign, sizes={RESEARCH: 1, ORGAN: 1}, draw=False)
    assert round.status == InspectionRound.Status.OPEN
    assert not round.draws.exists()
    note = Notification.objects.get(recipient=inst.people["office"])
    assert note.url == round.get_absolute_url()
    assert "witnesses" in note.body


def test_it_draws_after_opening_with_the_seed_and_witnesses_entered(inst, campaign):
    round = open_round(campaign, sizes={RESEARCH: 1, ORGAN: 1}, draw=False)
    draw = services.spot_check_draw(
        round=round, seed="20260401", witnesses="王明、李华", by=inst.user("office")
    )
    assert (draw.seed, draw.seed_source, draw.witnesses) == (
        "20260401",
        SpotCheckDraw.SeedSource.TYPED,
        "王明、李华",
    )
    assert draw.sample[ORGAN] == [inst.lone_branch.pk]


def test_it_refuses_a_draw_without_witnesses(campaign):
    round = open_round(campaign, sizes={RESEARCH: 1}, draw=False)
    with pytest.raises(ValidationError) as error:
        services.spot_check_draw(round=round, seed="1", witnesses="  ")
    assert list(error.value.message_dict) == ["witnesses"]
    assert not round.draws.exists()


def test_it_draws_only_once_however_often_the_round_is_opened(campaign):
    open_round(campaign, sizes={RESEARCH: 1})
    services.inspection_round_open(campaign=campaign, quarter=1)
    services.inspection_round_open(campaign=campaign, quarter=1)
    assert SpotCheckDraw.objects.count() == 1


def test_it_opens_a_round_without_strata_and_draws_nothing(campaign):
    round = services.inspection_round_open(campaign=campaign, quarter=1)
    assert not round.draws.exists()


def test_it_copies_the_spot_check_of_the_round_before(campaign):
    open_round(campaign, sizes={RESEARCH: 2})
    q2 = services.inspection_round_open(campaign=campaign, quarter=2)
    assert q2.sample_mode == InspectionRound.SampleMode.PER_STRATUM
    assert q2.stratum_sizes == {RESEARCH: 2}
    assert q2.draws.count() == 0  # drawn in public by the office, not on opening


def test_it_tells_the_office_when_the_sample_cannot_be_drawn(inst, campaign):
    round = services.inspection_round_plan(campaign=campaign, quarter=1)
    services.spot_check_configure(
        round=round, mode=InspectionRound.SampleMode.PER_STRATUM, sizes={ORGAN: 1}
    )
    inst.lone_branch.is_active = False
    inst.lone_branch.save()
    round = services.inspection_round_open(campaign=campaign, quarter=1)
    assert round.status == InspectionRound.Status.OPEN
    assert not round.draws.exists()
    note = Notification.objects.get(recipient=inst.people["office"])
    assert note.kind == Notification.Kind.SYSTEM
    assert "has 0 eligible units" in note.body


def test_it_refuses_a_quarter_outside_one_to_four(campaign):
    with pytest.raises(ValidationError):
        services.inspection_round_open(campaign=campaign, quarter=5)


def test_it_closes_a_round_once(campaign):
    round = services.inspection_round_open(campaign=campaign, quarter=1)
    services.inspection_round_close(campaign=campaign, quarter=1)
    closed_at = InspectionRound.objects.get(pk=round.pk).closed_at
    services.inspection_round_close(campaign=campaign, quarter=1)
    assert InspectionRound.objects.get(pk=round.pk).closed_at == closed_at


def test_it_closes_nothing_for_a_quarter_without_a_round(campaign):
    assert services.inspection_round_close(campaign=campaign, quarter=3) is None


def test_it_will_not_close_a_round_that_never_opened(campaign):
    round = services.inspection_round_plan(campaign=campaign, quarter=1)
    with pytest.raises(TransitionError):
        services.inspection_round_close(round=round)


def test_it_audits_opening_and_closing(inst, campaign):
    round = services.inspection_round_open(campaign=campaign, quarter=1)
    services.inspection_round_close(round=round)
    events = AuditEvent.objects.filter(
        object_type="evaluations.InspectionRound", object_id=str(round.pk)
    )
    assert events.filter(action=AuditEvent.Action.TRANSITION).count() == 2
    assert events.first().institute_id == inst.institute.pk


# ---------------------------------------------------------------------------------------
# Draws


def test_it_draws_from_a_typed_seed_reproducibly(inst, campaign):
    round = services.inspection_round_plan(campaign=campaign, quarter=1)
    services.spot_check_configure(
        round=round, mode=InspectionRound.SampleMode.PER_STRATUM, sizes={RESEARCH: 1}
    )
    draw = services.spot_check_draw(round=round, seed="20250401", witnesses="张三")
    expected = sampling.draw(
        20250401,
        [
            sampling.Stratum.of(ORGAN, 0, [inst.lone_branch.pk]),
            sampling.Stratum.of(RESEARCH, 1, [inst.branch.pk, inst.other_branch.pk]),
        ],
    )
    assert draw.sample == expected
    assert draw.seed == "20250401"
    assert draw.seed_source == SpotCheckDraw.SeedSource.TYPED
    assert draw.witnesses == "张三"


def test_it_stores_the_rule_with_the_sorted_eligible_ids(inst, campaign):
    round = open_round(campaign, sizes={RESEARCH: 1, ORGAN: 1})
    rule = round.draws.get().rule
    assert rule["mode"] == "per_stratum"
    assert [s["code"] for s in rule["strata"]] == [ORGAN, RESEARCH]
    research = rule["strata"][1]
    assert research["eligible"] == sorted([inst.branch.pk, inst.other_branch.pk])
    assert research["size"] == 1


def test_it_verifies_a_draw_after_the_branches_changed(inst, campaign):
    round = open_round(campaign, sizes={RESEARCH: 2})
    draw = round.draws.get()
    inst.other_branch.is_active = False
    inst.other_branch.save()
    result = services.spot_check_verify(draw=draw)
    assert result["matches"]
    assert result["fingerprint_matches"]


def test_it_finds_a_tampered_draw(campaign):
    round = open_round(campaign, sizes={RESEARCH: 1, ORGAN: 1})
    draw = round.draws.get()
    others = [
        i for i in draw.rule["strata"][1]["eligible"] if i not in draw.sample[RESEARCH]
    ]
    SpotCheckDraw.objects.filter(pk=draw.pk).update(
        sample={**draw.sample, RESEARCH: others}
    )
    draw.refresh_from_db()
    assert not services.spot_check_verify(draw=draw)["matches"]


def test_it_draws_in_proportion_to_category_size(inst, campaign):
    round = open_round(campaign, total=2)
    draw = round.draws.get()
    # research holds two branches, organ one: a total of 2 gives research 1, organ 1
    assert {code: len(ids) for code, ids in draw.sample.items()} == {
        ORGAN: 1,
        RESEARCH: 1,
    }


def test_it_refuses_a_second_draw_while_one_stands(campaign):
    round = open_round(campaign, sizes={RESEARCH: 1})
    with pytest.raises(TransitionError):
        services.spot_check_draw(round=round)


def test_it_allows_a_new_draw_after_voiding_with_a_reason(inst, campaign):
    round = open_round(campaign, sizes={RESEARCH: 1})
    draw = round.draws.get()
    services.spot_check_void(draw=draw, by=inst.user("office"), reason="分层设置有误")
    second = services.spot_check_draw(
        round=round, by=inst.user("office"), witnesses=WITNESSES
    )
    assert round.draws.count() == 2
    assert round.draws.filter(voided_at__isnull=True).get() == second


def test_it_refuses_to_void_without_a_reason(inst, campaign):
    round = open_round(campaign, sizes={RESEARCH: 1})
    with pytest.raises(ValidationError) as error:
        services.spot_check_void(draw=round.draws.get(), by=None, reason=" ")
    assert error.value.message_dict == {
        "reason": ["Say why the draw is voided; everyone will see it."]
    }


def test_it_refuses_a_sample_larger_than_a_category_with_a_clear_message(campaign):
    round = services.inspection_round_plan(campaign=campaign, quarter=1)
    with pytest.raises(ValidationError) as error:
        services.spot_check_configure(
            round=round, mode=InspectionRound.SampleMode.PER_STRATUM, sizes={ORGAN: 2}
        )
    assert error.value.messages == [
        "The category 机关 has 1 eligible units, so a sample of 2 "
        "cannot be drawn from it. Lower the number for this category."
    ]


def test_it_refuses_a_draw_when_a_category_shrank_below_its_size(inst, campaign):
    round = services.inspection_round_plan(campaign=campaign, quarter=1)
    services.spot_check_configure(
        round=round, mode=InspectionRound.SampleMode.PER_STRATUM, sizes={RESEARCH: 2}
    )
    inst.other_branch.is_active = False
    inst.other_branch.save()
    with pytest.raises(ValidationError) as error:
        services.spot_check_draw(round=round, witnesses=WITNESSES)
    assert "has 1 eligible units, so a sample of 2" in error.value.messages[0]


def test_it_refuses_a_bad_seed_on_the_seed_field(campaign):
    round = services.inspection_round_plan(campaign=campaign, quarter=1)
    services.spot_check_configure(
        round=round, mode=InspectionRound.SampleMode.PER_STRATUM, sizes={RESEARCH: 1}
    )
    with pytest.raises(ValidationError) as error:
        services.spot_check_draw(round=round, seed="abc", witnesses=WITNESSES)
    assert list(error.value.message_dict) == ["seed"]


def test_it_refuses_to_change_the_spot_check_once_drawn(campaign):
    round = open_round(campaign, sizes={RESEARCH: 1})
    with pytest.raises(TransitionError):
        services.spot_check_configure(round=round, mode=InspectionRound.SampleMode.NONE)


def test_it_refuses_to_draw_in_a_closed_round(campaign):
    round = services.inspection_round_open(campaign=campaign, quarter=1)
    services.inspection_round_close(round=round)
    with pytest.raises(TransitionError):
        services.spot_check_draw(round=round)


# ---------------------------------------------------------------------------------------
# Findings


def test_it_records_a_finding_with_evidence(inst, campaign):
    round = services.inspection_round_open(campaign=campaign, quarter=1)
    record = activity_services.record_create(
        branch=inst.branch,
        person=None,
        kind="process",
        occurred_on=timezone.localdate(),
        title="纪实",
        text="过程",
    )
    found = services.finding_record(
        round=round,
        unit=inst.branch,
        kind=InspectionKind.SPOT,
        rating=Finding.Rating.GOOD,
        text="三会一课规范",
        found_on=timezone.localdate(),
        inspector=inst.people["office"],
        record=record,
        files=[SimpleUploadedFile("检查记录.pdf", pdf_bytes())],
        by=inst.user("office"),
    )
    assert found.record == record
    assert found.files.get().name == "检查记录.pdf"


def test_it_refuses_evidence_of_another_unit(inst, campaign):
    round = services.inspection_round_open(campaign=campaign, quarter=1)
    record = activity_services.record_create(
        branch=inst.other_branch,
        person=None,
        kind="process",
        occurred_on=timezone.localdate(),
        title="纪实",
        text="过程",
    )
    with pytest.raises(ValidationError) as error:
        services.finding_record(
            round=round,
            unit=inst.branch,
            kind=InspectionKind.ROUTINE,
            rating=Finding.Rating.GOOD,
            text="好",
            found_on=timezone.localdate(),
            record=record,
        )
    assert error.value.message_dict == {
        "record": ["Choose evidence of the unit this finding concerns."]
    }


def test_it_refuses_a_finding_on_a_unit_of_another_institute(
    inst, other_inst, campaign
):
    round = services.inspection_round_open(campaign=campaign, quarter=1)
    with pytest.raises(ValidationError):
        finding(round, other_inst.branch)


def test_it_refuses_a_finding_in_a_round_not_open(inst, campaign):
    round = services.inspection_round_plan(campaign=campaign, quarter=1)
    with pytest.raises(TransitionError):
        finding(round, inst.branch)


def test_it_keeps_the_field_names_the_scoring_module_reads(inst, campaign):
    round = services.inspection_round_open(campaign=campaign, quarter=1)
    finding(round, inst.branch, Finding.Rating.AVERAGE)
    row = Finding.objects.filter(round__campaign=campaign).values(
        "round", "unit", "kind", "rating", "text", "found_on"
    )[0]
    assert row["unit"] == inst.branch.pk
    assert row["rating"] == "average"
    assert row["found_on"] == timezone.localdate()


def test_it_lists_the_eligible_units_of_the_campaign_only(inst, other_inst, campaign):
    ids = set(services.eligible_units(campaign).values_list("pk", flat=True))
    assert ids == {inst.branch.pk, inst.other_branch.pk, inst.lone_branch.pk}
