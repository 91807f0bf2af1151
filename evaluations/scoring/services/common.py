"""Shared by the scoring workflows: default weights, limits, the audit trail."""

from decimal import Decimal

from evaluations.models import ScoringRule
from organizations.audit import audit_record
from pledges.models import Campaign

# Default weights of a new campaign's rules (the office changes them; they add to 100).
DEFAULT_WEIGHTS = {
    ScoringRule.Audience.UNIT: {
        "office": Decimal(50),
        "self": Decimal(10),
        "inspection": Decimal(15),
        "mass": Decimal(15),
        "democratic": Decimal(10),
    },
    ScoringRule.Audience.PERSON: {
        "daitou": Decimal(50),
        "democratic": Decimal(30),
        "mass": Decimal(20),
    },
}


MAX_COMMENT = 2000


def plain(value: Decimal) -> str:
    """A number without trailing zeros or exponent: 10, 7.5."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _audit(action, *, by, obj, institute_id=None, **detail) -> None:
    audit_record(action=action, user=by, obj=obj, institute_id=institute_id, **detail)


def _institute_id(campaign: Campaign) -> int | None:
    return campaign.scope.institute_id or campaign.scope_id
