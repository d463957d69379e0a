"""/readyz asks the job queue's Redis too (when REDIS_URL is set), against a real Redis of the
test's own that it stops and starts; /healthz stays a liveness check of the database alone."""

from __future__ import annotations

import pytest
from flask import Flask

from talentmatch.services import matching
from tests.factories import make_job
from tests.own_postgres import _free_port


@pytest.fixture
def fitted_model(app, app_ctx) -> str:
    """An active matching model in the database, so only the queue decides readiness."""
    make_job(title="Data analyst")
    return str(matching.fit_and_activate().id)


def queue_app(make_app, redis_url: str) -> Flask:
    return make_app(REDIS_URL=redis_url, MATCHING_CHECK_SECONDS=0)


def test_readyz_is_ready_when_the_queues_redis_answers(make_app, redis_server, fitted_model):
    client = queue_app(make_app, redis_server.url).test_client()

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ready",
        "database": "ok",
        "model": "ok",
        "model_version": fitted_model,
        "queue": "ok",
        "missing": [],
    }


def test_readyz_fails_while_the_queues_redis_is_down_and_recovers_without_a_restart(
    make_app, redis_server, fitted_model
):
    client = queue_app(make_app, redis_server.url).test_client()
    assert client.get("/readyz").status_code == 200

    redis_server.stop()
    down = client.get("/readyz")
    alive = client.get("/healthz")

    assert down.status_code == 503
    assert down.get_json()["status"] == "unavailable"
    assert down.get_json()["queue"] == "unavailable"
    assert down.get_json()["missing"] == ["queue"]
    # Liveness is the database alone: the process is fine and must not be restarted.
    assert alive.status_code == 200
    assert alive.get_json() == {"status": "ok"}

    redis_server.start()
    back = client.get("/readyz")
    assert back.status_code == 200
    assert back.get_json()["queue"] == "ok"


def test_readyz_fails_when_the_configured_redis_was_never_there(make_app, fitted_model):
    client = queue_app(make_app, f"redis://127.0.0.1:{_free_port()}/0").test_client()

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.get_json()["queue"] == "unavailable"
    assert response.get_json()["missing"] == ["queue"]


def test_without_redis_the_queue_is_in_process_and_does_not_hold_readiness(make_app, fitted_model):
    client = make_app(REDIS_URL=None, MATCHING_CHECK_SECONDS=0).test_client()

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.get_json()["queue"] == "in-process"
    assert response.get_json()["missing"] == []
