"""The OpenAPI schema, its docs page, and a schemathesis run against the schema:
generated requests as the office, through a token, meet no server error and no
response that breaks the schema."""

import re

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from evaluations.ballots import services as ballot_services
from evaluations.models import Score
from evaluations.scoring import services as scoring_services
from tests.api.builders import token_for
from tests.evaluations.ballots.builders import cast, make_round, staff_of, target_of

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# Rotating or withdrawing the token would end the run's own credentials; the token
# endpoint has tests of its own (test_tokens.py).
SKIPPED = {"/api/v1/token/"}


def test_it_serves_the_schema_to_anyone(client, db):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/plans/{id}/submit/" in schema["paths"]
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}


def test_it_documents_every_list_as_paginated(client, db):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    for path, operations in paths.items():
        if path.endswith("/") and "{id}" not in path and "get" in operations:
            parameters = {p["name"] for p in operations["get"].get("parameters", [])}
            assert "page" in parameters, path


def test_it_serves_the_docs_page_from_its_own_host(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    body = response.content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', body)
    assert sources
    for source in sources:
        assert source.startswith(("/static/vendor/swagger-ui/", "/api/docs/?")), source
    # No inline script: the page runs under "script-src 'self'".
    assert not re.search(r"<script>(?!</script>)", body)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_it_serves_the_docs_script_from_its_own_host(client, db):
    response = client.get("/api/docs/", {"script": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in response.content.decode()


def test_it_vendors_swagger_ui(client, db):
    root = settings.BASE_DIR / "static" / "vendor" / "swagger-ui"
    for name in (
        "swagger-ui-bundle.js",
        "swagger-ui-standalone-preset.js",
        "swagger-ui.css",
        "favicon-32x32.png",
        "LICENSE",
    ):
        assert (root / name).is_file(), name


# ---------------------------------------------------------------------------
# schemathesis


@pytest.fixture
def app():
    """The project's WSGI application, in this test's database transaction.

    As Django's own test client does, requests must not close the connection the
    test's transaction lives on.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def known_ids(world):
    """Ids that exist, so some requests reach real objects and not only 404s."""
    round = make_round(world.inst)
    for voter in staff_of(world.inst, 3):
        cast(round, voter, target_of(round, unit=world.inst.branch))
    ballot_services.round_close(round=round)
    ballot_services.round_tally(round=round)
    scoring_services.scores_compute(campaign=world.campaign)
    scoring_services.scores_publish(campaign=world.campaign, by=world.user("office"))
    return {
        "organisations": world.inst.branch.pk,
        "people": world.inst.people["member"].pk,
        "campaigns": world.campaign.pk,
        "plans": world.draft_plan.pk,
        "pledges": world.draft_pledge.pk,
        "rounds": round.pk,
        "scores": Score.objects.filter(campaign=world.campaign).first().pk,
    }


def run_operation(operation, strategy, headers):
    @hypothesis_settings(
        max_examples=20,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def test_it_meets_its_schema_under_generated_requests(app, world, known_ids):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app)
    headers = {"Authorization": f"Token {token_for(world.user('office'))}"}
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path in SKIPPED:
            continue
        strategies = [operation.as_strategy()]
        if "{id}" in operation.path:
            resource = operation.path.split("/")[3]
            strategies.append(
                operation.as_strategy(path_parameters={"id": str(known_ids[resource])})
            )
        for strategy in strategies:
            run_operation(operation, strategy, headers)
        ran += 1
    assert ran == 23
