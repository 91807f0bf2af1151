"""Scores (综合得分)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import versioned_cache
from core.bulk import bulk_insert
from evaluations.models import Score, ScoreRun, ScoreSnapshot, SnapshotScore
from evaluations.scoring import compute as scoring
from evaluations.scoring import selectors
from evaluations.scoring.services.common import _audit, _institute_id
from organizations.audit import AuditEvent
from pledges.models import Campaign


def _results(subjects: list[selectors.Subject]) -> dict:
    """Compute every subject and rank each group: key → (subject, result, rank)."""
    results = {s.key: (s, scoring.compute(s.inputs)) for s in subjects}
    ranks = scoring.rank(
        (key, (s.kind, s.category_key), r.score) for key, (s, r) in results.items()
    )
    return {key: (s, r, ranks[key]) for key, (s, r) in results.items()}


def _score_fields(subject, result, rank, digest, now) -> dict:
    return {
        "name": subject.name[:150],
        "category_key": subject.category_key,
        "category_label": subject.category_label[:100],
        "score": result.score,
        "grade": result.grade or "",
        "vetoed": result.vetoed,
        "rank": rank,
        "computed_at": now,
        "inputs_digest": digest,
        "inputs": subject.inputs,
        "breakdown": result.breakdown,
    }


@transaction.atomic
def scores_compute(*, campaign: Campaign, by=None) -> ScoreRun:
    """Compute and store every unit's and member's score (idempotent, bulk).

    A score whose inputs, rank and group did not change is left as it is (its
    ``computed_at`` too); the others are updated in place, new ones created, scores of
    units or members no longer scored removed. The scores of a campaign held in an
    institute are that institute's rows: their writes bump only its cached figures.
    """
    with versioned_cache.writes_in(campaign.scope.institute_id):
        return _scores_compute(campaign, by)


def _scores_compute(campaign: Campaign, by) -> ScoreRun:
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    now = timezone.now()
    computed = _results(selectors.campaign_inputs(campaign=campaign))
    existing = {
        ("unit", row["unit_id"])
        if row["unit_id"]
        else ("person", row["person_id"]): row
        for row in Score.objects.filter(campaign=campaign).values(
            "pk",
            "unit_id",
            "person_id",
            "inputs_digest",
            "rank",
            "category_key",
            "category_label",
            "name",
        )
    }
    create, full, ranked = [], [], []
    created_inputs = []  # the canonical text of each new score's inputs
    for key, (subject, result, rank) in computed.items():
        text = scoring.canonical(subject.inputs)
        digest = scoring.digest_of(text)
        old = existing.get(key)
        owner = (
            {"unit_id": subject.pk}
            if subject.kind == "unit"
            else {"person_id": subject.pk}
        )
        if old is None:
            created_inputs.append(text)
            create.append(
                Score(
                    campaign=campaign,
                    **owner,
                    **_score_fields(subject, result, rank, digest, now),
                )
            )
        elif old["inputs_digest"] != digest:
            full.append(
                Score(
                    pk=old["pk"],
                    campaign=campaign,
                    **owner,
                    **_score_fields(subject, result, rank, digest, now),
                )
            )
        elif (old["rank"], old["category_key"], old["category_label"], old["name"]) != (
            rank,
            subject.category_key,
            subject.category_label[:100],
            subject.name[:150],
        ):
            ranked.append(
                Score(
                    pk=old["pk"],
                    rank=rank,
                    category_key=subject.category_key,
                    category_label=subject.category_label[:100],
                    name=subject.name[:150],
                )
            )
    stale = [row["pk"] for key, row in existing.items() if key not in computed]
    if stale:
        Score.objects.filter(pk__in=stale).delete()
    if create:
        # One JSON parameter per batch, the inputs as the text digested (core/bulk.py).
        bulk_insert(Score, create, encoded={"inputs": created_inputs})
    if full:
        Score.objects.bulk_update(
            full,
            [
                "name",
                "category_key",
                "category_label",
                "score",
                "grade",
                "vetoed",
                "rank",
                "computed_at",
                "inputs_digest",
                "inputs",
                "breakdown",
            ],
            batch_size=1000,
        )
    if ranked:
        Score.objects.bulk_update(
            ranked, ["rank", "category_key", "category_label", "name"], batch_size=1000
        )
    changed = len(create) + len(full) + len(ranked) + len(stale)
    run = ScoreRun.objects.filter(campaign=campaign).first()
    if run is None:
        run = ScoreRun.objects.create(
            campaign=campaign, computed_at=now, computed_by=by, changed=changed
        )
    elif changed:
        run.computed_at, run.computed_by, run.changed = now, by, changed
        run.save(update_fields=["computed_at", "computed_by", "changed"])
    if changed or by is not None:
        _audit(
            AuditEvent.Action.UPDATE,
            by=by,
            obj=run,
            institute_id=_institute_id(campaign),
            what="scores_compute",
            changed=changed,
        )
    run.changes = changed  # this computation's changes; not stored
    return run


@transaction.atomic
def scores_publish(*, campaign: Campaign, by, publish: bool = True) -> ScoreRun:
    """Let secretaries and members see their scores (or hide them again)."""
    run = ScoreRun.objects.select_for_update().filter(campaign=campaign).first()
    if run is None:
        raise ValidationError(_("Compute the scores before publishing them."))
    if publish and run.published_at is None:
        run.published_at, run.published_by = timezone.now(), by
    elif not publish:
        run.published_at, run.published_by = None, None
    run.save(update_fields=["published_at", "published_by"])
    _audit(
        AuditEvent.Action.TRANSITION,
        by=by,
        obj=run,
        institute_id=_institute_id(campaign),
        step="publish" if publish else "unpublish",
    )
    return run


def scores_verify(*, campaign: Campaign) -> list[dict]:
    """Recompute every stored score twice and compare (read only).

    ``replay``: the stored inputs run through the arithmetic again must give the stored
    score, grade and veto. ``current``: the inputs read afresh from the database give
    the same digest (nothing changed since) or not, with the score they would give.
    """
    current = _results(selectors.campaign_inputs(campaign=campaign))
    report = []
    for score in Score.objects.filter(campaign=campaign).order_by(
        "category_key", "rank", "name"
    ):
        key = ("unit", score.unit_id) if score.unit_id else ("person", score.person_id)
        replay = scoring.compute(score.inputs)
        replay_equal = (replay.score, replay.grade or "", replay.vetoed) == (
            score.score,
            score.grade,
            score.vetoed,
        ) and scoring.digest(score.inputs) == score.inputs_digest
        now = current.get(key)
        if now is None:
            current_equal, current_score, current_rank = False, None, None
        else:
            subject, result, rank = now
            current_equal = (
                scoring.digest(subject.inputs) == score.inputs_digest
                and rank == score.rank
            )
            current_score, current_rank = result.score, rank
        report.append(
            {
                "score": score,
                "key": key,
                "replayed": replay.score,
                "replay_equal": replay_equal,
                "current_equal": current_equal,
                "current_score": current_score,
                "current_rank": current_rank,
                "equal": replay_equal and current_equal,
            }
        )
    stored = {r["key"] for r in report}
    for key, (subject, result, rank) in current.items():
        if key not in stored:
            report.append(
                {
                    "score": None,
                    "key": key,
                    "name": subject.name,
                    "replayed": None,
                    "replay_equal": False,
                    "current_equal": False,
                    "current_score": result.score,
                    "current_rank": rank,
                    "equal": False,
                }
            )
    return report


def _snapshot_digest(rows: list[Score]) -> str:
    return scoring.digest(
        {
            "rows": [
                [
                    r.unit_id,
                    r.person_id,
                    selectors.n(r.score),
                    r.grade,
                    r.rank,
                    r.vetoed,
                    r.inputs_digest,
                ]
                for r in rows
            ]
        }
    )


@transaction.atomic
def scores_snapshot_take(*, campaign: Campaign, by, label: str = "") -> ScoreSnapshot:
    """Copy the campaign's scores as they stand (when the awards are decided)."""
    rows = list(Score.objects.filter(campaign=campaign).order_by("pk"))
    if not rows:
        raise ValidationError(_("Compute the scores before taking a snapshot."))
    now = timezone.now()
    snapshot = ScoreSnapshot.objects.create(
        campaign=campaign,
        label=(
            label.strip()
            or _("Snapshot of %(date)s")
            % {"date": timezone.localtime(now).strftime("%Y-%m-%d %H:%M")}
        )[:200],
        taken_at=now,
        taken_by=by,
        count=len(rows),
        digest=_snapshot_digest(rows),
    )
    SnapshotScore.objects.bulk_create(
        (
            SnapshotScore(
                snapshot=snapshot,
                **{
                    f: getattr(r, f)
                    for f in (
                        "unit_id",
                        "person_id",
                        "name",
                        "category_key",
                        "category_label",
                        "score",
                        "grade",
                        "vetoed",
                        "rank",
                        "computed_at",
                        "inputs_digest",
                        "inputs",
                        "breakdown",
                    )
                },
            )
            for r in rows
        ),
        batch_size=1000,
    )
    _audit(
        AuditEvent.Action.CREATE,
        by=by,
        obj=snapshot,
        institute_id=_institute_id(campaign),
        count=len(rows),
    )
    return snapshot
