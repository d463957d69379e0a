"""Public pages: landing, about (with the ESCO attribution) and health checks."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from flask_login import current_user

from talentmatch.services import health, opportunities

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """Landing page: what TalentMatch offers and the newest opportunities."""
    latest = opportunities.latest_open(limit=6)
    counts = opportunities.open_counts_by_kind()
    return render_template("main/index.html", latest=latest, counts=counts, user=current_user)


@bp.get("/about")
def about():
    """Who the service is for, and the data it uses."""
    return render_template("main/about.html")


@bp.get("/healthz")
def healthz():
    """200 when the database answers, 503 otherwise (for the load balancer)."""
    ok = health.database_answers()
    return jsonify(status="ok" if ok else "unavailable"), 200 if ok else 503
