"""Log lines a log collector can read: one JSON object per line, each carrying the id of the
request it belongs to, and one access line per request.

JSON is the format in production (`LOG_FORMAT`, config.py); development keeps Python's readable
text. The request id comes from the proxy's `X-Request-ID` when that is a sane token (nginx
sends its `$request_id`), otherwise it is made here; it is sent back in the response's
`X-Request-ID`, so a user's report, nginx's log and these lines meet on one value. Work that
runs outside the request (a background job) takes `current_request_id()` along and runs under
`carrying_request_id(...)`, so its lines carry the id of the request that asked for it.
"""

from __future__ import annotations

import logging
import re
import secrets
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import Flask, Response, current_app, g, has_request_context, request
from flask.logging import default_handler
from pythonjsonlogger.json import JsonFormatter
from sqlalchemy import inspect

HEADER = "X-Request-ID"
# What an incoming id may look like: nginx's 32 hex digits, a UUID, a cloud balancer's trace id.
# Anything else (too long, spaces, quotes, control characters) is replaced, never logged.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=-]{0,99}")
ACCESS_LOGGER = "talentmatch.access"
HANDLER_NAME = "talentmatch"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
# "time" is filled by the formatter's timestamp (ISO 8601, UTC); naming it first puts it first.
JSON_FIELDS = ("time", "levelname", "name", "message", "request_id")
JSON_NAMES = {"levelname": "level", "name": "logger"}

# The id outside a request: set by `carrying_request_id` around a background job.
_carried_request_id: ContextVar[str | None] = ContextVar("carried_request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being served, or of the request a background job was started by."""
    if has_request_context():
        return g.get("request_id")
    return _carried_request_id.get()


@contextmanager
def carrying_request_id(request_id: str | None) -> Iterator[None]:
    """Log lines written inside this block carry `request_id` (a job started by a request)."""
    token = _carried_request_id.set(request_id)
    try:
        yield
    finally:
        _carried_request_id.reset(token)


def incoming_or_new_request_id(header_value: str | None) -> str:
    """The proxy's id when it is a sane token, a fresh random one otherwise."""
    if header_value and SANE_REQUEST_ID.fullmatch(header_value):
        return header_value
    return secrets.token_hex(16)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record a handler writes (`missing` outside a request)."""

    def __init__(self, missing: str | None = None) -> None:
        super().__init__()
        self.missing = missing

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or self.missing
        return True


class _StderrHandler(logging.Handler):
    """Writes each line to whatever sys.stderr is at that moment (a test may have swapped it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:  # logging must never break the request; the handler reports it
            self.handleError(record)


def json_formatter() -> logging.Formatter:
    """The JSON lines: time (ISO 8601), level, logger, message, request_id and any extras."""
    return JsonFormatter(
        JSON_FIELDS,
        rename_fields=JSON_NAMES,
        timestamp="time",
        json_ensure_ascii=False,
    )


def init_app(app: Flask) -> None:
    """Give every request an id, and when LOG_FORMAT is set write every log line (the app's,
    the libraries', one access line per request) to stderr in that format."""
    app.before_request(_start_request)
    app.after_request(_finish_request)
    log_format = app.config.get("LOG_FORMAT") or ""
    if log_format:
        _configure_root_logger(app, log_format)


def _configure_root_logger(app: Flask, log_format: str) -> None:
    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(handler)  # an app created again in the same process replaces it
    handler = _StderrHandler()
    handler.set_name(HANDLER_NAME)
    if log_format == "json":
        handler.addFilter(RequestIdFilter())
        handler.setFormatter(json_formatter())
    else:
        handler.addFilter(RequestIdFilter(missing="-"))
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root.addHandler(handler)
    root.setLevel(app.config.get("LOG_LEVEL") or logging.INFO)
    # Flask's own handler would write the app's errors a second time, as text.
    app.logger.removeHandler(default_handler)
    # The development server's access lines carry query strings (reset tokens among them);
    # the access line below replaces them.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    # Flask-Migrate loads Alembic in every process; its plugin list says nothing to an operator.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def _start_request() -> None:
    g.request_id = incoming_or_new_request_id(request.headers.get(HEADER))
    g.request_started = time.perf_counter()


def _finish_request(response: Response) -> Response:
    """Send the id back and, with LOG_FORMAT set, write the access line (this runs after every
    other after_request function: it is registered first)."""
    request_id = g.get("request_id")
    if request_id is None:  # a response made before `_start_request` ran
        request_id = incoming_or_new_request_id(request.headers.get(HEADER))
        g.request_id = request_id
    response.headers[HEADER] = request_id
    if current_app.config.get("LOG_FORMAT"):
        _log_access(response)
    return response


def loggable_path() -> str:
    """The request's path with the secret in it blanked (reset, verification, invitation and
    unsubscribe links, calendar feeds: any URL variable named ...token). Never the query
    string: it may hold one too."""
    path = request.path
    for name, value in (request.view_args or {}).items():
        if name.endswith("token") and value:
            path = path.replace(str(value), "[token]")
    return path


def _log_access(response: Response) -> None:
    """The request's one access line: what was asked, the answer, how long it took, by whom."""
    started = g.get("request_started", time.perf_counter())
    duration_ms = round((time.perf_counter() - started) * 1000, 2)
    path = loggable_path()
    extra: dict[str, object] = {
        "method": request.method,
        "path": path,
        "status": response.status_code,
        "duration_ms": duration_ms,
    }
    user_id = _signed_in_user_id()
    if user_id is not None:
        extra["user_id"] = user_id
    logging.getLogger(ACCESS_LOGGER).info(
        "%s %s %s %.1f ms",
        request.method,
        path,
        response.status_code,
        duration_ms,
        extra=extra,
    )


def _signed_in_user_id() -> object | None:
    """The id of the user the request already loaded, if any, read from the session's identity
    map: looking a user up here would cost a query on every static file, and reading an
    attribute a commit expired would too, failing the answer when the database has just gone."""
    user = g.get("_login_user")
    if user is None or getattr(user, "is_anonymous", True):
        return None
    state = inspect(user, raiseerr=False)
    identity = getattr(state, "identity", None)
    return identity[0] if identity else None
