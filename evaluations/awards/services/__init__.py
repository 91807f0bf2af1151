"""Workflows of the award selection (评选表彰) and the rest of phases 3 to 5.

The award list of a campaign moves draft → proposed → submitted → signed off →
published (``AwardList.TRANSITIONS``):

- the office sets quotas per title and category (``quotas_set``);
- ``awards_propose`` takes a score snapshot and proposes, per quota, the best of the
  group in the snapshot, leaving out vetoed units, units (and owners) with open
  rectification, and anyone graded below 良好, each exclusion stored with its reason;
  the office's adjustments (``candidate_add`` / ``candidate_include`` /
  ``candidate_remove``, each with a required reason) survive any later proposal;
- the office submits the list; the leading group signs it off: **one sign-off by any
  person holding the leader role (领导小组, 组长 or member) of the campaign's institute
  is enough**, and a leader may instead return the list with a reason;
- the office publishes the commendation list; after the award deadline publishing is
  still allowed but flagged late (the calendar escalates before: ``award_cycle_escalate``).

The scheduler calls ``award_cycle_propose`` and ``award_cycle_escalate``; both are
idempotent. Every change to awards is written to the audit log.

Phases 3 and 5 live here too: duty reports (述职述廉) and the rating round that takes
their authors as targets (``duty_round_sync``, built on the ballot services); the staff
satisfaction survey (群众满意度测评) needs nothing of its own: the office creates an
evaluation round of kind "satisfaction" on the rounds page like any other round. Member
model posts (党员示范岗) and experience-exchange sessions (经验交流) are recorded by the
office.
"""

from evaluations.awards.services.common import (
    DUTY_QUESTIONS,
    DUTY_ROLES,
    ESCALATE_DAYS,
    MAX_DEEDS,
    MAX_QUOTA,
    MAX_REASON,
    MAX_REPORT,
    WINNING_GRADES,
    is_leader_of,
    leaders_of,
    office_people,
)
from evaluations.awards.services.cycle import award_cycle_escalate, award_cycle_propose
from evaluations.awards.services.duty_reports import (
    duty_report_save,
    duty_reports_locked,
    duty_roles,
    duty_round,
    duty_round_sync,
)
from evaluations.awards.services.exchanges import exchange_save
from evaluations.awards.services.lists import (
    ROW_FIELDS,
    award_list_get,
    awards_propose,
    candidate_add,
    candidate_include,
    candidate_remove,
)
from evaluations.awards.services.model_posts import model_post_save
from evaluations.awards.services.nominations import nomination_save
from evaluations.awards.services.quotas import quota_groups, quotas_set
from evaluations.awards.services.submission import (
    award_list_publish,
    award_list_recall,
    award_list_return,
    award_list_sign_off,
    award_list_submit,
    winner_people,
)

__all__ = [
    "award_cycle_escalate",
    "award_cycle_propose",
    "award_list_get",
    "award_list_publish",
    "award_list_recall",
    "award_list_return",
    "award_list_sign_off",
    "award_list_submit",
    "awards_propose",
    "candidate_add",
    "candidate_include",
    "candidate_remove",
    "DUTY_QUESTIONS",
    "duty_report_save",
    "duty_reports_locked",
    "DUTY_ROLES",
    "duty_roles",
    "duty_round",
    "duty_round_sync",
    "ESCALATE_DAYS",
    "exchange_save",
    "is_leader_of",
    "leaders_of",
    "MAX_DEEDS",
    "MAX_QUOTA",
    "MAX_REASON",
    "MAX_REPORT",
    "model_post_save",
    "nomination_save",
    "office_people",
    "quota_groups",
    "quotas_set",
    "ROW_FIELDS",
    "winner_people",
    "WINNING_GRADES",
]
