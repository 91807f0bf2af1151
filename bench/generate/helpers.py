"""Helpers."""

import random
import time

from bench.generate.scale import BATCH
from organizations.demo import FEMALE_CHARS, MALE_CHARS, SURNAMES
from organizations.models import Organization
from organizations.services import _place


def _units(units: list[Organization]) -> list[Organization]:
    """Insert units whose parents already have a path, then set path/depth/institute.

    Primary keys come back from the insert; the paths follow in one UPDATE per batch.
    """
    created = Organization.objects.bulk_create(units, batch_size=BATCH)
    for unit in created:
        _place(unit)
    Organization.objects.bulk_update(
        created, ["path", "depth", "institute"], batch_size=500
    )
    return created


class _Names:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def make(self, female: bool) -> str:
        chars = FEMALE_CHARS if female else MALE_CHARS
        given = "".join(self.rng.choices(chars, k=self.rng.choice((1, 2, 2))))
        return self.rng.choice(SURNAMES) + given


def _log(out, started: float, message: str) -> None:
    if out is not None:
        out.write(f"  [{time.monotonic() - started:6.1f}s] {message}\n")
        out.flush()
