"""Which home page each role lands on, and what it shows (首页).

The apps above this one add panels to these homes by listing them as ``PANELS`` (of
:class:`Panel`) in their navigation module (``settings.NAVIGATION_MODULES``, read through
:func:`organizations.navigation.modules`); each panel is a function of the scope
returning a context dict for its own template include. A home shows its panels in the
order of the modules in the setting, then of each module's list.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q
from django.utils import timezone

from core.pk_urls import anchors, pk_url
from core.request_cache import memo
from organizations import navigation
from organizations.access import Scope, scope_of
from organizations.models import BranchCategory, Organization, Person, Role

HOME_KINDS = (
    "office",
    "leader",
    "general_secretary",
    "secretary",
    "mass",
    "member",
    "staff",
)


@dataclass(frozen=True)
class Panel:
    """One panel of a role's home: a template include and its context builder."""

    home: str
    template: str
    build: Callable[[Scope], dict | None]
    #: The context depends on the scope's reach and the day only, never on who the
    #: user is: it is cached for everyone of the same reach (core.versioned_cache)
    #: until a write changes the figures.
    shared: bool = False


def panels_of(home: str) -> list[Panel]:
    """The panels of one home, in the order of ``settings.NAVIGATION_MODULES``."""
    panels = []
    for module in navigation.modules():
        for panel in getattr(module, "PANELS", ()):
            if panel.home not in HOME_KINDS:
                raise ImproperlyConfigured(
                    f"{module.__name__} adds a panel to the unknown home {panel.home!r}."
                )
            if panel.home == home:
                panels.append(panel)
    return panels


def _unit_figures() -> list[Callable[[], dict]]:
    """The ``ROLE_UNIT_FIGURES`` of the navigation modules: each returns annotations
    (name → expression over an Organization), asked for afresh in each request."""
    return [
        build
        for module in navigation.modules()
        for build in getattr(module, "ROLE_UNIT_FIGURES", ())
    ]


def role_units(scope: Scope) -> dict[int, Organization]:
    """The units of one's roles by primary key, with their category and the figures
    the navigation modules list in ``ROLE_UNIT_FIGURES`` (one query per GET request;
    none when no module lists a figure: the roles come with their units, and the
    categories are shared)."""

    def load() -> dict[int, Organization]:
        annotations: dict = {}
        for build in _unit_figures():
            annotations.update(build())
        if not annotations:
            categories = _categories()
            units = {role.node_id: role.node for role in scope.roles}
            if all(
                u.category_id is None or u.category_id in categories
                for u in units.values()
            ):
                for unit in units.values():
                    if unit.category_id is not None:
                        unit.category = categories[unit.category_id]
                return units
        return (
            Organization.objects.filter(pk__in={r.node_id for r in scope.roles})
            .select_related("category")
            .annotate(**annotations)
            .in_bulk()
        )

    return memo(("role_units", scope.user_id), load)


def _categories() -> dict[int, BranchCategory]:
    """Every branch category (分类指导类别) by key: a few per institute, the same for
    everyone, kept in the shared cache."""
    return institute_figure(None, "branch_categories", BranchCategory.objects.in_bulk)


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

        def institutes() -> list[dict]:
            found = Organization.objects.filter(kind=Organization.Kind.INSTITUTE)
            if not scope.is_superuser:
                found = found.filter(pk__in=institute_ids)
            return list(found.order_by("path").values("name"))

        # The names of the institutes one serves: kept like the counts below (a
        # query and its queryset on every request of the office's home before).
        context["institutes"] = shared(scope, "office_institutes", institutes)
        context["counts"] = shared(
            scope, "office_counts", lambda: _office_counts(scope)
        )
    elif kind == "leader":
        context["liaisons"] = _link_items(
            [r.node for r in scope.roles_of(Role.Kind.LIAISON)]
        )
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
        units = role_units(scope)  # with their categories
        context["units"] = [units[r.node_id] for r in scope.roles_of(*kinds)]
    context["panels"] = [
        (panel.template, ctx)
        for panel in panels_of(kind)
        if (ctx := _panel_context(panel, scope)) is not None
    ]
    return f"home/{kind}.html", context


def _link_items(units: list[Organization]) -> str:
    """Each unit as a list item linking its page, written here, not in the template:
    a leader looks after dozens of liaison branches (43 in the bench's institute), and
    the template's loop with two variables a row cost 0.3 ms of the page's 5. The URL
    is reversed once for all; names are escaped as the template escaped them."""
    if not units:
        return ""
    unit_url = pk_url("organizations:unit")
    return anchors(
        [(unit_url(unit.pk), unit.name) for unit in units],
        before='<li class="list-group-item">',
        after="</li>\n",
    )


def shared(scope: Scope, name: str, compute: Callable[[], object]):
    """``compute()``, cached for everyone of the scope's reach on this day."""
    from core import versioned_cache

    key = (name, timezone.localdate().isoformat(), versioned_cache.reach_key(scope))
    return versioned_cache.get_or_compute(
        versioned_cache.FIGURES, scope.institute_id, key, compute
    )


def institute_figure(institute_id, name: str, compute: Callable[[], object]):
    """``compute()``, cached for everyone on this day: a figure of the institute's
    units (with ``None``: of every institute's, kept under the version that any
    institute's write changes) that no scope filters, such as which branches had
    their 党课 this year. Callers pick from it what a user's scope reaches."""
    from core import versioned_cache

    key = (name, timezone.localdate().isoformat(), institute_id)
    return versioned_cache.get_or_compute(
        versioned_cache.FIGURES, institute_id, key, compute
    )


def _panel_context(panel: Panel, scope: Scope) -> dict | None:
    """A panel's context; for a shared one (the same for everyone of one reach) the
    context as kept in the cache with its rendered HTML under ``rendered_html``
    (``home/_panels.html`` writes it as it is: rendering the office and leader homes'
    panels again on every request was most of those pages' template work). Shared
    panels' templates read nothing but ``panel`` (no form, no token, no user)."""
    if not panel.shared:
        ctx = panel.build(scope)
        # The key present (empty): a template variable that is missing costs Django
        # three failed lookups and an exception on every panel.
        return None if ctx is None else {**ctx, "rendered_html": ""}
    name = f"panel:{panel.template}:{panel.build.__module__}.{panel.build.__qualname__}"
    ctx, html = shared(scope, name, lambda: _rendered(panel, scope))
    return None if ctx is None else {**ctx, "rendered_html": html}


def _rendered(panel: Panel, scope: Scope) -> tuple[dict | None, str]:
    from django.template.loader import render_to_string

    ctx = panel.build(scope)
    if ctx is None:
        return None, ""
    return ctx, render_to_string(panel.template, {"panel": ctx})


def _office_counts(scope: Scope) -> dict:
    """Units and people in the office's reach (the office home's header)."""
    K = Organization.Kind
    counts = scope.units().aggregate(
        general_branches=Count("pk", filter=Q(kind=K.GENERAL_BRANCH)),
        branches=Count("pk", filter=Q(kind=K.BRANCH, is_active=True)),
        departments=Count("pk", filter=Q(kind=K.DEPARTMENT)),
    )
    counts.update(
        scope.people()
        .filter(is_active=True)
        .aggregate(
            staff=Count("pk"),
            members=Count("pk", filter=Q(political_status__in=Person.PARTY_STATUSES)),
        )
    )
    return counts
