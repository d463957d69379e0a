"""`flask check-deploy`: the settings the app would run with, checked before it is deployed.

Each check prints an OK, WARN or FAIL line; any FAIL makes the command exit with status 1. Secrets
and passwords are never printed.
"""

from __future__ import annotations

import importlib
import smtplib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from flask import Config, Flask
from flask.cli import ScriptInfo
from flask.helpers import get_debug_flag
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from talentmatch.mail_transport import open_smtp

OK, WARN, FAIL = "OK", "WARN", "FAIL"
CONNECT_TIMEOUT_SECONDS = 3
MIN_SECRET_KEY_LENGTH = 32
# Keys that appear in tutorials, examples and this project's own test settings.
KNOWN_SECRET_KEYS = frozenset(
    {
        "testing-secret-key",
        "dev",
        "development",
        "secret",
        "secret-key",
        "secret_key",
        "changeme",
        "change-me",
        "please-change-me",
        "your-secret-key",
        "super-secret",
        "supersecretkey",
        "default",
        "talentmatch",
    }
)
PLACEHOLDER_MAIL_DOMAIN = "@talentmatch.local"
# Imported by the web service (gunicorn), the worker service (rq) and both (redis).
PRODUCTION_PACKAGES = ("gunicorn", "rq", "redis")


@dataclass(frozen=True)
class Finding:
    level: str  # OK, WARN or FAIL
    subject: str
    message: str

    def line(self) -> str:
        return f"{self.level:<5} {self.subject}: {self.message}"


Settings = Mapping[str, Any]


def check_configuration_name(config: Settings) -> Iterator[Finding]:
    name = config.get("CONFIG_NAME", "unknown")
    if name == "production":
        yield Finding(OK, "configuration", "production")
    else:
        yield Finding(
            FAIL,
            "configuration",
            f"{name!r}; a deployment runs with TALENTMATCH_CONFIG=production",
        )


def check_debug(config: Settings) -> Iterator[Finding]:
    if config.get("DEBUG"):
        yield Finding(FAIL, "debug", "on: the debugger would run code typed into an error page")
    else:
        yield Finding(OK, "debug", "off")
    if config.get("TESTING"):
        yield Finding(FAIL, "testing", "TESTING is on: errors would not show the error page")
    if config.get("DEMO_SIGN_IN"):
        yield Finding(
            FAIL, "demo tour", "DEMO_SIGN_IN is on: anyone could sign in as the demo accounts"
        )


def check_secret_key(config: Settings) -> Iterator[Finding]:
    key = config.get("SECRET_KEY")
    if not key:
        yield Finding(FAIL, "SECRET_KEY", "missing: set SECRET_KEY in the environment")
    elif not isinstance(key, str | bytes):
        yield Finding(FAIL, "SECRET_KEY", "not a string")
    elif (key.decode(errors="replace") if isinstance(key, bytes) else key).lower() in (
        KNOWN_SECRET_KEYS
    ):
        yield Finding(FAIL, "SECRET_KEY", "a published default or testing value")
    elif len(key) < MIN_SECRET_KEY_LENGTH:
        yield Finding(
            FAIL,
            "SECRET_KEY",
            f"{len(key)} characters, shorter than {MIN_SECRET_KEY_LENGTH}; "
            'generate one with: python -c "import secrets; print(secrets.token_hex(32))"',
        )
    elif len(set(key)) < 8:
        yield Finding(FAIL, "SECRET_KEY", "weak: it repeats a handful of characters")
    else:
        yield Finding(OK, "SECRET_KEY", f"set, {len(key)} characters")


def _must_be_on(config: Settings, key: str, subject: str, why: str) -> Iterator[Finding]:
    if config.get(key, True):
        yield Finding(OK, subject, "on")
    else:
        yield Finding(FAIL, subject, f"{key} is off{why}")


def check_csrf(config: Settings) -> Iterator[Finding]:
    yield from _must_be_on(
        config, "WTF_CSRF_ENABLED", "CSRF protection", ": forms could be sent from other sites"
    )


def check_cookies(config: Settings) -> Iterator[Finding]:
    problems = []
    for prefix, cookie in (("SESSION", "session"), ("REMEMBER", "remember-me")):
        if not config.get(f"{prefix}_COOKIE_SECURE"):
            problems.append(
                f"{prefix}_COOKIE_SECURE is off: the {cookie} cookie would be sent over plain HTTP"
            )
        if not config.get(f"{prefix}_COOKIE_HTTPONLY"):
            problems.append(
                f"{prefix}_COOKIE_HTTPONLY is off: scripts could read the {cookie} cookie"
            )
        same_site = config.get(f"{prefix}_COOKIE_SAMESITE")
        if str(same_site).lower() not in ("lax", "strict"):
            problems.append(
                f"{prefix}_COOKIE_SAMESITE is {same_site!r}: other sites' requests would carry "
                f"the {cookie} cookie (use 'Lax' or 'Strict')"
            )
    for problem in problems:
        yield Finding(FAIL, "cookies", problem)
    if not problems:
        yield Finding(
            OK, "cookies", "Secure, HttpOnly and SameSite for the session and remember-me"
        )


def check_trusted_hosts(config: Settings) -> Iterator[Finding]:
    hosts = config.get("TRUSTED_HOSTS")
    if not hosts:
        yield Finding(
            FAIL,
            "TRUSTED_HOSTS",
            "unset: any Host header is accepted (set TRUSTED_HOSTS=talentmatch.example.fi)",
        )
    else:
        yield Finding(OK, "TRUSTED_HOSTS", ", ".join(hosts))


def check_database(config: Settings) -> Iterator[Finding]:
    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    shown = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite":
        yield Finding(
            FAIL,
            "database",
            f"SQLite ({shown}) is one file on one host; a deployment uses PostgreSQL "
            "through DATABASE_URL",
        )
        return
    connect_args = {}
    if url.get_backend_name() == "postgresql":
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
    engine = create_engine(url, connect_args=connect_args, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # any driver's failure to answer is the finding
        yield Finding(FAIL, "database", f"{shown} does not answer: {_first_line(error)}")
    else:
        yield Finding(OK, "database", f"{shown} answers")
    finally:
        engine.dispose()


def check_redis(config: Settings) -> Iterator[Finding]:
    urls: list[str] = [config.get("REDIS_URL") or ""]
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "")
    if storage.startswith(("redis://", "rediss://")):
        urls.append(storage)
    urls = list(dict.fromkeys(url for url in urls if url))
    if not urls:
        yield Finding(
            FAIL,
            "Redis",
            "REDIS_URL unset: rate limits would be counted separately in each worker and "
            "background work would run inside the web processes instead of on RQ workers",
        )
        return
    try:
        import redis
    except ImportError:
        return  # check_production_packages names it
    for url in urls:
        shown = make_url(url).render_as_string(hide_password=True)
        client = redis.Redis.from_url(
            url,
            socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
            socket_timeout=CONNECT_TIMEOUT_SECONDS,
        )
        try:
            client.ping()
        except redis.RedisError as error:
            yield Finding(
                FAIL,
                "Redis",
                f"{shown} does not answer: {_first_line(error)} (rate limits, the job queue "
                "and /readyz need it)",
            )
        else:
            yield Finding(OK, "Redis", f"{shown} answers")
        finally:
            client.close()


def check_production_packages(config: Settings) -> Iterator[Finding]:
    """What the web and worker services run: gunicorn serves the app, RQ workers take the
    background jobs from Redis (the `production` extra installs all three)."""
    missing = []
    for package in PRODUCTION_PACKAGES:
        try:
            importlib.import_module(package)
        except ImportError:
            missing.append(package)
    if missing:
        yield Finding(
            FAIL,
            "packages",
            f"{', '.join(missing)} not installed: the web or worker service cannot start; "
            "install them with pip install 'talentmatch[production]'",
        )
    else:
        yield Finding(OK, "packages", ", ".join(PRODUCTION_PACKAGES) + " installed")


def check_log_format(config: Settings) -> Iterator[Finding]:
    log_format = str(config.get("LOG_FORMAT") or "")
    if log_format == "json":
        yield Finding(OK, "logs", "JSON lines with request ids")
    else:
        yield Finding(
            WARN,
            "logs",
            f"LOG_FORMAT is {log_format or 'unset'!r}: log collectors read the JSON lines "
            "(LOG_FORMAT=json, the production default) best",
        )


def _mail_connection(config: Settings, server: str, port: int) -> smtplib.SMTP:
    """Connect (and log in) as the app would, with its TLS settings."""
    return open_smtp(config, server, port, CONNECT_TIMEOUT_SECONDS)


def check_mail(config: Settings) -> Iterator[Finding]:
    server = config.get("MAIL_SERVER")
    if not server:
        yield Finding(
            FAIL,
            "mail",
            "MAIL_SERVER unset: verification and password-reset emails would never leave "
            "the outbox",
        )
        return
    if config.get("MAIL_USE_TLS") and config.get("MAIL_USE_SSL"):
        yield Finding(
            FAIL, "mail", "MAIL_USE_TLS and MAIL_USE_SSL are both on; choose one (587 or 465)"
        )
        return
    encrypted = config.get("MAIL_USE_TLS") or config.get("MAIL_USE_SSL")
    if config.get("MAIL_USERNAME") and not encrypted:
        yield Finding(
            FAIL,
            "mail",
            "MAIL_USERNAME is set without MAIL_USE_TLS or MAIL_USE_SSL: the password would "
            "cross the network in clear text",
        )
        return
    port = int(config.get("MAIL_PORT") or 25)
    try:
        with _mail_connection(config, server, port) as smtp:
            smtp.noop()
    except (OSError, smtplib.SMTPException) as error:
        yield Finding(FAIL, "mail", f"{server}:{port} does not answer: {_first_line(error)}")
    else:
        yield Finding(OK, "mail", f"{server}:{port} answers")
    sender = str(config.get("MAIL_FROM") or "")
    if PLACEHOLDER_MAIL_DOMAIN in sender:
        yield Finding(
            WARN, "mail", f"MAIL_FROM is the placeholder {sender!r}; receivers may reject it"
        )
    if not config.get("MAIL_BACKGROUND", True):
        yield Finding(
            WARN, "mail", "MAIL_BACKGROUND is off: requests would wait for the mail server"
        )


def check_public_url(config: Settings) -> Iterator[Finding]:
    """Links in emails: digests and alerts are sent by commands, outside any request."""
    url = str(config.get("PUBLIC_URL") or "")
    if not url:
        yield Finding(
            WARN,
            "PUBLIC_URL",
            "unset: links in emails sent by `flask notifications` (digests, alerts, unsubscribe) "
            "would point to localhost",
        )
    elif not url.startswith("https://"):
        yield Finding(WARN, "PUBLIC_URL", f"{url} is not https")
    else:
        yield Finding(OK, "PUBLIC_URL", url)


def check_contacts(config: Settings) -> Iterator[Finding]:
    """The addresses pages give people to write to (privacy questions, employer verification,
    accessibility problems)."""
    for setting in ("PRIVACY_CONTACT", "VERIFICATION_CONTACT", "ACCESSIBILITY_CONTACT"):
        address = str(config.get(setting) or "")
        if not address or PLACEHOLDER_MAIL_DOMAIN in address:
            yield Finding(
                WARN,
                "contacts",
                f"{setting} is the placeholder {address!r}: nobody can write to it",
            )
        else:
            yield Finding(OK, "contacts", f"{setting}: {address}")


def check_rate_limits(config: Settings) -> Iterator[Finding]:
    yield from _must_be_on(
        config, "RATELIMIT_ENABLED", "rate limits", ": passwords could be guessed without limit"
    )


def check_hsts(config: Settings) -> Iterator[Finding]:
    max_age = int(config.get("HSTS_MAX_AGE") or 0)
    if max_age <= 0:
        yield Finding(FAIL, "HSTS", "off: set HSTS_MAX_AGE (the production default is a year)")
    else:
        yield Finding(OK, "HSTS", f"max-age={max_age}")


CHECKS: tuple[Callable[[Settings], Iterator[Finding]], ...] = (
    check_configuration_name,
    check_debug,
    check_secret_key,
    check_csrf,
    check_cookies,
    check_trusted_hosts,
    check_database,
    check_redis,
    check_production_packages,
    check_mail,
    check_public_url,
    check_contacts,
    check_rate_limits,
    check_hsts,
    check_log_format,
)


def run_checks(config: Settings) -> list[Finding]:
    return [finding for check in CHECKS for finding in check(config)]


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _settings_without_the_app(root: Path) -> Config:
    """The configuration create_app would have read, for when the app refuses to start."""
    from config import config_class

    settings = Config(str(root))
    settings.from_object(config_class())
    settings.from_pyfile(str(root / "instance" / "config.py"), silent=True)
    settings["DEBUG"] = bool(settings.get("DEBUG")) or get_debug_flag()  # FLASK_DEBUG, as Flask
    return settings


@click.command("check-deploy")
def check_deploy_command() -> None:
    """Check the configuration the app would run with; exit 1 naming each problem."""
    info = click.get_current_context().ensure_object(ScriptInfo)
    findings: list[Finding] = []
    try:
        app: Flask = info.load_app()
    except Exception as error:  # the app refusing to start is itself the first finding
        findings.append(Finding(FAIL, "app", f"does not start: {_first_line(error)}"))
        try:
            config: Settings = _settings_without_the_app(Path(__file__).resolve().parent.parent)
        except Exception as config_error:
            findings.append(Finding(FAIL, "configuration", _first_line(config_error)))
            config = {}
        if config:
            findings.extend(run_checks(config))
    else:
        findings.extend(run_checks({**app.config, "DEBUG": app.debug}))
    for finding in findings:
        click.echo(finding.line())
    problems = [finding for finding in findings if finding.level == FAIL]
    if problems:
        click.echo(f"{len(problems)} problem(s) found; fix them before deploying.")
        raise SystemExit(1)
    click.echo("No problems found.")
