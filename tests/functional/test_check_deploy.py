"""`flask check-deploy`: a correct production configuration passes, a broken one names each
problem and exits non-zero, and an app that refuses to start is reported, not a traceback."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from flask.cli import ScriptInfo

from talentmatch import ROOT, create_app
from talentmatch.deploy_check import check_deploy_command

REDIS_URL = "redis://127.0.0.1:6379/0"
CLEARED = (
    "FLASK_",
    "TALENTMATCH_",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "MAIL_",
    "TRUSTED_HOSTS",
    "HSTS_",
    "PRIVACY_",
    "VERIFICATION_",
    "PUBLIC_URL",
    "LOG_",
)


def check_deploy(**environment: str) -> subprocess.CompletedProcess[str]:
    """Run `flask check-deploy` as an operator would, with only `environment` configuring it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(CLEARED)}
    env.update(TALENTMATCH_CONFIG="production", **environment)
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "check-deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _postgres_database(request: pytest.FixtureRequest) -> str:
    """The PostgreSQL test database in the PostgreSQL pass; a server of the test's own otherwise."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url.startswith("postgresql"):
        return url
    return request.getfixturevalue("own_postgres").url


def test_a_correct_production_configuration_passes(smtp_server, request):
    result = check_deploy(
        SECRET_KEY=secrets.token_hex(32),
        DATABASE_URL=_postgres_database(request),
        REDIS_URL=REDIS_URL,
        MAIL_SERVER=smtp_server.host,
        MAIL_PORT=str(smtp_server.port),
        MAIL_FROM="TalentMatch <no-reply@talentmatch.example.fi>",
        TRUSTED_HOSTS="talentmatch.example.fi",
        PRIVACY_CONTACT="privacy@talentmatch.example.fi",
        VERIFICATION_CONTACT="employers@talentmatch.example.fi",
        ACCESSIBILITY_CONTACT="accessibility@talentmatch.example.fi",
        PUBLIC_URL="https://talentmatch.example.fi",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert not [line for line in lines if line.startswith(("FAIL", "WARN"))]
    for expected in (
        "OK    configuration: production",
        "OK    debug: off",
        "OK    SECRET_KEY: set, 64 characters",
        "OK    cookies: Secure, HttpOnly and SameSite for the session and remember-me",
        "OK    TRUSTED_HOSTS: talentmatch.example.fi",
        f"OK    Redis: {REDIS_URL} answers",
        f"OK    mail: {smtp_server.host}:{smtp_server.port} answers",
        "OK    PUBLIC_URL: https://talentmatch.example.fi",
        "OK    contacts: PRIVACY_CONTACT: privacy@talentmatch.example.fi",
        "OK    contacts: ACCESSIBILITY_CONTACT: accessibility@talentmatch.example.fi",
        "OK    rate limits: on",
        "OK    HSTS: max-age=31536000",
        "OK    packages: gunicorn, rq, redis installed",
        "OK    logs: JSON lines with request ids",
    ):
        assert expected in lines
    assert any(line.startswith("OK    database: postgresql") for line in lines)
    assert lines[-1] == "No problems found."


def test_a_broken_production_configuration_names_each_problem(tmp_path):
    result = check_deploy(
        SECRET_KEY="short-key",
        DATABASE_URL=f"sqlite:///{tmp_path}/talentmatch.db",
        REDIS_URL="redis://127.0.0.1:1/0",
        FLASK_DEBUG="1",
        HSTS_MAX_AGE="0",
    )
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "FAIL  debug: on" in out
    assert "FAIL  SECRET_KEY: 9 characters, shorter than 32" in out
    assert "short-key" not in out
    assert "FAIL  TRUSTED_HOSTS: unset" in out
    assert "FAIL  database: SQLite" in out
    assert "FAIL  Redis: redis://127.0.0.1:1/0 does not answer" in out
    assert "(rate limits, the job queue and /readyz need it)" in out
    assert "FAIL  mail: MAIL_SERVER unset" in out
    assert "FAIL  HSTS: off" in out
    assert out.splitlines()[-1] == "7 problem(s) found; fix them before deploying."


def test_insecure_cookies_csrf_and_rate_limits_off_are_each_named(make_app):
    broken = make_app(
        SESSION_COOKIE_SECURE=False,
        REMEMBER_COOKIE_SECURE=False,
        SESSION_COOKIE_HTTPONLY=False,
        REMEMBER_COOKIE_SAMESITE="None",
        WTF_CSRF_ENABLED=False,
        RATELIMIT_ENABLED=False,
        SECRET_KEY="testing-secret-key",
    )
    result = broken.test_cli_runner().invoke(args=["check-deploy"])
    assert result.exit_code == 1
    out = result.output
    assert (
        "FAIL  configuration: 'testing'; a deployment runs with TALENTMATCH_CONFIG=production"
        in out
    )
    assert "FAIL  testing: TESTING is on" in out
    assert "FAIL  SECRET_KEY: a published default or testing value" in out
    assert "FAIL  CSRF protection: WTF_CSRF_ENABLED is off" in out
    assert "FAIL  cookies: SESSION_COOKIE_SECURE is off" in out
    assert "FAIL  cookies: REMEMBER_COOKIE_SECURE is off" in out
    assert "FAIL  cookies: SESSION_COOKIE_HTTPONLY is off" in out
    assert "FAIL  cookies: REMEMBER_COOKIE_SAMESITE is 'None'" in out
    assert "FAIL  rate limits: RATELIMIT_ENABLED is off" in out
    assert "testing-secret-key" not in out


def test_an_unreachable_mail_server_is_named(make_app):
    with_mail = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)
    result = with_mail.test_cli_runner().invoke(args=["check-deploy"])
    assert result.exit_code == 1
    assert "FAIL  mail: 127.0.0.1:1 does not answer" in result.output


def test_an_app_that_refuses_to_start_is_reported_with_the_rest_of_its_settings(app, monkeypatch):
    import config

    monkeypatch.setenv("TALENTMATCH_CONFIG", "production")
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", None)
    info = ScriptInfo(create_app=lambda: create_app({"TALENTMATCH_CONFIG": "production"}))
    result = app.test_cli_runner().invoke(check_deploy_command, obj=info)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        "FAIL  app: does not start: SECRET_KEY must be set in the environment for production."
    )
    assert "FAIL  SECRET_KEY: missing: set SECRET_KEY in the environment" in lines
    assert "OK    configuration: production" in lines
    assert "FAIL  debug: on: the debugger would run code typed into an error page" in lines
    assert "OK    HSTS: max-age=31536000" in lines


def test_mail_settings_that_would_leak_or_contradict_are_named(make_app):
    both = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_USE_TLS=True, MAIL_USE_SSL=True)
    result = both.test_cli_runner().invoke(args=["check-deploy"])
    assert "FAIL  mail: MAIL_USE_TLS and MAIL_USE_SSL are both on" in result.output
    plain = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_USERNAME="talentmatch")
    result = plain.test_cli_runner().invoke(args=["check-deploy"])
    assert "FAIL  mail: MAIL_USERNAME is set without MAIL_USE_TLS or MAIL_USE_SSL" in result.output
    assert "WARN  PUBLIC_URL: unset: links in emails sent by" in result.output


def test_production_without_redis_fails(make_app):
    without = make_app(REDIS_URL=None, RATELIMIT_STORAGE_URI="memory://")
    result = without.test_cli_runner().invoke(args=["check-deploy"])
    assert result.exit_code == 1
    assert "FAIL  Redis: REDIS_URL unset: rate limits would be counted separately" in (
        result.output
    )


def test_missing_gunicorn_rq_or_redis_packages_are_named(make_app, monkeypatch):
    for package in ("gunicorn", "rq", "redis"):
        monkeypatch.setitem(sys.modules, package, None)  # `import` now fails as if uninstalled
    checked = make_app(REDIS_URL=REDIS_URL)
    result = checked.test_cli_runner().invoke(args=["check-deploy"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert (
        "FAIL  packages: gunicorn, rq, redis not installed: the web or worker service cannot "
        "start; install them with pip install 'talentmatch[production]'"
    ) in lines
    assert not [line for line in lines if "Redis:" in line]
