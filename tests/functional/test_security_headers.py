"""Security headers on every kind of response, and no caching of what a signed-in person sees."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from tests.factories import make_graduate

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def assert_security_headers(response: TestResponse) -> None:
    headers = response.headers
    assert headers["Content-Security-Policy"] == POLICY
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert "microphone=()" in headers["Permissions-Policy"]


def test_a_page_carries_the_security_headers_and_is_not_cached(client):
    response = client.get("/")
    assert response.status_code == 200
    assert_security_headers(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_a_redirect_carries_the_security_headers(client):
    response = client.get("/graduates/profile")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
    assert_security_headers(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_a_404_page_carries_the_security_headers(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"Page not found" in response.data
    assert_security_headers(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_a_500_page_carries_the_security_headers(failing_app):
    response = failing_app.test_client().get("/boom")
    assert response.status_code == 500
    assert b"Something went wrong" in response.data
    assert_security_headers(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_json_carries_the_security_headers(client):
    response = client.get("/api/skills?q=python")
    assert response.status_code == 200
    assert response.is_json
    assert_security_headers(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_a_json_error_carries_the_security_headers(app, client, auth):
    with app.app_context():
        make_graduate(email="grace@example.com")
    auth.login("grace@example.com")
    response = client.post("/api/suggestions/skills", json={"text": 42})
    assert response.status_code == 400
    assert response.get_json()["error"] == "Bad request"
    assert_security_headers(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_a_static_file_carries_the_security_headers_and_stays_cacheable(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    assert_security_headers(response)
    # The same stylesheet for everyone: revalidated with its ETag rather than never stored.
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert response.headers["ETag"]
    response.close()


@pytest.mark.parametrize(
    "path", ["/graduates/profile", "/graduates/profile/edit", "/graduates/for-you", "/"]
)
def test_nothing_a_signed_in_graduate_sees_is_stored_by_the_browser(app, client, auth, path):
    with app.app_context():
        make_graduate(email="grace@example.com", full_name="Grace Hopper")
    assert auth.login("grace@example.com").status_code == 302
    response = client.get(path)
    assert response.status_code == 200
    assert b"Log out" in response.data
    assert response.headers["Cache-Control"] == "no-store"
    assert_security_headers(response)


def test_a_signed_in_persons_404_is_not_stored(app, client, auth):
    with app.app_context():
        make_graduate(email="grace@example.com")
    auth.login("grace@example.com")
    response = client.get("/graduates/no-such-page")
    assert response.status_code == 404
    assert response.headers["Cache-Control"] == "no-store"


def test_hsts_is_off_outside_production(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_hsts_is_sent_where_configured(make_app):
    secured: Flask = make_app(HSTS_MAX_AGE=31_536_000, HSTS_INCLUDE_SUBDOMAINS=True)
    response = secured.test_client().get("/")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    not_found = secured.test_client().get("/nowhere")
    assert not_found.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_production_configuration_sends_hsts_for_a_year():
    import config

    assert config.ProductionConfig.HSTS_MAX_AGE == 365 * 24 * 3600
    assert config.DevelopmentConfig.HSTS_MAX_AGE == 0


def test_a_host_outside_trusted_hosts_is_refused_with_a_400_not_a_500(make_app):
    guarded = make_app(TRUSTED_HOSTS=["talentmatch.example.fi"], PROPAGATE_EXCEPTIONS=False)
    client = guarded.test_client()
    refused = client.get("/", headers={"Host": "attacker.example.com"})
    assert refused.status_code == 400
    assert refused.get_data(as_text=True) == "This site does not answer to that host name."
    assert_security_headers(refused)
    answered = client.get("/about", headers={"Host": "talentmatch.example.fi"})
    assert answered.status_code == 200


def test_trusted_hosts_are_read_from_the_environment(monkeypatch):
    import importlib

    import config

    monkeypatch.setenv("TRUSTED_HOSTS", "talentmatch.example.fi, .talentmatch.fi")
    try:
        assert importlib.reload(config).Config.TRUSTED_HOSTS == [
            "talentmatch.example.fi",
            ".talentmatch.fi",
        ]
    finally:
        monkeypatch.delenv("TRUSTED_HOSTS")
        importlib.reload(config)
