"""Who: accounts, the organisation tree, people and the roles they hold (组织与人员)."""

from organizations.models.notifications import (
    DigestLog,
    Notification,
    NotificationSetting,
)
from organizations.models.people import MassMembership, Person, Role, User
from organizations.models.roster import RosterImport, RosterImportRow
from organizations.models.tree import BranchCategory, Family, Organization

__all__ = [
    "BranchCategory",
    "DigestLog",
    "Family",
    "MassMembership",
    "Notification",
    "NotificationSetting",
    "Organization",
    "Person",
    "Role",
    "RosterImport",
    "RosterImportRow",
    "User",
]

from organizations.audit import AuditEvent  # noqa: E402,F401  (the audit log model lives beside its helper)
