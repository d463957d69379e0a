"""career_services pages."""

from flask import Blueprint

from talentmatch.auth.access import role_required
from talentmatch.models.enums import Role

bp = Blueprint("career_services", __name__, url_prefix="/career-services")


@bp.get("/dashboard")
@role_required(Role.CAREER_SERVICES)
def dashboard():
    """Placeholder until the feature lands."""
    return "dashboard"
