"""Shared by the inspection rules: party unit kinds, secretaries, paths covered."""

from organizations.access import ALL
from organizations.models import Organization, Role
from pledges.activity.access import MASS_OFFICER_KINDS as _MASS_OFFICER_KINDS

PARTY_UNIT_KINDS = (Organization.Kind.BRANCH, Organization.Kind.GENERAL_BRANCH)
# Mass-organisation units: 工会/分工会/工会小组, 团委/团支部, 妇委会/妇女小组.
MASS_UNIT_KINDS = tuple(sorted(Organization.MASS_KINDS))
# The units a campaign supervises (督查对象): party units and mass-organisation units.
SUPERVISED_KINDS = PARTY_UNIT_KINDS + MASS_UNIT_KINDS


SECRETARY_KINDS = (Role.Kind.SECRETARY, Role.Kind.GENERAL_SECRETARY)

# Who heads a mass-organisation unit (工会主席, 团委书记, 妇委会主任 …).
MASS_OFFICER_KINDS = _MASS_OFFICER_KINDS


def _covers(paths, path: str) -> bool:
    return ALL in paths or any(path.startswith(p) for p in paths)
