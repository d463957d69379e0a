"""catalogue pages."""

from flask import Blueprint

bp = Blueprint("catalogue", __name__, url_prefix="/opportunities")


@bp.get("/")
def index():
    """Placeholder until the feature lands."""
    return "index"


@bp.get("/<int:opportunity_id>")
def detail(opportunity_id: int):
    """Placeholder until the feature lands."""
    return "detail"
