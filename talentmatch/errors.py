"""The one place that turns domain errors and HTTP errors into pages, JSON or form errors."""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

from talentmatch.extensions import db, login_manager
from talentmatch.limits import wait_message
from talentmatch.request_input import JsonTooDeep, JsonTooLarge
from talentmatch.request_log import loggable_path
from talentmatch.services import audit
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound

log = logging.getLogger(__name__)

# What a database that cannot be reached (stopped, restarting, pool exhausted) raises.
DATABASE_OUTAGES = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def render_error(code: int, message: str | None = None):
    titles = {
        400: _("Bad request"),
        403: _("You do not have access to this page"),
        404: _("Page not found"),
        405: _("Method not allowed"),
        413: _("Request too large"),
        429: _("Too many requests"),
        500: _("Something went wrong"),
        503: _("TalentMatch is briefly unavailable"),
    }
    title = titles.get(code, _("Error"))
    if _wants_json():
        return jsonify(error=title, message=message or title), code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def apply_to_form(form: FlaskForm, error: InvalidInput) -> None:
    """Show a service's validation errors next to the fields they concern."""
    for name, message in error.errors.items():
        field = form._fields.get(name) if name else None
        if field is not None:
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]
        else:
            form.form_errors.append(message)


def _error_message(error: HTTPException) -> str | None:
    if isinstance(error, JsonTooDeep | JsonTooLarge):
        return error.description
    if isinstance(error, CSRFError):
        return _("This form has expired or was sent from another site. Please try again.")
    if error.code == 413:
        view = current_app.view_functions.get(request.endpoint or "")
        if getattr(view, "upload_limit", None):
            return _(
                "The file you chose is too large: a CV may be at most 5 MB. Save a smaller PDF, "
                "go back and choose it again."
            )
        return _("What you sent is larger than this site accepts.")
    if error.code == 429:
        return wait_message()
    return None


def _audit_denial() -> None:
    """Every 403 goes into the audit log with who met it and where; the page is served even when
    the log cannot be written."""
    try:
        user = current_user._get_current_object() if current_user.is_authenticated else None
        audit.record_access_denied(user, request.method, request.path)
    except sa_exc.SQLAlchemyError:
        log.warning("Could not record a denied request", exc_info=True)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(NotFound)
    def handle_not_found(error: NotFound):
        return render_error(404, str(error) or None)

    @app.errorhandler(NotAllowed)
    def handle_not_allowed(error: NotAllowed):
        _audit_denial()
        return render_error(403, str(error) or None)

    @app.errorhandler(InvalidInput)
    def handle_invalid_input(error: InvalidInput):
        return render_error(400, str(error))

    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException):
        code = error.code or 500
        if code == 403:
            _audit_denial()
        return render_error(code, _error_message(error))

    for outage in DATABASE_OUTAGES:
        app.register_error_handler(outage, _database_unavailable)
    # Registered after Flask-SQLAlchemy's own teardown, so it runs before it.
    app.teardown_appcontext(_release_session)

    @app.errorhandler(500)
    def handle_server_error(error: Exception):
        if isinstance(getattr(error, "original_exception", None), sa_exc.SQLAlchemyError):
            _answer_without_the_database()
        return render_error(500)


def _answer_without_the_database() -> None:
    """Let the error page render when the request's session failed: its transaction is rolled
    back, and the page and the locale see an anonymous visitor, since loading the current user
    would touch the database again."""
    try:
        db.session.rollback()
    except sa_exc.SQLAlchemyError:
        log.debug("Rolling back the failed session failed too", exc_info=True)
    g._login_user = login_manager.anonymous_user()


def _release_session(error: BaseException | None) -> None:
    """End the request's session even when its connection died under it.

    Closing rolls back what the request left open; when the database went away mid-request
    (a restart, an administrator ending the connection) that rollback fails, and failing in a
    teardown would turn the answer already made (a page, a redirect, a 503) into a 500 and leave
    the broken session to the next request. Its connections are discarded instead; the pool
    opens fresh ones once the database is back."""
    try:
        db.session.remove()
    except sa_exc.SQLAlchemyError as failure:
        log.warning("Discarding a session whose database connection failed: %s", failure)
        broken = db.session.registry()
        db.session.registry.clear()
        broken.invalidate()


def _database_unavailable(error: Exception):
    """The database cannot be reached: a 503 that renders without it, asking to come back.

    The connection pool pings before each checkout, so the first request after the database is
    back gets a fresh connection; nothing has to be restarted."""
    log.error(
        "Database unavailable while serving %s %s: %s", request.method, loggable_path(), error
    )
    _answer_without_the_database()
    response, code = render_error(
        503, _("We cannot reach our database right now. Please try again in a minute.")
    )
    response = current_app.make_response((response, code))
    response.headers["Retry-After"] = str(current_app.config["OUTAGE_RETRY_AFTER_SECONDS"])
    return response
