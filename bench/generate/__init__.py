"""The benchmark institute (基准测试单位), generated in bulk at any size.

At full size (``Scale.full()``): 30 党总支 with 10 党支部 each, 330 departments, 30 000
staff of whom 10 000 are party members, the trade union, youth league and women's
committee with their units, the leading group and the activity office, 2 000 voter
accounts, a campaign with a plan for every unit and a pledge for every member (items,
versions, progress reports, supervision comments), striving records, 三会一课 meetings,
monthly news reports, the 量化考核 sheets and marks, 五带头 ratings, a closed and tallied
mass evaluation with one ballot per staff member (30 000 ballots, 150 000 answers) and
an open round for the casting benchmark, then computed and published scores.

Speed over ceremony: rows go in with ``bulk_create`` and skip the per-object services,
their checks, notifications and change history. In particular the closed round's
ballots are written straight into the final ballot tables (no staging, no mixing, no
per-ballot eligibility check): the cast path is what ``make bench`` measures separately,
over HTTP, on the open round. What the pages read is the same either way. The services
still run where they are cheap (institute, campaign, criteria, rounds, questions, rules,
tally, scores), so their invariants hold.

Every choice comes from ``random.Random(SEED)``: two runs at one scale build the same
institute. ``bench_meta`` (a table of its own, outside the models) records the
generator's version, the scale and the ids the benchmark pages need; ``generate`` skips
a database that already holds a complete dataset of the same version and scale.
"""

from bench.generate.build import counts, generate, generate_academy
from bench.generate.marker import is_complete, meta_clear, meta_read
from bench.generate.scale import (
    ACCOUNTS,
    BATCH,
    BENCH_PASSWORD,
    CATEGORY_CYCLE,
    GENERATOR_VERSION,
    INSTITUTE_NAME,
    META_TABLE,
    PS,
    RK,
    SEED,
    K,
    Scale,
    role_username,
    spread,
)

__all__ = [
    "ACCOUNTS",
    "BATCH",
    "BENCH_PASSWORD",
    "CATEGORY_CYCLE",
    "GENERATOR_VERSION",
    "INSTITUTE_NAME",
    "K",
    "META_TABLE",
    "PS",
    "RK",
    "SEED",
    "Scale",
    "counts",
    "generate",
    "generate_academy",
    "role_username",
    "spread",
    "is_complete",
    "meta_clear",
    "meta_read",
]
