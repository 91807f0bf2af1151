"""Pages of the secret evaluation: voting, paper slips, receipts and the office's rounds.

Nothing here logs a request body, and no code travels in a URL path: the QR code on a
slip links to ``/vote/slip/#<code>``; the fragment never reaches the server, and
``static/js/ballot.js`` moves it into a form that is POSTed. Receipts are rendered in
the response to the cast itself and stored nowhere else (not in the session, not in a
message), so a page reload cannot show them again.
"""

from evaluations.ballots.views.rounds import (
    STEPS,
    question_create,
    question_delete,
    question_edit,
    questions_copy,
    round_cancel,
    round_create,
    round_detail,
    round_edit,
    round_electorate,
    round_list,
    round_opinions,
    round_slips,
    round_step,
    round_tallies,
    round_turnout,
    rule_create,
    rule_delete,
    target_list,
)
from evaluations.ballots.views.voting import (
    SHOW_CHOICES,
    receipt_check,
    round_receipts,
    slip_cast,
    slip_link,
    slip_start,
    vote_ballot,
    vote_list,
)

__all__ = [
    "question_create",
    "question_delete",
    "question_edit",
    "questions_copy",
    "receipt_check",
    "round_cancel",
    "round_create",
    "round_detail",
    "round_edit",
    "round_electorate",
    "round_list",
    "round_opinions",
    "round_receipts",
    "round_slips",
    "round_step",
    "round_tallies",
    "round_turnout",
    "rule_create",
    "rule_delete",
    "SHOW_CHOICES",
    "slip_cast",
    "slip_link",
    "slip_start",
    "STEPS",
    "target_list",
    "vote_ballot",
    "vote_list",
]
