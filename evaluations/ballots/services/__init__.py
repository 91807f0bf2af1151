"""Workflows of the secret evaluation (群众评议 / 党员民主评议).

The secrecy rules are DESIGN.md "Secret ballots"; in short:

- ``ballot_cast`` writes the has-voted row and a *staged* ballot in one short transaction
  (the unique constraint on the has-voted row refuses a second vote);
- ``round_mix`` (every calendar tick and at close) moves staged ballots, a target once
  it has k, under fresh ids and in random order, into the final tables in a
  transaction of its own, then empties the staging table with TRUNCATE (DELETE with ``secure_delete`` on SQLite), so no ``xmin``, row
  order or time ties a ballot to its has-voted row;
- nothing here logs, and no code path calls the task broker: casting works without Redis.

Residual risks (README): the write-ahead log and any backup taken between a cast and the
next mixing (at most one tick) still hold the staged rows with their transaction ids;
on SQLite the WAL file keeps old pages until a checkpoint.
"""

from evaluations.ballots.services.casting import answers_check, ballot_cast
from evaluations.ballots.services.common import (
    CHECK_SECRET_LENGTH,
    CODE_ALPHABET,
    MAX_COMMENT,
    MAX_SLIPS_PER_BATCH,
    RECEIPT_LENGTH,
    SLIP_CODE_LENGTH,
    Receipt,
    answer_line,
    code_group,
    code_new,
    code_normalise,
    commitment_of,
    slip_hash,
)
from evaluations.ballots.services.corrections import (
    electorate_check,
    has_ballots,
    round_cancel,
    round_reopen_draft,
)
from evaluations.ballots.services.setup import (
    EDITABLE_WHEN_OPEN,
    question_add,
    question_remove,
    question_update,
    questions_copy,
    round_create,
    round_targets_sync,
    round_update,
    rule_add,
    rule_remove,
)
from evaluations.ballots.services.slips import (
    receipt_find,
    slip_cast,
    slip_find,
    slips_generate,
)
from evaluations.ballots.services.transitions import (
    round_close,
    round_mix,
    round_open,
    round_publish,
    round_tally,
    staged_mix,
)

__all__ = [
    "answer_line",
    "answers_check",
    "CHECK_SECRET_LENGTH",
    "commitment_of",
    "Receipt",
    "ballot_cast",
    "CODE_ALPHABET",
    "code_group",
    "code_new",
    "code_normalise",
    "EDITABLE_WHEN_OPEN",
    "electorate_check",
    "has_ballots",
    "round_cancel",
    "round_reopen_draft",
    "MAX_COMMENT",
    "MAX_SLIPS_PER_BATCH",
    "question_add",
    "question_remove",
    "question_update",
    "questions_copy",
    "receipt_find",
    "RECEIPT_LENGTH",
    "round_close",
    "round_create",
    "round_mix",
    "round_open",
    "round_publish",
    "round_tally",
    "round_targets_sync",
    "round_update",
    "rule_add",
    "rule_remove",
    "slip_cast",
    "SLIP_CODE_LENGTH",
    "staged_mix",
    "slip_find",
    "slip_hash",
    "slips_generate",
]
