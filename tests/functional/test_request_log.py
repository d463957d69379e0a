"""JSON log lines with a request id: the access line, the id sent back, forged ids replaced, and
the id on what the app logs while serving the request (or later, in a job it started)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator

import pytest
from flask import Flask

from talentmatch.request_log import HEADER, carrying_request_id
from tests.factories import DEFAULT_PASSWORD, make_graduate

GENERATED_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """A JSON-mode app configures the process's logging; put it back as the suite had it."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    app_logger = logging.getLogger("talentmatch")
    saved_app_handlers = app_logger.handlers[:]
    werkzeug = logging.getLogger("werkzeug")
    saved_werkzeug = werkzeug.level
    yield
    root.handlers[:] = saved_handlers
    root.setLevel(saved_level)
    app_logger.handlers[:] = saved_app_handlers
    werkzeug.setLevel(saved_werkzeug)


@pytest.fixture
def json_app(make_app, restore_logging) -> Flask:
    json_app = make_app(LOG_FORMAT="json", PROPAGATE_EXCEPTIONS=False)

    @json_app.get("/boom")
    def boom():
        logging.getLogger("talentmatch.services.example").warning("About to fail")
        raise RuntimeError("unexpected")

    return json_app


def json_lines(err: str) -> list[dict]:
    """Every line written to stderr, each parsed (a line that is not JSON fails the test)."""
    return [json.loads(line) for line in err.splitlines() if line.strip()]


def access_lines(err: str) -> list[dict]:
    return [line for line in json_lines(err) if line["logger"] == "talentmatch.access"]


def test_a_request_writes_one_json_access_line_with_the_id_the_response_carries(
    json_app, app_ctx, capsys
):
    graduate = make_graduate("grace@example.com")
    client = json_app.test_client()
    client.post("/auth/login", data={"email": "grace@example.com", "password": DEFAULT_PASSWORD})
    capsys.readouterr()

    response = client.get("/graduates/profile?token=s3cret-reset-token")

    assert response.status_code == 200
    request_id = response.headers[HEADER]
    assert GENERATED_ID.fullmatch(request_id)
    err = capsys.readouterr().err
    [line] = access_lines(err)
    assert line["request_id"] == request_id
    assert line["level"] == "INFO"
    assert line["method"] == "GET"
    assert line["path"] == "/graduates/profile"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["user_id"] == graduate.id
    assert line["time"]
    # No query string (it may hold a token) and no email address anywhere in the log.
    assert "s3cret-reset-token" not in err
    assert "grace@example.com" not in err


def test_an_anonymous_request_has_no_user_and_keeps_a_sane_incoming_id(json_app, capsys):
    incoming = "3f2a9c1e-0b7d-4c55-9e61-2d8f0a6b7c11"

    response = json_app.test_client().get("/", headers={HEADER: incoming})

    assert response.headers[HEADER] == incoming
    [line] = access_lines(capsys.readouterr().err)
    assert line["request_id"] == incoming
    assert line["status"] == 200
    assert "user_id" not in line


@pytest.mark.parametrize(
    "forged",
    [
        "a" * 101,  # too long
        'abc" injected="yes',  # quotes and spaces
        "line\tbreak",
        "-starts-with-a-dash",
        "../../etc/passwd",
    ],
)
def test_a_forged_or_overlong_request_id_is_replaced(json_app, capsys, forged):
    response = json_app.test_client().get("/", headers={HEADER: forged})

    request_id = response.headers[HEADER]
    assert GENERATED_ID.fullmatch(request_id)
    err = capsys.readouterr().err
    assert access_lines(err)[0]["request_id"] == request_id
    assert forged not in err


def test_lines_the_app_writes_while_serving_carry_the_request_id(json_app, capsys):
    response = json_app.test_client().get("/boom", headers={HEADER: "req-boom-1"})

    assert response.status_code == 500
    assert b"Something went wrong" in response.data
    lines = json_lines(capsys.readouterr().err)
    [warning] = [line for line in lines if line["message"] == "About to fail"]
    assert warning == {
        "time": warning["time"],
        "level": "WARNING",
        "logger": "talentmatch.services.example",
        "message": "About to fail",
        "request_id": "req-boom-1",
    }
    [error] = [line for line in lines if line["level"] == "ERROR"]
    assert error["request_id"] == "req-boom-1"
    assert "RuntimeError: unexpected" in error["exc_info"]
    [access] = [line for line in lines if line["logger"] == "talentmatch.access"]
    assert (access["status"], access["request_id"]) == (500, "req-boom-1")


def test_a_background_job_logs_with_the_id_of_the_request_that_started_it(json_app, capsys):
    job_log = logging.getLogger("talentmatch.services.example")

    with carrying_request_id("req-started-the-job"):
        job_log.info("Job ran")
    job_log.info("Outside any request")

    lines = json_lines(capsys.readouterr().err)
    assert [(line["message"], line["request_id"]) for line in lines] == [
        ("Job ran", "req-started-the-job"),
        ("Outside any request", None),
    ]


def test_every_response_carries_a_request_id_in_the_default_text_mode(client):
    first = client.get("/healthz").headers[HEADER]
    second = client.get("/healthz").headers[HEADER]

    assert GENERATED_ID.fullmatch(first)
    assert GENERATED_ID.fullmatch(second)
    assert first != second


@pytest.mark.parametrize(
    "path, logged",
    [
        ("/auth/reset/Zm9vYmFyLXNlY3JldC10b2tlbg", "/auth/reset/[token]"),
        ("/events/feed/Zm9vYmFyLXNlY3JldC10b2tlbg.ics", "/events/feed/[token].ics"),
    ],
)
def test_a_secret_in_the_path_is_not_logged(json_app, capsys, path, logged):
    json_app.test_client().get(path)

    err = capsys.readouterr().err
    [line] = access_lines(err)
    assert line["path"] == logged
    assert "Zm9vYmFyLXNlY3JldC10b2tlbg" not in err
