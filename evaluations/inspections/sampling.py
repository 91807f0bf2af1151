"""Reproducible random spot-check draws (随机抽查): pure functions, free of Django.

The draw, in full (``ALGORITHM``)::

    rng = random.Random(seed)                 # seed: a whole number, 0 … 2**64 - 1  # nosec B311 - a public, reproducible draw, not a secret
    for stratum in sorted(strata, key=code):  # strata in order of their code
        sample[code] = rng.sample(sorted(eligible ids of the stratum), size)

One generator serves the whole draw, so a stratum's sample depends on the strata before
it; that is why their order is fixed (by code) and stored with the rule. Everything the
draw used is stored: the seed, each stratum's code, size and sorted eligible ids. Anyone
can re-run these few lines of Python on the stored inputs and get the same sample
(``verify``); a fingerprint (SHA-256 of the inputs and the result) lets people compare a
printed draw with the stored one at a glance.

Errors are ``SamplingError`` with a ``code`` and ``params``: the caller words them.
"""

import hashlib
import json
import random
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

ALGORITHM = "python-random-sample-v1"
SEED_MAX = 2**64 - 1

# Which units a spot check draws from (抽查对象范围): party units (strata: the branch
# categories), mass-organisation units (strata: 工会, 团, 妇), or both.
SCOPE_PARTY = "party"
SCOPE_MASS = "mass"
SCOPE_ALL = "all"
SCOPES = (SCOPE_PARTY, SCOPE_MASS, SCOPE_ALL)
MASS_PREFIX = "mass-"


def mass_code(family: str) -> str:
    """The stratum code of a mass-organisation family (``mass-union`` …)."""
    return f"{MASS_PREFIX}{family}"


def is_mass_code(code: str) -> bool:
    return str(code).startswith(MASS_PREFIX)


def code_in_scope(code: str, scope: str) -> bool:
    """Whether a stratum code belongs to the units a scope draws from."""
    if scope == SCOPE_ALL:
        return True
    return is_mass_code(code) == (scope == SCOPE_MASS)


class SamplingError(ValueError):
    """A draw that cannot be made as asked: ``code`` says why, ``params`` the figures."""

    def __init__(self, code: str, /, **params):
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}")


@dataclass(frozen=True)
class Stratum:
    """One stratum (层): the ids that may be drawn and how many to draw."""

    code: str
    size: int
    eligible: tuple[int, ...]
    name: str = ""

    @classmethod
    def of(cls, code: str, size: int, eligible: Iterable[int], name: str = ""):
        """A stratum with its eligible ids de-duplicated and sorted ascending."""
        return cls(
            str(code), int(size), tuple(sorted({int(i) for i in eligible})), name
        )


def new_seed() -> int:
    """A fresh 64-bit seed from the operating system's secure random source."""
    return secrets.randbits(64)


def parse_seed(value) -> int:
    """A seed typed by a person: a whole number from 0 to 2**64 - 1."""
    if isinstance(value, bool):
        raise SamplingError("bad_seed", value=value)
    if isinstance(value, int):
        seed = value
    else:
        text = str(value or "").strip().replace(" ", "").replace(",", "")
        if not text.isascii() or not text.isdigit():
            raise SamplingError("bad_seed", value=value)
        seed = int(text)
    if not 0 <= seed <= SEED_MAX:
        raise SamplingError("bad_seed", value=value)
    return seed


def allocate(total: int, counts: Mapping[str, int]) -> dict[str, int]:
    """Share ``total`` among strata in proportion to their sizes (largest remainder).

    Each stratum first gets the whole part of its share; the units left over go to the
    largest remainders, ties to the larger stratum, then to the smaller code. No stratum
    gets more than it holds.
    """
    total = int(total)
    available = sum(int(n) for n in counts.values())
    if total < 0:
        raise SamplingError("negative", code="", size=total)
    if total > available:
        raise SamplingError("total_too_large", total=total, available=available)
    if total == 0 or available == 0:
        return {code: 0 for code in counts}
    shares = {}
    for code, n in counts.items():
        whole, rest = divmod(total * int(n), available)
        shares[code] = (whole, rest)
    result = {code: whole for code, (whole, _rest) in shares.items()}
    left = total - sum(result.values())
    order = sorted(
        counts, key=lambda code: (-shares[code][1], -int(counts[code]), code)
    )
    for code in order:
        if left == 0:
            break
        if result[code] < int(counts[code]):
            result[code] += 1
            left -= 1
    return result


def _checked(strata: Iterable[Stratum]) -> list[Stratum]:
    ordered = sorted(strata, key=lambda s: s.code)
    codes = [s.code for s in ordered]
    if len(set(codes)) != len(codes):
        raise SamplingError("duplicate_stratum", codes=codes)
    for s in ordered:
        if s.size < 0:
            raise SamplingError("negative", code=s.code, name=s.name, size=s.size)
        if len(set(s.eligible)) != len(s.eligible):
            raise SamplingError("duplicate_id", code=s.code, name=s.name)
        if s.size > len(s.eligible):
            raise SamplingError(
                "stratum_too_small",
                code=s.code,
                name=s.name or s.code,
                size=s.size,
                available=len(s.eligible),
            )
    if not any(s.size for s in ordered):
        raise SamplingError("empty")
    return ordered


def draw(seed: int, strata: Iterable[Stratum]) -> dict[str, list[int]]:
    """The sample of each stratum, by code, in the order drawn."""
    seed = parse_seed(seed)
    rng = random.Random(seed)  # nosec B311 - a public, reproducible draw, not a secret
    return {s.code: rng.sample(sorted(s.eligible), s.size) for s in _checked(strata)}


def verify(seed: int, strata: Iterable[Stratum], sample: Mapping[str, list]) -> bool:
    """Re-draw from the inputs and say whether it gives ``sample`` exactly."""
    try:
        again = draw(seed, strata)
    except SamplingError:
        return False
    stored = {str(code): [int(i) for i in ids] for code, ids in sample.items()}
    return again == stored


def rule_json(mode: str, total: int, strata: Iterable[Stratum]) -> dict:
    """The stored form of a rule: mode, total and every stratum with its inputs."""
    return {
        "mode": mode,
        "total": int(total),
        "strata": [
            {
                "code": s.code,
                "name": s.name,
                "size": s.size,
                "eligible": list(s.eligible),
            }
            for s in sorted(strata, key=lambda s: s.code)
        ],
    }


def strata_from_rule(rule: Mapping) -> list[Stratum]:
    """The strata of a stored rule, exactly as they were at draw time."""
    return [
        Stratum(
            str(s["code"]),
            int(s["size"]),
            tuple(int(i) for i in s["eligible"]),
            str(s.get("name", "")),
        )
        for s in rule.get("strata", [])
    ]


def fingerprint(seed: int, rule: Mapping, sample: Mapping[str, list]) -> str:
    """SHA-256 of the canonical JSON of algorithm, seed, strata and sample."""
    payload = {
        "algorithm": ALGORITHM,
        "seed": str(parse_seed(seed)),
        "strata": [
            {"code": s.code, "size": s.size, "eligible": list(s.eligible)}
            for s in sorted(strata_from_rule(rule), key=lambda s: s.code)
        ],
        "sample": {
            str(code): [int(i) for i in ids] for code, ids in sorted(sample.items())
        },
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
