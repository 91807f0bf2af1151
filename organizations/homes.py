"""Which home page each role lands on, and what it shows (首页).

Later capabilities add panels to these homes through ``register_panel``; each panel is a
function of the scope returning a context dict for its own template include.
"""

from collections.abc import Callable

from .access import Scope, scope_of
from .models import Organization, Person, Role

HOME_KINDS = (
    "office",
    "leader",
    "general_secretary",
    "secretary",
    "mass",
    "member",
    "staff",
)

_PANELS: dict[str, list[tuple[str, Callable[[Scope], dict | None]]]] = {
    kind: [] for kind in HOME_KINDS
}


def register_panel(
    home: str, template: str, build: Callable[[Scope], dict | None]
) -> None:
    """Add a panel (template include + context builder) to one role's home."""
    _PANELS[home].append((template, build))


def home_kind(scope: Scope) -> str:
    """The role a user's home is made for, the widest first."""
    if scope.is_office:
        return "office"
    if scope.is_leader:
        return "leader"
    if scope.has(Role.Kind.GENERAL_SECRETARY):
        return "general_secretary"
    if scope.has(Role.Kind.SECRETARY):
        return "secretary"
    if scope.has(
        Role.Kind.UNION_OFFICER, Role.Kind.LEAGUE_OFFICER, Role.Kind.WOMEN_OFFICER
    ):
        return "mass"
    if scope.is_party_member:
        return "member"
    if scope.person is not None:
        return "staff"
    return "none"


def home_for(user) -> tuple[str, dict]:
    scope = scope_of(user)
    kind = home_kind(scope)
    context = {"home_kind": kind, "person": scope.person}
    if kind == "none":
        return "home/none.html", context
    if kind == "office":
        institute_ids = [r.node.institute_id for r in scope.roles_of(Role.Kind.OFFICE)]
        institutes = Organization.objects.filter(kind=Organization.Kind.INSTITUTE)
        if not scope.is_superuser:
            institutes = institutes.filter(pk__in=institute_ids)
        context["institutes"] = institutes
        units = scope.units()
        context["counts"] = {
            "general_branches": units.filter(
                kind=Organization.Kind.GENERAL_BRANCH
            ).count(),
            "branches": units.filter(
                kind=Organization.Kind.BRANCH, is_active=True
            ).count(),
            "departments": units.filter(kind=Organization.Kind.DEPARTMENT).count(),
            "staff": scope.people().filter(is_active=True).count(),
            "members": scope.people()
            .filter(is_active=True, political_status__in=Person.PARTY_STATUSES)
            .count(),
        }
    elif kind == "leader":
        context["liaisons"] = [r.node for r in scope.roles_of(Role.Kind.LIAISON)]
    elif kind in ("general_secretary", "secretary", "mass"):
        kinds = {
            "general_secretary": (Role.Kind.GENERAL_SECRETARY,),
            "secretary": (Role.Kind.SECRETARY,),
            "mass": (
                Role.Kind.UNION_OFFICER,
                Role.Kind.LEAGUE_OFFICER,
                Role.Kind.WOMEN_OFFICER,
            ),
        }[kind]
        context["units"] = [r.node for r in scope.roles_of(*kinds)]
    context["panels"] = [
        (template, ctx)
        for template, build in _PANELS.get(kind, [])
        if (ctx := build(scope)) is not None
    ]
    return f"home/{kind}.html", context
