"""Reads of scoring sheets, scores and the 五带头 assessment (量化考核, 综合得分).

``campaign_inputs`` gathers the inputs of every unit and member of a campaign in a fixed
number of queries (one per kind of input, whatever the number of units), so a full
computation of an institute with 300 branches and 10 000 members stays in seconds.
"""

from evaluations.scoring.selectors.common import (
    FAMILY_LABELS,
    NO_CATEGORY,
    SOURCE_OF_ROUND,
    TALLIED,
    WRITER_ROLES,
    latest_version,
    member_criteria_set,
    n,
    rule_or_default,
    scored_members,
    scored_units,
    unit_category,
    unit_criteria_set,
)
from evaluations.scoring.selectors.daitou import (
    assessment_detail,
    assessment_rows,
    daitou_items,
)
from evaluations.scoring.selectors.evidence import (
    EVIDENCE_KINDS,
    EVIDENCE_LABELS,
    EVIDENCE_PER_KIND,
    EvidenceKind,
    evidence_choices,
    evidence_key,
    evidence_resolve,
)
from evaluations.scoring.selectors.inputs import Subject, campaign_inputs
from evaluations.scoring.selectors.panels import (
    criteria_sets_overview,
    has_unrated_members,
    member_panel,
    office_panel,
    secretary_panel,
)
from evaluations.scoring.selectors.scores import (
    missing_sources,
    published_campaigns_for,
    ranking,
    ranking_groups,
    score_run,
)
from evaluations.scoring.selectors.sheets import (
    SHEET_FILTERS,
    ItemView,
    LineView,
    sheet_layout,
    sheet_rows,
    sheet_status_counts,
)

__all__ = [
    "assessment_detail",
    "assessment_rows",
    "campaign_inputs",
    "missing_sources",
    "criteria_sets_overview",
    "daitou_items",
    "evidence_choices",
    "evidence_key",
    "EVIDENCE_KINDS",
    "EVIDENCE_LABELS",
    "EVIDENCE_PER_KIND",
    "evidence_resolve",
    "EvidenceKind",
    "FAMILY_LABELS",
    "has_unrated_members",
    "ItemView",
    "latest_version",
    "LineView",
    "member_criteria_set",
    "member_panel",
    "n",
    "NO_CATEGORY",
    "office_panel",
    "published_campaigns_for",
    "ranking",
    "ranking_groups",
    "rule_or_default",
    "score_run",
    "scored_members",
    "scored_units",
    "secretary_panel",
    "SHEET_FILTERS",
    "sheet_layout",
    "sheet_rows",
    "sheet_status_counts",
    "SOURCE_OF_ROUND",
    "Subject",
    "TALLIED",
    "unit_category",
    "unit_criteria_set",
    "WRITER_ROLES",
]
