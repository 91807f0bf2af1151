from unittest import mock

from django.db.utils import OperationalError


def test_it_reports_database_and_broker_state(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["database"] == "ok"
    assert data["broker"] == "ok"


def test_it_answers_503_when_the_database_does_not(client, db):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"].startswith("down")


def test_it_reports_a_dead_redis_as_down_without_failing(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"].startswith("down")
