"""Opening, items and weights, marks and the result of each component."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from evaluations.assessment import services
from evaluations.models import (
    AssessmentItem,
    AssessmentTransitionError,
    DutyReport,
    LeadershipAssessment,
    Round,
)
from pledges.models import PlanMeasure, ProgressStatus, Status
from tests.evaluations.assessment.builders import (
    item,
    marks_for,
    opened,
    row_of,
    tally,
)
from tests.pledges.factories import filed_plan

Source = AssessmentItem.Source


@pytest.fixture(name="office")
def office_fixture(inst):
    return inst.user("office")


@pytest.fixture(name="assessment")
def assessment_fixture(campaign, office):
    return opened(campaign, office)


def only(assessment, source):
    """Make the first item of ``source`` the only one that weighs (100)."""
    first = item(assessment, source)
    services.items_set(
        assessment=assessment,
        by=None,
        items=[
            {
                "id": i.pk,
                "name": i.name,
                "source": i.source,
                "weight": 100 if i.pk == first.pk else 0,
            }
            for i in assessment.items.all()
        ],
        thresholds={"excellent": 90, "good": 80, "average": 60},
    )


def compute_row(assessment, body):
    services.assessment_compute(assessment=assessment)
    return row_of(assessment, body)


def test_it_opens_a_row_per_leading_body_with_the_default_items(inst, assessment):
    bodies = set(assessment.bodies.values_list("body_id", flat=True))
    assert bodies == {
        inst.committee.pk,
        inst.gb.pk,
        inst.branch.pk,
        inst.other_branch.pk,
        inst.lone_branch.pk,
    }
    assert sum(i.weight for i in assessment.items.all()) == 100
    assert {i.source for i in assessment.items.all()} == set(Source.values)


def test_opening_again_changes_nothing(campaign, office, assessment):
    again = opened(campaign, office)
    assert again.pk == assessment.pk
    assert again.bodies.count() == 5
    assert LeadershipAssessment.objects.count() == 1


def test_it_refuses_weights_that_do_not_add_up_to_100(assessment):
    items = [
        {"id": i.pk, "name": i.name, "source": i.source, "weight": i.weight}
        for i in assessment.items.all()
    ]
    items[0]["weight"] += 5
    with pytest.raises(ValidationError) as error:
        services.items_set(
            assessment=assessment,
            by=None,
            items=items,
            thresholds={"excellent": 90, "good": 80, "average": 60},
        )
    assert error.value.messages == [
        "The weights add up to 105.00; they must add up to 100."
    ]


def test_it_refuses_thresholds_out_of_order(assessment):
    with pytest.raises(ValidationError) as error:
        services.items_set(
            assessment=assessment,
            by=None,
            items=[{"name": "工作实绩", "source": Source.MARKS, "weight": 100}],
            thresholds={"excellent": 80, "good": 85, "average": 60},
        )
    assert error.value.code == "thresholds"


def test_it_replaces_the_items(assessment):
    services.items_set(
        assessment=assessment,
        by=None,
        items=[
            {"name": "工作实绩", "source": Source.MARKS, "weight": 70},
            {"name": "述职述廉", "source": Source.DUTY, "weight": 30},
        ],
        thresholds={"excellent": 95, "good": 85, "average": 70},
    )
    assert list(assessment.items.values_list("name", "weight")) == [
        ("工作实绩", Decimal(70)),
        ("述职述廉", Decimal(30)),
    ]
    assessment.refresh_from_db()
    assert assessment.excellent_from == 95


def test_marks_give_the_marked_component(inst, assessment, office):
    only(assessment, Source.MARKS)
    row = row_of(assessment, inst.branch)
    services.marks_save(row=row, by=office, marks=marks_for(assessment, 90, 80))
    row.refresh_from_db()
    # Of the two marked items, the one that weighs 100 gives the score.
    assert row.score == Decimal("90.00")
    assert row.grade == "excellent"


def test_it_refuses_marks_out_of_range(inst, assessment, office):
    row = row_of(assessment, inst.branch)
    with pytest.raises(ValidationError):
        services.marks_save(row=row, by=office, marks=marks_for(assessment, 101))


def test_the_duty_report_counts_once_submitted(inst, campaign, assessment):
    only(assessment, Source.DUTY)
    assert compute_row(assessment, inst.branch).score == Decimal("0.00")  # none yet
    report = DutyReport.objects.create(
        campaign=campaign, person=inst.people["secretary"], text="述职"
    )
    assert compute_row(assessment, inst.branch).score == Decimal("0.00")  # a draft
    report.submitted_at = timezone.now()
    report.save()
    row = compute_row(assessment, inst.branch)
    assert row.score == Decimal("100.00")
    duty = next(r for r in row.breakdown if r["source"] == Source.DUTY)
    assert duty["detail"] == [{"kind": "duty", "name": "secretary", "submitted": True}]


def test_a_body_without_a_secretary_has_no_duty_component(inst, assessment):
    only(assessment, Source.DUTY)
    row = compute_row(assessment, inst.lone_branch)
    assert row.score is None
    duty = next(r for r in row.breakdown if r["source"] == Source.DUTY)
    assert duty["note"] == "no_reporter"


def test_satisfaction_reads_only_published_tallies(inst, campaign, assessment):
    only(assessment, Source.SATISFACTION)
    tally(campaign, inst.branch, mean="3.000", status=Round.Status.TALLIED)
    assert compute_row(assessment, inst.branch).score is None
    tally(campaign, inst.branch, mean="3.400")
    row = compute_row(assessment, inst.branch)
    assert row.score == Decimal("85.00")  # 3.4 of 4
    component = next(r for r in row.breakdown if r["source"] == Source.SATISFACTION)
    assert component["detail"][0]["ballots"] == 8
    assert component["detail"][0]["value"] == "85.00"


def test_a_withheld_tally_gives_no_value(inst, campaign, assessment):
    only(assessment, Source.SATISFACTION)
    tally(campaign, inst.branch, mean=None, withheld=True, ballots=2)
    row = compute_row(assessment, inst.branch)
    assert row.score is None
    component = next(r for r in row.breakdown if r["source"] == Source.SATISFACTION)
    assert component["note"] == "withheld"


def test_pledges_count_the_measures_done(inst, campaign, assessment, office):
    only(assessment, Source.PLEDGES)
    plan = filed_plan(campaign, inst.branch, office, measures=2)
    first, second = plan.measures.order_by("pk")
    PlanMeasure.objects.filter(pk=first.pk).update(progress_status=ProgressStatus.DONE)
    PlanMeasure.objects.filter(pk=second.pk).update(progress_percent=50)
    row = compute_row(assessment, inst.branch)
    assert row.score == Decimal("75.00")
    # The general branch above counts its branches' plans too.
    assert compute_row(assessment, inst.gb).score == Decimal("75.00")
    assert compute_row(assessment, inst.lone_branch).score is None


def test_a_draft_plan_does_not_count(inst, campaign, assessment, office):
    only(assessment, Source.PLEDGES)
    filed_plan(campaign, inst.branch, office, state=Status.DRAFT)
    assert compute_row(assessment, inst.branch).score is None


def test_the_result_combines_every_component(inst, campaign, assessment, office):
    DutyReport.objects.create(
        campaign=campaign,
        person=inst.people["secretary"],
        text="述职",
        submitted_at=timezone.now(),
    )
    tally(campaign, inst.branch, mean="3.200")  # 80
    plan = filed_plan(campaign, inst.branch, office, measures=1)
    plan.measures.update(progress_percent=60)  # 60
    row = row_of(assessment, inst.branch)
    services.marks_save(row=row, by=office, marks=marks_for(assessment, 90, 70))
    row.refresh_from_db()
    # 25×90 + 20×70 + 20×60 + 20×80 + 15×100 = 7950 → 79.50
    assert row.score == Decimal("79.50")
    assert row.grade == "average"
    assert [(r["name"], r["weight"], r["value"]) for r in row.breakdown] == [
        ("工作实绩", "25.00", "90.00"),
        ("目标完成", "20.00", "70.00"),
        ("创先争优承诺兑现", "20.00", "60.00"),
        ("群众满意度", "20.00", "80.00"),
        ("述职述廉", "15.00", "100.00"),
    ]


def test_publishing_freezes_the_assessment(inst, assessment, office):
    services.assessment_publish(assessment=assessment, by=office)
    assessment.refresh_from_db()
    assert assessment.is_published
    with pytest.raises(AssessmentTransitionError):
        services.assessment_publish(assessment=assessment, by=office)
    with pytest.raises(AssessmentTransitionError):
        services.marks_save(row=row_of(assessment, inst.branch), by=office, marks={})
