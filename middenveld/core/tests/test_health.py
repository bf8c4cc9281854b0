from unittest import mock

import pytest
from django.db.utils import OperationalError


@pytest.mark.django_db
def test_health_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


@pytest.mark.django_db
def test_health_is_503_when_the_database_does_not_answer(client):
    with mock.patch(
        "middenveld.core.views.connection.cursor", side_effect=OperationalError("down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unavailable"


@pytest.mark.django_db
def test_health_checks_the_cache_when_redis_is_configured(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    response = client.get("/healthz")
    assert response.json()["checks"]["cache"] == "ok"
    with mock.patch("middenveld.core.views.cache.set", side_effect=ConnectionError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "unavailable"


@pytest.mark.django_db
def test_ping_is_the_trivial_ceiling_view(client):
    response = client.get("/ping")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_health_checks_the_queue_when_tasks_go_to_redis(client, settings):
    settings.TASK_BACKEND = "rq"
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:6379/15"}}
    with mock.patch("django_rq.get_connection") as connection:
        connection.return_value.ping.return_value = True
        assert client.get("/healthz").json()["checks"]["queue"] == "ok"
        connection.return_value.ping.side_effect = ConnectionError("down")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["queue"] == "unavailable"
