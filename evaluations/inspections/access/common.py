"""Shared by the inspection rules: party unit kinds, secretaries, paths covered."""

from organizations.access import ALL
from organizations.models import Organization, Role

PARTY_UNIT_KINDS = (Organization.Kind.BRANCH, Organization.Kind.GENERAL_BRANCH)


SECRETARY_KINDS = (Role.Kind.SECRETARY, Role.Kind.GENERAL_SECRETARY)


def _covers(paths, path: str) -> bool:
    return ALL in paths or any(path.startswith(p) for p in paths)
