"""Reads of the assessment of leading bodies: who is assessed, the inputs of each
component in a fixed number of queries, the list and the home panel."""

from collections import defaultdict

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, When

from evaluations.models import (
    BodyAssessment,
    DutyReport,
    LeadershipAssessment,
    Round,
    TargetTally,
)
from organizations.models import Organization, Role
from pledges.access import campaign_body_q
from pledges.models import Campaign, PlanMeasure, PledgeItem, ProgressStatus, Status

K = Organization.Kind

# The leading bodies (领导班子) assessed, seed 003 §六(三): the institute's party
# committee (所党委, whose leading group reports for it), each general branch's and
# each branch's committee. Each with the role of its own secretary, who writes its
# achievements and gives the duty report (述职述廉).
BODY_KINDS = (K.PARTY_COMMITTEE, K.GENERAL_BRANCH, K.BRANCH)
BODY_ROLES = {
    K.GENERAL_BRANCH: Role.Kind.GENERAL_SECRETARY,
    K.BRANCH: Role.Kind.SECRETARY,
}

# Published rounds whose tallies of a body count as its satisfaction (群众满意度).
SATISFACTION_KINDS = (Round.Kind.SATISFACTION, Round.Kind.MASS)

# Plans and pledges whose progress counts: those approved (and published).
FULFILMENT_STATUSES = (Status.APPROVED, Status.PUBLISHED)


def leading_bodies(campaign: Campaign) -> QuerySet[Organization]:
    """Active leading bodies in the campaign's subtree, in tree order."""
    return Organization.objects.filter(
        path__startswith=campaign.scope.path, kind__in=BODY_KINDS, is_active=True
    ).order_by("path")


def assessment_of(campaign: Campaign) -> LeadershipAssessment | None:
    return LeadershipAssessment.objects.filter(campaign=campaign).first()


def duty_inputs(campaign: Campaign, bodies: list[Organization]) -> dict[int, list]:
    """Each body's duty reporters as ``(name, submitted)`` (two queries): its
    secretary; for a party committee, the leaders of its institute's leading group."""
    body_ids = [b.pk for b in bodies]
    committees_of_institute: dict[int, list[int]] = defaultdict(list)
    for body in bodies:
        if body.kind == K.PARTY_COMMITTEE:
            committees_of_institute[body.institute_id].append(body.pk)
    roles = Role.objects.filter(
        node_id__in=body_ids, kind__in=list(BODY_ROLES.values())
    ) | Role.objects.filter(campaign_body_q(campaign), kind=Role.Kind.LEADER)
    reporters: dict[int, list] = defaultdict(list)
    person_ids = set()
    for role in roles.filter(person__is_active=True).values(
        "node_id", "node__kind", "node__institute_id", "person_id", "person__name"
    ):
        if role["node__kind"] == K.LEADING_GROUP:
            targets = committees_of_institute.get(role["node__institute_id"], [])
        else:
            targets = [role["node_id"]]
        for body_id in targets:
            if role["person_id"] not in {p for p, _ in reporters[body_id]}:
                reporters[body_id].append((role["person_id"], role["person__name"]))
                person_ids.add(role["person_id"])
    submitted = set(
        DutyReport.objects.filter(
            campaign=campaign, person_id__in=person_ids, submitted_at__isnull=False
        ).values_list("person_id", flat=True)
    )
    return {
        body_id: sorted((name, pid in submitted) for pid, name in people)
        for body_id, people in reporters.items()
    }


def satisfaction_inputs(campaign: Campaign, body_ids: list[int]) -> dict[int, list]:
    """Published tallies of rounds targeting each body (one query): the figures only,
    never a ballot."""
    tallies: dict[int, list] = defaultdict(list)
    for t in (
        TargetTally.objects.filter(
            round__campaign=campaign,
            round__status=Round.Status.PUBLISHED,
            round__kind__in=SATISFACTION_KINDS,
            target__unit_id__in=body_ids,
        )
        .order_by("round__closes_on", "round_id")
        .values(
            "target__unit_id",
            "round__title",
            "round__scale",
            "ballots",
            "withheld",
            "mean",
        )
    ):
        top = max((int(level["value"]) for level in t["round__scale"]), default=0)
        tallies[t["target__unit_id"]].append(
            {
                "label": t["round__title"],
                "ballots": t["ballots"],
                "withheld": t["withheld"] or t["mean"] is None,
                "mean": t["mean"],
                "top": top,
            }
        )
    return tallies


def _done_percent():
    return Sum(
        Case(
            When(progress_status=ProgressStatus.DONE, then=100),
            default="progress_percent",
            output_field=IntegerField(),
        )
    )


def pledge_inputs(campaign: Campaign, bodies: list[Organization]) -> dict[int, dict]:
    """Each body's committed measures and items and their percent done (two queries):
    its plan's measures and its members' pledge items, and those of the units below."""
    by_path: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for rows, path in (
        (
            PlanMeasure.objects.filter(
                plan__campaign=campaign, plan__status__in=FULFILMENT_STATUSES
            ).values("plan__unit__path"),
            "plan__unit__path",
        ),
        (
            PledgeItem.objects.filter(
                pledge__campaign=campaign, pledge__status__in=FULFILMENT_STATUSES
            ).values("pledge__unit__path"),
            "pledge__unit__path",
        ),
    ):
        for r in rows.annotate(
            n=Count("pk"),
            done=Count(Case(When(progress_status=ProgressStatus.DONE, then=1))),
            total=_done_percent(),
        ).order_by():
            entry = by_path[r[path]]
            entry[0] += r["n"]
            entry[1] += r["done"]
            entry[2] += r["total"] or 0
    result = {}
    for body in bodies:
        n = done = total = 0
        for path, (c, d, t) in by_path.items():
            if path.startswith(body.path):
                n, done, total = n + c, done + d, total + t
        result[body.pk] = {"count": n, "done": done, "total": total}
    return result


def list_rows(
    assessment: LeadershipAssessment, *, body_ids=None
) -> QuerySet[BodyAssessment]:
    """The bodies of an assessment (all, or these), in tree order (one query)."""
    rows = assessment.bodies.select_related("body", "body__parent")
    if body_ids is not None:
        rows = rows.filter(body_id__in=body_ids)
    return rows.order_by("body__path", "pk")


def summary(assessment: LeadershipAssessment) -> dict:
    """How many bodies, how many submitted, marked and graded (one query)."""
    return assessment.bodies.aggregate(
        total=Count("pk"),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        marked=Count("pk", filter=Q(marked_at__isnull=False)),
    )
