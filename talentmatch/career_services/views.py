"""Career services: the dashboard of their university's curated items and graduates."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from talentmatch.auth.access import role_required
from talentmatch.models.enums import Role
from talentmatch.services import catalogue

bp = Blueprint("career_services", __name__, url_prefix="/career-services")


@bp.get("/")
@role_required(Role.CAREER_SERVICES, Role.ADMIN)
def dashboard():
    """Overview numbers and the programmes, communities and events this team curates."""
    overview = catalogue.career_services_overview(current_user)
    items = catalogue.list_items_for(current_user)
    return render_template(
        "career_services/dashboard.html",
        overview=overview,
        items=items,
        curated_kinds=catalogue.CURATED_KINDS,
    )
