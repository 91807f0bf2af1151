"""Reads of the secret evaluation: who rates whom, turnout, tallies and receipts.

Every function here runs a fixed number of queries whatever the size of the round: the
rules are read once and turned into one ``Q`` on the target table.
"""

from evaluations.ballots.selectors.electorate import (
    MASS_KINDS,
    electorate,
    electorate_problem,
    people_in_scope_q,
)
from evaluations.ballots.selectors.opinions import opinions
from evaluations.ballots.selectors.raters import (
    VoterTargetRows,
    eligible_target,
    eligible_targets,
    has_voted,
    rule_q,
    rules_q,
    slip_people,
    slip_rule_q,
    slip_targets,
    voter_in_scope,
    voter_targets,
)
from evaluations.ballots.selectors.tallies import (
    closed_rounds_for,
    mixing_pending,
    receipt_commitments,
    receipts,
    round_tallies,
    rounds_for_office,
    vote_panel,
)
from evaluations.ballots.selectors.targets import rule_target_specs
from evaluations.ballots.selectors.turnout import (
    slip_totals,
    turnout_by_branch,
    turnout_by_department,
    turnout_departments,
    turnout_totals,
)

__all__ = [
    "MASS_KINDS",
    "electorate",
    "electorate_problem",
    "people_in_scope_q",
    "receipt_commitments",
    "closed_rounds_for",
    "eligible_target",
    "eligible_targets",
    "has_voted",
    "mixing_pending",
    "opinions",
    "receipts",
    "round_tallies",
    "rounds_for_office",
    "rule_q",
    "rule_target_specs",
    "rules_q",
    "slip_people",
    "slip_rule_q",
    "slip_targets",
    "slip_totals",
    "turnout_by_branch",
    "turnout_by_department",
    "turnout_departments",
    "turnout_totals",
    "vote_panel",
    "voter_in_scope",
    "VoterTargetRows",
    "voter_targets",
]
