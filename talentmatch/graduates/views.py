"""graduates pages."""

from flask import Blueprint

from talentmatch.auth.access import role_required
from talentmatch.models.enums import Role

bp = Blueprint("graduates", __name__, url_prefix="/graduates")


@bp.get("/profile")
@role_required(Role.GRADUATE)
def profile():
    """Placeholder until the feature lands."""
    return "profile"


@bp.get("/edit_profile")
@role_required(Role.GRADUATE)
def edit_profile():
    """Placeholder until the feature lands."""
    return "edit_profile"
