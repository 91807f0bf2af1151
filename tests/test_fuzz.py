"""Bad numbers in URLs and query strings never bring a page down (no 5xx).

Every URL pattern's numeric arguments are tried with the edge values their converter
lets through (0, 2^31, the largest bigint; years at both ends), and every page without
arguments with each query parameter the views read set to 0, -1, 2^31, 2^63, 2^70 and
non-digits. Values the converters refuse (-1, 2^63, 2^70, non-digits in a path) never
reach a view; the converters are tested on their own. One client per role, a small
institute: the whole module takes seconds, not minutes.
"""

import logging
import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.urls.resolvers import RoutePattern

from core.converters import BIGINT_MAX, IdConverter, YearConverter

pytestmark = pytest.mark.django_db

BAD_QUERY_VALUES = ["0", "-1", "99999", str(2**31), str(2**70), "x１"]
# Pages that read no query parameter (sign-in, tokens, the language switch, health).
NO_QUERY = ("/accounts/", "/api/", "/i18n/", "/healthz", "/notifications/read-all/")
# Every query parameter a view of the project reads (grep request.GET): each list page
# gets them all at once, each bad value in turn.
QUERY_PARAMS = [
    "page",
    "year",
    "month",
    "quarter",
    "half",
    "unit",
    "branch",
    "person",
    "campaign",
    "round",
    "criterion",
    "institute",
    "category",
    "audience",
    "grade",
    "figure",
    "status",
    "state",
    "kind",
    "show",
    "by",
    "what",
    "rating",
    "mine",
    "all",
    "q",
    "set",
    "source",
    "next",
]
# Arguments that name an object reach the access helper's lookup, where every value the
# converter lets through is "not found": one value suffices. Other numbers (quarter,
# half) reach the view's own arithmetic: each edge.
NOT_IDS = {"year", "quarter", "half", "month"}
NUMBER_VALUES = ["0", "5", str(2**31), str(BIGINT_MAX)]
YEAR_VALUES = ["1900", "2999"]
SAMPLE = {
    "SlugConverter": "x",
    "StringConverter": "x",
    "PathConverter": "x",
    "UUIDConverter": str(uuid.UUID(int=1)),
}


def project_patterns(resolver=None, prefix=""):
    """(route, converters) of every named pattern of the project, admin left out."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin" or not isinstance(
                entry.pattern, RoutePattern
            ):
                continue
            yield from project_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and isinstance(entry.pattern, RoutePattern):
            yield prefix + str(entry.pattern), entry.pattern.converters


def _fill(route: str, converters, value_for) -> str:
    def one(match):
        name = match.group(2)
        return value_for(name, converters[name])

    return "/" + re.sub(r"<(\w+):(\w+)>", one, route)


def _urls_with_numbers(real_pk: int) -> dict[str, set[str]]:
    """URLs to try per role: pk arguments at the bigint's edge (office only); other
    numbers at each edge, next to ``real_pk`` for the ids (office and member)."""
    urls = {"office": set(), "member": set()}
    for route, converters in project_patterns():
        bounded = {
            name: c
            for name, c in converters.items()
            if isinstance(c, IdConverter | YearConverter)
        }
        if not bounded:
            continue
        numbers = [name for name in bounded if name in NOT_IDS]
        values = NUMBER_VALUES if numbers else [str(BIGINT_MAX)]
        other_ids = str(real_pk) if numbers else None
        for i, value in enumerate(values):

            def fill(name, converter, value=value, i=i, other_ids=other_ids):
                if isinstance(converter, YearConverter):
                    return YEAR_VALUES[i % 2]
                if isinstance(converter, IdConverter):
                    return other_ids if other_ids and name not in NOT_IDS else value
                return SAMPLE[type(converter).__name__]

            url = _fill(route, converters, fill)
            urls["office"].add(url)
            if numbers:
                urls["member"].add(url)
    return urls


def _pages_without_arguments() -> list[str]:
    return sorted(
        "/" + route
        for route, converters in project_patterns()
        if not converters
        and "<" not in route
        and not ("/" + route).startswith(NO_QUERY)
    )


@pytest.fixture
def quiet():
    logging.disable(logging.ERROR)
    yield
    logging.disable(logging.NOTSET)


def _clients(inst):
    clients = {}
    for role in ("office", "member"):
        client = Client(raise_request_exception=False)
        client.force_login(inst.user(role))
        clients[role] = client
    return clients


def test_no_pattern_of_the_project_uses_the_unbounded_int_converter():
    unbounded = [
        route
        for route, converters in project_patterns()
        if any(isinstance(c, IntConverter) for c in converters.values())
    ]
    assert unbounded == []


@pytest.mark.parametrize("value", ["-1", str(2**63), str(2**70), "9" * 19, "x", "１"])
def test_the_id_converter_refuses_what_postgres_cannot_hold(value):
    converter = IdConverter()
    matches = re.fullmatch(converter.regex, value)
    if matches:
        with pytest.raises(ValueError):
            converter.to_python(value)


@pytest.mark.parametrize("value", ["0000", "0", "1899", "3000", "99999", "-1"])
def test_the_year_converter_refuses_years_out_of_range(value):
    converter = YearConverter()
    if re.fullmatch(converter.regex, value):
        with pytest.raises(ValueError):
            converter.to_python(value)


def test_out_of_range_numbers_in_a_path_are_404(client, inst):
    client.force_login(inst.user("office"))
    for url in ("/reading/picks/0/", f"/reading/picks/{2**63}/", f"/plans/{2**70}/"):
        assert client.get(url).status_code == 404


def test_every_numeric_url_argument_at_its_edges_answers_without_a_server_error(
    inst, campaign, quiet
):
    failures = []
    # Quarters and halves hang off a campaign: the real one, so the view is reached.
    urls = _urls_with_numbers(campaign.pk)
    assert len(urls["office"]) > 100
    for role, client in _clients(inst).items():
        for url in sorted(urls[role]):
            status = client.get(url).status_code
            if status >= 500:
                failures.append(f"{role} {url} -> {status}")
    assert failures == []


def test_every_list_page_meets_bad_query_parameters_without_a_server_error(
    inst, campaign, quiet
):
    # Each request sets every parameter, each to another bad value (a Latin square):
    # the office's six requests a page give every parameter every value; a member's one
    # request a page, a rotation of them.
    failures = []
    pages = _pages_without_arguments()
    assert len(pages) > 30
    n = len(BAD_QUERY_VALUES)
    for role, client in _clients(inst).items():
        for p, page in enumerate(pages):
            for k in range(n) if role == "office" else [p % n]:
                query = {
                    param: BAD_QUERY_VALUES[(j + k) % n]
                    for j, param in enumerate(QUERY_PARAMS)
                }
                status = client.get(page, query).status_code
                if status >= 500:
                    failures.append(f"{role} {page}?{query} -> {status}")
    assert failures == []


def test_the_admin_meets_bad_ids_without_a_server_error(client, inst, quiet):
    client.force_login(inst.user("office"))
    client.raise_request_exception = False
    failures = []
    for model in ("organizations/person", "organizations/massmembership"):
        for value in ("0", "-1", str(2**63), str(2**70), "x"):
            for url in (
                f"/admin/{model}/{value}/change/",
                f"/admin/{model}/{value}/history/",
                f"/admin/{model}/{value}/delete/",
                f"/admin/{model}/{value}/history/{value}/",
                f"/admin/{model}/?id__exact={value}",
            ):
                status = client.get(url).status_code
                if status >= 500:
                    failures.append(f"{url} -> {status}")
    assert failures == []


def test_an_admin_list_link_reverses_with_the_bounded_converters():
    assert reverse("pledges:plan", args=[BIGINT_MAX]).endswith(f"/{BIGINT_MAX}/")
