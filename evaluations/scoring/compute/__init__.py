"""Score arithmetic (综合得分计算), free of Django.

The services gather every input of one unit or one person into a plain, JSON-ready dict
(numbers as strings) and store it beside the result; ``compute`` turns such a dict into a
score, a grade and a breakdown that lists every input with its weight and contribution.
Running ``compute`` again on a stored dict gives the same figures: that is the verify.

Rules (hand-worked in tests/evaluations/scoring/test_arithmetic.py):

1. **Sheet score (0–100)**, the same for the self-assessment and the office's marks.
   A criterion's raw points are the marks of the regular lines directly under it plus
   the scaled points of its sub-items; its raw maximum likewise. A criterion with
   ``max_points`` scales: ``scaled = max_points × raw / raw_max``; without, it keeps its
   raw figures. If any top-level item has a weight, the sheet score is the weighted
   mean of the items' ``scaled / scaled_max`` (items without a weight weigh 0);
   otherwise it is ``100 × Σ scaled / Σ scaled_max``. A line without a mark counts 0.
   Self marks count once the branch submitted (status self-assessed or later), the
   office's marks once the office submitted (marked or done). A self-assessment the
   branch skipped (跳过自评) is a missing source (rule 4), not a sheet of zeros.
2. **Inspection findings**: the mean of the findings' points (e.g. good 100, average 70,
   poor 40). **Evaluation tallies**: per tally, the mean points of all answers (each
   rating mapped to points); a source is the mean over its tallies. A withheld tally
   (fewer than k ballots) is a missing input.
3. **五带头 assessment**: the weighted mean of the points of each rated 带头 (criterion
   weights; without weights, equal); unrated 带头 are listed as missing.
4. **Final score**: the weighted mean of the sources present. A missing source (no
   input, or its weight 0) drops out and the remaining weights are renormalised, which
   the breakdown shows as each source's effective weight. This one rule holds for every
   source (a skipped self-assessment, a withheld or absent evaluation, no findings…);
   ``missing_sources`` lists them so the office is warned before computing. Bonus and penalty points (加分
   / 减分, office marks only, each total capped at its limit) are then added times the
   bonus factor, and the result is clamped to 0–100 and rounded half up to 2 places.
5. **Grade**: the highest grade whose threshold the score reaches; a triggered veto line
   (一票否决, office marks only) caps the grade at the worst cap among them.
6. **Rank** within a group: ordered by score, highest first; equal scores share a rank
   and the next rank skips (1, 2, 2, 4: "standard competition ranking"); no score, no
   rank.
"""

from evaluations.scoring.compute.common import (
    GRADES,
    HUNDRED,
    LINE_BONUS,
    LINE_PENALTY,
    LINE_REGULAR,
    LINE_VETO,
    OFFICE_STATUSES,
    PLACES,
    SELF_STATUSES,
    SOURCES,
    ZERO,
    D,
    Result,
    canonical,
    digest,
    digest_of,
    q2,
    row,
    s,
)
from evaluations.scoring.compute.final_score import (
    compute,
    grade_of,
    missing_sources,
    worse,
)
from evaluations.scoring.compute.findings import rating_points, tally_points
from evaluations.scoring.compute.ranking import rank

__all__ = [
    "canonical",
    "compute",
    "D",
    "digest",
    "digest_of",
    "grade_of",
    "GRADES",
    "HUNDRED",
    "LINE_BONUS",
    "LINE_PENALTY",
    "LINE_REGULAR",
    "LINE_VETO",
    "missing_sources",
    "OFFICE_STATUSES",
    "PLACES",
    "q2",
    "rank",
    "rating_points",
    "Result",
    "row",
    "s",
    "SELF_STATUSES",
    "SOURCES",
    "tally_points",
    "worse",
    "ZERO",
]
