"""Demo data of the assessment of leading bodies (领导班子实绩考核), called by
``seed_demo``.

For the demo institute's campaign, made once (a second run changes nothing): the
assessment opened with the default items, the demo secretary's branch with its
achievements (实绩材料) submitted, the first bodies marked by the office, and every
result computed. It stays open: publishing is the office's step to try.
"""

from django.db import transaction

from evaluations.assessment import services
from evaluations.demo.awards import _user
from evaluations.models import AssessmentItem, LeadershipAssessment
from organizations.models import Organization, Role
from pledges.demo import demo_campaign

ACHIEVEMENTS = (
    "一、工作实绩：围绕年度科研生产任务，组织党员攻关团队完成关键节点。\n"
    "二、目标完成：年度党建目标和争创目标按计划完成。\n"
    "三、承诺兑现：支部承诺事项均已落实并公示。"
)
MARKED = 6


def seed(institute: Organization) -> None:
    """Open and fill in the demo assessment unless the campaign has one already."""
    from organizations.demo import DEMO_OFFICE, DEMO_SECRETARY

    campaign = demo_campaign(institute)
    if campaign is None:
        return
    if LeadershipAssessment.objects.filter(campaign=campaign).exists():
        return
    _fill(campaign, _user(DEMO_OFFICE), _user(DEMO_SECRETARY))


@transaction.atomic
def _fill(campaign, office, secretary) -> None:
    assessment = services.assessment_open(campaign=campaign, by=office)
    rows = {row.body_id: row for row in assessment.bodies.select_related("body")}
    branch_id = (
        Role.objects.filter(person__user=secretary, kind=Role.Kind.SECRETARY)
        .values_list("node_id", flat=True)
        .first()
        if secretary
        else None
    )
    if branch_id in rows:
        services.achievements_save(
            row=rows[branch_id], by=secretary, text=ACHIEVEMENTS, submit=True
        )
    marked = [
        i for i in assessment.items.all() if i.source == AssessmentItem.Source.MARKS
    ]
    for n, row in enumerate(list(rows.values())[:MARKED]):
        services.marks_save(
            row=row,
            by=office,
            marks={item.pk: 95 - 5 * n - 3 * k for k, item in enumerate(marked)},
        )
    services.assessment_compute(assessment=assessment)
