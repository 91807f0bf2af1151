"""Shared by the ballot workflows: codes, limits, the audit trail."""

import hashlib
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
