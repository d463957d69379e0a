"""Rate limits: failed logins per account and per client, registration, reset, the API; Redis
shared between app instances, and a Redis that is down."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest
from sqlalchemy import select

from talentmatch.extensions import db, limiter
from talentmatch.models import AuditEvent
from tests.factories import DEFAULT_PASSWORD, make_graduate
from tests.mailbox import last_link

WRONG = "not the password"


@pytest.fixture
def limits_on(make_app):
    """An app with rate limits switched on (the limiter is one object per process: it is given
    back switched off to the other tests)."""

    def build(**settings: object):
        return make_app(RATELIMIT_ENABLED=True, **settings)

    yield build
    limiter.enabled = False


def _login(client, email: str, password: str = WRONG, address: str = "10.0.0.1", **headers):
    return client.post(
        "/auth/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )


def test_the_next_failed_login_for_an_account_is_refused_with_retry_after(limits_on):
    app = limits_on(LOGIN_ACCOUNT_RATE_LIMIT="3 per 15 minutes", LOGIN_RATE_LIMIT="100/minute")
    client = app.test_client()
    # From three different addresses: the account's attempts count together.
    statuses = [
        _login(client, "grace@example.com", address=f"10.0.0.{i}").status_code for i in (1, 2, 3)
    ]
    assert statuses == [400, 400, 400]
    refused = _login(client, "GRACE@example.com", address="10.0.0.9")
    assert refused.status_code == 429
    assert 800 <= int(refused.headers["Retry-After"]) <= 900
    page = refused.get_data(as_text=True)
    assert "Too many attempts. Please wait 15 minutes and try again." in page
    assert 'href="/auth/forgot-password"' in page  # the way in that does not wait
    # Another account is not affected.
    assert _login(client, "someone.else@example.com").status_code == 400
    with app.app_context():
        breach = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "rate_limited"))
        assert breach.email == "grace@example.com" and breach.client_address == "10.0.0.9"


def test_the_next_failed_login_from_one_address_is_refused_whatever_the_account(limits_on):
    app = limits_on(LOGIN_RATE_LIMIT="4 per minute", LOGIN_ACCOUNT_RATE_LIMIT="100/minute")
    client = app.test_client()
    for n in range(4):
        assert _login(client, f"guess{n}@example.com").status_code == 400
    refused = _login(client, "guess9@example.com")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert _login(client, "guess9@example.com", address="10.0.0.2").status_code == 400


def test_successful_logins_do_not_count(limits_on):
    app = limits_on(LOGIN_RATE_LIMIT="2 per minute", LOGIN_ACCOUNT_RATE_LIMIT="2 per minute")
    with app.app_context():
        make_graduate(email="grace@example.com")
    client = app.test_client()
    for _ in range(5):
        assert _login(client, "grace@example.com", DEFAULT_PASSWORD).status_code == 302
        client.post("/auth/logout")
    assert _login(client, "grace@example.com").status_code == 400
    assert _login(client, "grace@example.com").status_code == 400
    assert _login(client, "grace@example.com", DEFAULT_PASSWORD).status_code == 429


def test_behind_a_proxy_clients_are_told_apart_by_x_forwarded_for(limits_on):
    app = limits_on(PROXY_COUNT=1, LOGIN_RATE_LIMIT="1 per minute")
    client = app.test_client()
    assert _login(client, "a@example.com", X_Forwarded_For="192.0.2.1").status_code == 400
    assert _login(client, "b@example.com", X_Forwarded_For="192.0.2.2").status_code == 400
    assert _login(client, "c@example.com", X_Forwarded_For="192.0.2.1").status_code == 429


def test_without_a_proxy_x_forwarded_for_is_ignored(limits_on):
    app = limits_on(LOGIN_RATE_LIMIT="1 per minute")
    client = app.test_client()
    assert _login(client, "a@example.com", X_Forwarded_For="192.0.2.1").status_code == 400
    assert _login(client, "b@example.com", X_Forwarded_For="192.0.2.2").status_code == 429


def test_registration_and_reset_requests_are_limited(limits_on):
    app = limits_on(REGISTRATION_RATE_LIMIT="1 per hour", PASSWORD_RESET_EMAIL_RATE_LIMIT="1/hour")
    client = app.test_client()
    form = {"role": "graduate", "full_name": "A", "email": "x@example.com", "password": "p"}
    assert client.post("/auth/register", data=form).status_code == 400  # weak password
    refused = client.post("/auth/register", data=form)
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert client.get("/auth/register").status_code == 200  # only sign-ups count

    reset = {"email": "grace@example.com"}
    assert client.post("/auth/forgot-password", data=reset).status_code == 302
    assert client.post("/auth/forgot-password", data=reset).status_code == 429
    other = {"email": "someone@example.com"}
    assert client.post("/auth/forgot-password", data=other).status_code == 302


def test_verification_resend_is_limited(limits_on):
    app = limits_on(VERIFICATION_RESEND_RATE_LIMIT="1 per hour")
    with app.app_context():
        user = make_graduate(email="grace@example.com")
        user.email_verified = False
        db.session.commit()
    client = app.test_client()
    _login(client, "grace@example.com", DEFAULT_PASSWORD)
    assert client.post("/auth/verify/resend").status_code == 302
    refused = client.post("/auth/verify/resend")
    assert refused.status_code == 429
    assert "Too many attempts" in refused.get_data(as_text=True)


def test_the_json_api_answers_429_in_json_with_retry_after(limits_on):
    app = limits_on(API_RATE_LIMIT="2 per minute")
    client = app.test_client()
    assert [client.get("/api/skills?q=py").status_code for _ in range(2)] == [200, 200]
    refused = client.get("/api/skills?q=py")
    assert refused.status_code == 429
    assert refused.is_json and refused.get_json()["error"] == "Too many requests"
    assert "Please wait" in refused.get_json()["message"]
    assert int(refused.headers["Retry-After"]) >= 1


# Redis


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


OTHER_INSTANCE = """
import json, sys
from talentmatch import create_app
settings = json.loads(sys.argv[1])
app = create_app({"TALENTMATCH_CONFIG": "testing", **settings})
client = app.test_client()
statuses = [
    client.post("/auth/login", data={"email": "grace@example.com", "password": "wrong"}).status_code
    for _ in range(int(sys.argv[2]))
]
print(json.dumps(statuses))
"""


def _other_instance(settings: dict[str, object], attempts: int) -> list[int]:
    """Failed logins made by another process: another worker or host of the app."""
    result = subprocess.run(
        [sys.executable, "-c", OTHER_INSTANCE, json.dumps(settings), str(attempts)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_limits_in_redis_are_shared_between_app_instances(app, limits_on, redis_url):
    # This Redis is the test's own, so the default key prefix is safe to share.
    settings = {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": redis_url,
        "LOGIN_ACCOUNT_RATE_LIMIT": "3 per minute",
    }
    here = limits_on(
        RATELIMIT_STORAGE_URI=redis_url,
        LOGIN_ACCOUNT_RATE_LIMIT="3 per minute",
    )
    assert _other_instance(settings, 2) == [400, 400]
    client = here.test_client()
    assert _login(client, "grace@example.com").status_code == 400
    assert _login(client, "grace@example.com").status_code == 429
    assert _other_instance(settings, 1) == [429]
    # The same attempts against memory storage: each instance counts only its own.
    memory = {**settings, "RATELIMIT_STORAGE_URI": "memory://"}
    assert _other_instance(memory, 1) == [400]


def test_with_redis_unreachable_login_and_registration_still_work(limits_on, caplog):
    app = limits_on(
        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{_free_port()}/0",
        RATELIMIT_STORAGE_OPTIONS={"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    )
    with app.app_context():
        make_graduate(email="grace@example.com")
    client = app.test_client()
    assert _login(client, "grace@example.com").status_code == 400
    assert _login(client, "grace@example.com", DEFAULT_PASSWORD).status_code == 302
    client.post("/auth/logout")
    form = {
        "role": "graduate",
        "full_name": "New Person",
        "email": "new@example.com",
        "password": "northern lights 42",
        "confirm": "northern lights 42",
        "university_id": "0",
    }
    assert client.post("/auth/register", data=form).status_code == 302
    assert client.post("/auth/forgot-password", data={"email": "a@example.com"}).status_code == 302
    assert client.get("/api/skills?q=py").status_code == 200
    assert "Failed to rate limit" in caplog.text


def test_redis_that_stops_while_serving_fails_open_and_limits_again_once_it_is_back(
    limits_on, redis_server
):
    app = limits_on(
        RATELIMIT_STORAGE_URI=redis_server.url,
        RATELIMIT_STORAGE_OPTIONS={"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        LOGIN_RATE_LIMIT="2 per minute",
    )
    client = app.test_client()
    assert _login(client, "a@example.com").status_code == 400
    redis_server.stop()
    statuses = [_login(client, "a@example.com").status_code for _ in range(4)]
    assert statuses == [400] * 4  # served, not limited, never a 500
    redis_server.start()  # an empty Redis: the counts start again, no restart of the app
    statuses = [_login(client, "a@example.com").status_code for _ in range(3)]
    assert statuses == [400, 400, 429]


def test_named_limits_for_export_and_messaging_count_per_account_across_routes(limits_on):
    from talentmatch import limits

    app = limits_on(MESSAGE_RATE_LIMIT="2 per hour", EXPORT_RATE_LIMIT="1 per hour")

    @app.post("/messages/a")
    @limits.messaging
    def send_a():
        return "sent"

    @app.post("/messages/b")
    @limits.messaging
    def send_b():
        return "sent"

    @app.get("/export")
    @limits.data_export
    def export():
        return "exported"

    with app.app_context():
        make_graduate(email="grace@example.com")
        make_graduate(email="kai@example.com")
    grace, kai = app.test_client(), app.test_client()
    for client in (grace, kai):
        # Both from one address, as the login below (sessions are bound to it).
        client.environ_base["REMOTE_ADDR"] = "10.0.0.1"
    _login(grace, "grace@example.com", DEFAULT_PASSWORD)
    _login(kai, "kai@example.com", DEFAULT_PASSWORD)
    assert grace.post("/messages/a").status_code == 200
    assert grace.post("/messages/b").status_code == 200
    assert grace.post("/messages/a").status_code == 429
    assert kai.post("/messages/b").status_code == 200  # per account, from the same address
    assert grace.get("/export").status_code == 200
    refused = grace.get("/export")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 3000


def test_a_password_reset_ends_a_lock_out_of_the_account(limits_on, smtp_server):
    """Someone else's wrong guesses lock the account; resetting the password by email lets its
    owner straight back in."""
    app = limits_on(
        LOGIN_ACCOUNT_RATE_LIMIT="3 per 15 minutes",
        LOGIN_RATE_LIMIT="100/minute",
        MAIL_SERVER=smtp_server.host,
        MAIL_PORT=smtp_server.port,
    )
    with app.app_context():
        make_graduate(email="grace@example.com")
    client = app.test_client()
    for i in (1, 2, 3):
        _login(client, "grace@example.com", address=f"10.0.0.{i}")
    locked = _login(client, "grace@example.com", password=DEFAULT_PASSWORD, address="10.9.9.9")
    assert locked.status_code == 429

    client.post("/auth/forgot-password", data={"email": "grace@example.com"})
    link = last_link(smtp_server, "grace@example.com", "/auth/reset/")
    new_password = "lighthouse on porkkala"
    assert (
        client.post(link, data={"password": new_password, "confirm": new_password}).status_code
        == 302
    )

    back = _login(client, "grace@example.com", password=new_password, address="10.9.9.9")
    assert back.status_code == 302
    # Another account's count is untouched.
    for i in (1, 2, 3):
        _login(client, "someone.else@example.com", address=f"10.0.1.{i}")
    assert _login(client, "someone.else@example.com", address="10.0.1.9").status_code == 429
