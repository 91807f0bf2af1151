"""core.bulk.bulk_insert writes exactly what bulk_create writes."""

import pytest

from bench import generate
from core.bulk import bulk_insert
from evaluations.models import Score
from evaluations.scoring import services as scoring_services
from evaluations.scoring.services import scores as scores_module
from pledges.models import Campaign

FIELDS = [f.attname for f in Score._meta.concrete_fields if not f.primary_key]


def _rows():
    return sorted(
        Score.objects.values_list(*FIELDS),
        key=lambda r: (
            r[FIELDS.index("unit_id")] or 0,
            r[FIELDS.index("person_id")] or 0,
        ),
    )


def _copies(objs):
    return [Score(**{f: getattr(o, f) for f in FIELDS}) for o in objs]


@pytest.mark.django_db
def test_a_computation_stores_through_bulk_insert_the_rows_bulk_create_stores(
    monkeypatch,
):
    meta = generate.generate(scale=generate.Scale.tiny())
    campaign = Campaign.objects.get(pk=meta["ids"]["campaign"])
    Score.objects.filter(campaign=campaign).delete()
    inserted = []

    def recording(model, objs, **kwargs):
        objs = list(objs)
        inserted.extend(_copies(objs))
        return bulk_insert(model, objs, **kwargs)

    monkeypatch.setattr(scores_module, "bulk_insert", recording)
    scoring_services.scores_compute(campaign=campaign)
    copied = _rows()
    assert len(copied) == len(inserted) > 20
    assert any(r[FIELDS.index("breakdown")] for r in copied)

    Score.objects.filter(campaign=campaign).delete()
    Score.objects.bulk_create(inserted)
    assert _rows() == copied
    # and the stored scores replay to themselves
    assert all(r["equal"] for r in scoring_services.scores_verify(campaign=campaign))


@pytest.mark.django_db
def test_nothing_to_insert_writes_nothing():
    assert bulk_insert(Score, []) == 0
    assert not Score.objects.exists()
