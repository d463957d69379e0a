"""Rate limits: who is counted, which limits exist, and what a refused client is told.

Every limit reads its value from the config (config.py documents each and the storage). Views
apply them as decorators, placed under `@bp.route`:

    from talentmatch import limits

    @bp.post("/export")
    @limits.data_export          # EXPORT_RATE_LIMIT, per account (per client address if anonymous)
    @login_required
    def export(): ...

    @limits.messaging            # MESSAGE_RATE_LIMIT, POSTs only, shared by every messaging route

Login counts failed attempts only (`counts_failures`), per account and per client address; the
JSON API (/api/...) has API_RATE_LIMIT per client. A refused request gets a 429 with
`Retry-After` and a page (or JSON) saying how long to wait.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

from flask import Flask, current_app, request
from flask.wrappers import Response
from flask_babel import gettext, ngettext
from flask_limiter import RequestLimit, RouteLimit
from flask_login import current_user
from limits import parse as parse_limit
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.middleware.proxy_fix import ProxyFix

from talentmatch.extensions import limiter
from talentmatch.services import audit
from talentmatch.services.transaction import unit_of_work

log = logging.getLogger(__name__)

MAX_KEYED_EMAIL = 254
LOGIN_ENDPOINT = "auth.login"


def configured(name: str) -> Callable[[], str]:
    """The limit named `name` in the config, read per request (tests and deployments change it)."""
    return lambda: current_app.config[name]


def client_key() -> str:
    """The client's address, as the configured proxies report it (see `trust_proxies`)."""
    return request.remote_addr or "unknown"


def account_or_client_key() -> str:
    if current_user and current_user.is_authenticated:
        return f"user:{current_user.id}"
    return client_key()


def submitted_email_key() -> str:
    """The address typed into the form, so attempts on one account count together from any
    client; whether the account exists plays no part."""
    email = (request.form.get("email") or "").strip().lower()[:MAX_KEYED_EMAIL]
    return f"email:{email}" if email else client_key()


def counts_failures(response: Response) -> bool:
    """Only refused attempts count: a login that succeeds redirects."""
    return response.status_code in (400, 401, 403)


def _failed_logins(setting: str, key_func: Callable[[], str], scope: str) -> RouteLimit:
    return limiter.limit(
        configured(setting),
        key_func=key_func,
        methods=["POST"],
        deduct_when=counts_failures,
        scope=scope,
    )


login_failures_per_client = _failed_logins("LOGIN_RATE_LIMIT", client_key, "login-client")
login_failures_per_account = _failed_logins(
    "LOGIN_ACCOUNT_RATE_LIMIT", submitted_email_key, "login-account"
)


def forget_failed_logins(email: str) -> None:
    """Start the account's failed-login count again: after a password reset the person has shown
    they hold the address, so a lock-out by someone else's wrong guesses ends there."""
    key = f"email:{email.strip().lower()[:MAX_KEYED_EMAIL]}"
    try:
        default, decorated = limiter.limit_manager.resolve_limits(
            current_app._get_current_object(),  # type: ignore[attr-defined]
            LOGIN_ENDPOINT,
            LOGIN_ENDPOINT.partition(".")[0],
        )
        for limit in (*default, *decorated):
            if limit.scope == "login-account":
                # As Flask-Limiter builds the bucket: [key prefix,] key, scope.
                prefix = [limiter._key_prefix] if limiter._key_prefix else []
                scope = limit.scope_for(LOGIN_ENDPOINT, "POST")
                limiter.limiter.clear(limit.limit, *prefix, key, scope)
    except Exception:  # the storage is down: limits fail open anyway, and the count expires
        log.warning("Could not reset the failed-login count of an account", exc_info=True)


registration = limiter.limit(
    configured("REGISTRATION_RATE_LIMIT"), key_func=client_key, methods=["POST"]
)
password_reset_per_client = limiter.limit(
    configured("PASSWORD_RESET_RATE_LIMIT"), key_func=client_key, methods=["POST"]
)
password_reset_per_email = limiter.limit(
    configured("PASSWORD_RESET_EMAIL_RATE_LIMIT"),
    key_func=submitted_email_key,
    methods=["POST"],
    scope="reset-email",
)
verification_resend = limiter.limit(
    configured("VERIFICATION_RESEND_RATE_LIMIT"), key_func=account_or_client_key, methods=["POST"]
)
api = limiter.limit(configured("API_RATE_LIMIT"), key_func=account_or_client_key)
data_export = limiter.shared_limit(
    configured("EXPORT_RATE_LIMIT"), scope="data-export", key_func=account_or_client_key
)
messaging = limiter.shared_limit(
    configured("MESSAGE_RATE_LIMIT"),
    scope="messaging",
    key_func=account_or_client_key,
    methods=["POST"],
)


def seconds_to_wait() -> int:
    """How long the client refused in this request must wait (0 when unknown)."""
    limit = limiter.current_limit
    if limit is None:
        return 0
    try:
        return max(1, math.ceil(limit.reset_at - time.time()))
    except Exception:  # noqa: BLE001 (storage down: the limiter fails open, so does this)
        return 0


def wait_message() -> str:
    """The sentence a refused client reads."""
    seconds = seconds_to_wait()
    if not seconds:
        return gettext("Too many attempts. Please wait a minute and try again.")
    if seconds < 60:
        return ngettext(
            "Too many attempts. Please wait %(num)d second and try again.",
            "Too many attempts. Please wait %(num)d seconds and try again.",
            seconds,
        )
    return ngettext(
        "Too many attempts. Please wait %(num)d minute and try again.",
        "Too many attempts. Please wait %(num)d minutes and try again.",
        max(1, round(seconds / 60)),
    )


def in_words(limit: str) -> str:
    """A configured limit ("5 per hour") as the reader's language says it ("5 times an hour")."""
    item = parse_limit(limit)
    span = item.multiples
    periods = {
        "second": ngettext("a second", "every %(num)d seconds", span),
        "minute": ngettext("a minute", "every %(num)d minutes", span),
        "hour": ngettext("an hour", "every %(num)d hours", span),
        "day": ngettext("a day", "every %(num)d days", span),
        "month": ngettext("a month", "every %(num)d months", span),
        "year": ngettext("a year", "every %(num)d years", span),
    }
    return gettext(
        "%(times)s %(period)s",
        times=ngettext("%(num)d time", "%(num)d times", item.amount),
        period=periods[item.GRANULARITY.name],
    )


def record_breach(limit: RequestLimit) -> None:
    """Audit every refused request (its path and limit, the address typed if any)."""
    user = current_user._get_current_object() if current_user.is_authenticated else None
    try:
        with unit_of_work():
            audit.record(
                audit.AuditEventKind.RATE_LIMITED,
                user,
                email="".join(c for c in request.form.get("email", "") if c.isprintable()),
                path=request.path[:200],
                limit=str(limit.limit),
            )
    except SQLAlchemyError:
        log.warning("Could not audit a rate-limited request to %s", request.path)


def init_app(app: Flask) -> None:
    """Wire the audit of refused requests and trust the configured proxies; call before
    `limiter.init_app`."""
    app.config.setdefault("RATELIMIT_ON_BREACH_CALLBACK", record_breach)
    trust_proxies(app)


def trust_proxies(app: Flask) -> None:
    """Behind PROXY_COUNT reverse proxies, take the client address, scheme and host from the
    X-Forwarded-* headers those proxies set (and no more hops, which a client could forge)."""
    count = int(app.config.get("PROXY_COUNT", 0))
    if count > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count
        )
