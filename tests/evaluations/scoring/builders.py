"""Builders for the scoring tests: a campaign with scoring lines, marked sheets."""

from decimal import Decimal

from evaluations.models import ScoreSheet, ScoringLine, SheetMark
from evaluations.scoring import services
from pledges.models import CriteriaSet


def party_set(campaign) -> CriteriaSet:
    return campaign.criteria_sets.get(code="party_branch")


def member_set(campaign) -> CriteriaSet:
    return campaign.criteria_sets.get(code="party_member")


def add_lines(campaign, *, by=None, points=10) -> dict[str, list[ScoringLine]]:
    """One scored line of ``points`` under each sub-item of 五个好, plus a bonus, a
    penalty and a veto line."""
    criteria_set = party_set(campaign)
    regular = [
        services.line_save(
            criteria_set=criteria_set,
            by=by,
            kind=ScoringLine.Kind.REGULAR,
            criterion=criterion,
            text=f"{criterion.name}：工作落实",
            rubric="完成得满分，部分完成酌情扣分",
            max_points=Decimal(points),
        )
        for criterion in criteria_set.criteria.filter(parent__isnull=False).order_by(
            "code"
        )
    ]
    bonus = services.line_save(
        criteria_set=criteria_set,
        by=by,
        kind=ScoringLine.Kind.BONUS,
        criterion=None,
        text="获上级表彰",
        max_points=Decimal(3),
    )
    penalty = services.line_save(
        criteria_set=criteria_set,
        by=by,
        kind=ScoringLine.Kind.PENALTY,
        criterion=None,
        text="未按时报送材料",
        max_points=Decimal(5),
    )
    veto = services.line_save(
        criteria_set=criteria_set,
        by=by,
        kind=ScoringLine.Kind.VETO,
        criterion=None,
        text="发生严重违纪、造成恶劣影响",
        grade_cap="poor",
    )
    return {"regular": regular, "bonus": [bonus], "penalty": [penalty], "veto": [veto]}


def mark(sheet, source, lines, points, by, **extra) -> None:
    services.sheet_marks_save(
        sheet=sheet,
        source=source,
        entries={
            line.pk: {
                "points": Decimal(points),
                "comment": "按细则评分",
                "evidence": [],
                **extra,
            }
            for line in lines
        },
        by=by,
    )


def marked_sheet(
    campaign, unit, lines, *, writer, office, self_points=8, office_points=9
):
    """A sheet self-assessed by ``writer`` and marked by ``office``."""
    sheet = services.sheet_for(campaign=campaign, unit=unit)
    mark(sheet, SheetMark.Source.SELF, lines["regular"], self_points, writer)
    services.sheet_step(sheet=sheet, step="submit", by=writer)
    mark(sheet, SheetMark.Source.OFFICE, lines["regular"], office_points, office)
    sheet = services.sheet_step(sheet=sheet, step="mark", by=office)
    assert sheet.status == ScoreSheet.Status.MARKED
    return sheet


def closed_round(campaign, *, kind="mass", k=3):
    """A tallied evaluation round of the campaign (tallies added by ``tally``)."""
    from evaluations.models import Round

    return Round.objects.create(
        scope=campaign.scope,
        institute=campaign.scope,
        campaign=campaign,
        year=campaign.year,
        kind=kind,
        title=f"{campaign.year}年度评议",
        opens_on=campaign.evaluation_opens_on,
        closes_on=campaign.evaluation_closes_on,
        status=Round.Status.TALLIED,
        k=k,
    )


def tally(
    round,
    *,
    unit=None,
    person=None,
    counts=None,
    withheld=False,
    code="Q1",
    text="总体评价",
):
    """A tally of one target with one question's ``counts`` ({"4": n, …})."""
    from evaluations.models import Question, QuestionTally, Target, TargetTally

    question, _created = Question.objects.get_or_create(
        round=round, code=code, defaults={"text": text}
    )
    target, _created = Target.objects.get_or_create(
        round=round,
        unit=unit,
        person=person,
        defaults={"name": (unit or person).name},
    )
    counts = counts or {"4": 3, "3": 2}
    ballots = sum(counts.values())
    row = TargetTally.objects.create(
        round=round,
        target=target,
        ballots=ballots,
        withheld=withheld,
        mean=None if withheld else Decimal("3.6"),
    )
    if not withheld:
        QuestionTally.objects.create(
            tally=row,
            question=question,
            counts=counts,
            answered=ballots,
            mean=Decimal("3.6"),
        )
    return row


def finding(campaign, unit, rating="good", quarter=1):
    import datetime

    from evaluations.models import Finding, InspectionRound

    round, _created = InspectionRound.objects.get_or_create(
        campaign=campaign, quarter=quarter
    )
    return Finding.objects.create(
        round=round,
        unit=unit,
        kind="routine",
        rating=rating,
        text="检查发现",
        found_on=datetime.date(campaign.year, 3 * quarter, 1),
    )
