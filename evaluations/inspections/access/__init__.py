"""Who may see and do what in inspections, spot checks, reviews and rectification.

Built on ``organizations.access.Scope`` and the campaign rules of ``pledges.access``.

- **Inspection rounds and spot-check draws**: everyone whose institute takes part in the
  campaign reads the round, its seed, rule and sample, and may re-draw it to verify; the
  activity office runs it (plan, open, close, configure, draw, void, record findings).
- **Findings**: the office and anyone whose role reaches the unit (leading group,
  general-branch secretary, the branch's secretary) read them; the office writes them.
- **Rectification items**: readers of the unit and the item's owner read it; the owner
  and the secretaries whose branch or general branch holds the unit answer it; the
  office re-inspects, closes and re-opens it.
- **Help items**: readers of the unit and the helper read it; the office and the helper
  move it on.
- **Half-year reviews**: the office writes branch reviews; the office, or a secretary or
  general-branch secretary whose branch holds the member, writes member reviews; nobody
  writes their own. The reviewed party (the branch's secretary, or the member) reads and
  acknowledges; readers of the unit read.

Out of scope is a 404 (the other institute, or someone in the institute the object does
not concern); in sight but not allowed to act is a 403.
"""

from evaluations.inspections.access.common import (
    MASS_OFFICER_KINDS,
    MASS_UNIT_KINDS,
    PARTY_UNIT_KINDS,
    SECRETARY_KINDS,
    SUPERVISED_KINDS,
)
from evaluations.inspections.access.lists import (
    findings_visible,
    help_items_visible,
    rectifications_visible,
    unit_reader_q,
)
from evaluations.inspections.access.loaders import (
    get_draw_for,
    get_finding_for,
    get_help_item_for,
    get_history_person_for,
    get_history_unit_for,
    get_inspection_campaign_for,
    get_inspection_round_for,
    get_rectification_for,
    get_review_for,
    get_review_person_for,
    get_review_round_for,
    get_review_unit_for,
)
from evaluations.inspections.access.predicates import (
    can_acknowledge_review,
    can_answer_rectification,
    can_move_help_item,
    can_read_finding,
    can_read_help_item,
    can_read_rectification,
    can_read_review,
    can_write_review_of,
    is_office_for,
    is_person,
    is_secretary_of,
    leads_unit,
    reads_review_progress,
    reads_unit,
    sees_inspections,
    sees_reviews,
)
from evaluations.inspections.access.visits import get_visit_for, visits_visible
from pledges.activity.access import leads_mass_unit

__all__ = [
    "get_visit_for",
    "visits_visible",
    "can_acknowledge_review",
    "can_answer_rectification",
    "can_move_help_item",
    "can_read_finding",
    "can_read_help_item",
    "can_read_rectification",
    "can_read_review",
    "can_write_review_of",
    "findings_visible",
    "get_draw_for",
    "get_finding_for",
    "get_help_item_for",
    "get_history_person_for",
    "get_history_unit_for",
    "get_inspection_campaign_for",
    "get_inspection_round_for",
    "get_rectification_for",
    "get_review_for",
    "get_review_person_for",
    "get_review_round_for",
    "get_review_unit_for",
    "help_items_visible",
    "is_office_for",
    "is_person",
    "is_secretary_of",
    "leads_mass_unit",
    "leads_unit",
    "MASS_OFFICER_KINDS",
    "MASS_UNIT_KINDS",
    "SUPERVISED_KINDS",
    "sees_reviews",
    "PARTY_UNIT_KINDS",
    "reads_review_progress",
    "reads_unit",
    "sees_inspections",
    "rectifications_visible",
    "SECRETARY_KINDS",
    "unit_reader_q",
]
