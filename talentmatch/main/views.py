"""Public pages: landing, about (with the ESCO attribution), health and readiness checks."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from talentmatch.errors import render_error
from talentmatch.services import accounts, health, matching, opportunities
from talentmatch.site_dates import site_today

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """Landing page: what TalentMatch offers and the newest opportunities."""
    today = site_today()  # the catalogue's day, so the counts match what it lists
    latest = opportunities.latest_open(today, limit=6)
    counts = opportunities.open_counts_by_kind(today)
    return render_template("main/index.html", latest=latest, counts=counts, user=current_user)


@bp.get("/about")
def about():
    """Who the service is for, and the data it uses."""
    return render_template("main/about.html")


@bp.get("/accessibility")
def accessibility():
    """The accessibility statement: what meets WCAG 2.1 AA, what does not yet, and feedback."""
    return render_template(
        "main/accessibility.html", contact=current_app.config["ACCESSIBILITY_CONTACT"]
    )


@bp.post("/language")
def choose_language():
    """Switch the interface language and come back to the same page.

    Remembered on the account when signed in, and in a cookie either way (the choice survives
    logging out). The page's own script keeps what was typed in its forms across the reload.
    """
    from talentmatch.auth.views import safe_next

    supported = current_app.config["SUPPORTED_LOCALES"]
    locale = request.form.get("locale", "")
    if locale not in supported:
        return render_error(400, _("Choose one of the languages offered."))
    if current_user.is_authenticated:
        accounts.set_locale(current_user, locale, supported)
    response = redirect(safe_next(request.form.get("next")) or url_for("main.index"), code=303)
    response.set_cookie(
        current_app.config["LANGUAGE_COOKIE"],
        locale,
        max_age=current_app.config["LANGUAGE_COOKIE_DAYS"] * 24 * 3600,
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        httponly=True,
        samesite="Lax",
    )
    return response


@bp.get("/healthz")
def healthz():
    """Liveness for the load balancer: 200 when the database answers, 503 otherwise. Kept cheap
    (one SELECT 1); readiness asks more."""
    ok = health.database_answers()
    return jsonify(status="ok" if ok else "unavailable"), 200 if ok else 503


@bp.get("/readyz")
def readyz():
    """Readiness for the load balancer: 200 when the database answers, this worker has a
    matching model loaded and the job queue's Redis answers (when REDIS_URL is set), else 503
    naming what is missing."""
    checks = {"database": "ok" if health.database_answers() else "unavailable"}
    if checks["database"] == "ok":
        checks.update(matching.readiness())
    else:
        checks["model"] = "unknown"
    checks["queue"] = health.queue_status(current_app.config.get("REDIS_URL"))
    missing = [name for name in ("database", "model") if checks[name] != "ok"]
    if checks["queue"] not in ("ok", health.QUEUE_IN_PROCESS):
        missing.append("queue")
    ready = not missing
    return jsonify(status="ready" if ready else "unavailable", missing=missing, **checks), (
        200 if ready else 503
    )
