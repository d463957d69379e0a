"""admin pages."""

from flask import Blueprint

from talentmatch.auth.access import role_required
from talentmatch.models.enums import Role

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/dashboard")
@role_required(Role.ADMIN)
def dashboard():
    """Placeholder until the feature lands."""
    return "dashboard"
