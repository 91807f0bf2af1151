"""Shared by the ballot workflows: codes, limits, the audit trail."""

import hashlib
import hmac
import secrets
from datetime import date

from django.utils import timezone

from evaluations.models import Round
from organizations.audit import audit_record

# Codes a person reads and types: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


RECEIPT_LENGTH = 10  # ~49 bits: unguessable, short enough to note down


SLIP_CODE_LENGTH = 16  # ~79 bits: an unsalted SHA-256 of it cannot be brute-forced


MAX_SLIPS_PER_BATCH = 500


MAX_COMMENT = 2000


_random = secrets.SystemRandom()


CHECK_SECRET_LENGTH = 26  # ~129 bits: the voter's key to their ballot's check value


class Receipt(str):
    """A receipt code, carrying what the voter sees once: the check secret and ratings.

    The secret is never stored; only ``commitment`` goes on the ballot.
    """

    secret: str = ""
    ratings: tuple[int, ...] = ()
    commitment: str = ""


def answer_line(ratings) -> str:
    """The ratings in question order as the voter notes them: ``5,4,5,3``."""
    return ",".join(str(int(r)) for r in ratings)


def commitment_of(*, secret: str, receipt: str, ratings) -> str:
    """HMAC-SHA-256, key the secret, message ``RECEIPT|5,4,5,3``; 64 hex digits.

    The voter's browser recomputes it (static/js/receipt_check.js, WebCrypto); without
    the secret nobody can try the few possible answer sets against it.
    """
    message = f"{code_normalise(receipt)}|{answer_line(ratings)}"
    return hmac.new(
        code_normalise(secret).encode(), message.encode(), hashlib.sha256
    ).hexdigest()


def receipt_new(*, questions, clean: dict) -> Receipt:
    """A fresh receipt, its one-time secret and the commitment to ``clean``'s ratings."""
    receipt = Receipt(code_new(RECEIPT_LENGTH))
    receipt.secret = code_new(CHECK_SECRET_LENGTH)
    receipt.ratings = tuple(clean[str(q.pk)] for q in questions)
    receipt.commitment = commitment_of(
        secret=receipt.secret, receipt=receipt, ratings=receipt.ratings
    )
    return receipt


def code_new(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def code_normalise(text: str) -> str:
    """Upper-case a typed code and drop spaces and dashes (printed codes are grouped)."""
    return "".join(ch for ch in (text or "").upper() if ch not in " -\t\r\n")


def code_group(code: str, size: int = 4) -> str:
    return "-".join(code[i : i + size] for i in range(0, len(code), size))


def slip_hash(code: str) -> str:
    return hashlib.sha256(code_normalise(code).encode()).hexdigest()


def _today() -> date:
    return timezone.localdate()


def _audit(action: str, by, round: Round, **detail) -> None:
    """Record a change to a round (who, what, when). Never called on a cast: the log
    must hold no ballot content, no code and no time a voter acted."""
    audit_record(
        action=action,
        user=by,
        obj=round,
        institute_id=round.institute_id,
        **detail,
    )
