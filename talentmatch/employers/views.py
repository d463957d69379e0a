"""employers pages."""

from flask import Blueprint

from talentmatch.auth.access import role_required
from talentmatch.models.enums import Role

bp = Blueprint("employers", __name__, url_prefix="/employers")


@bp.get("/dashboard")
@role_required(Role.EMPLOYER)
def dashboard():
    """Placeholder until the feature lands."""
    return "dashboard"


@bp.get("/edit_organisation")
@role_required(Role.EMPLOYER)
def edit_organisation():
    """Placeholder until the feature lands."""
    return "edit_organisation"
