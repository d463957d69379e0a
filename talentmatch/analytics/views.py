"""The analytics dashboard of a university's career services (administrators choose any
university), for all consenting graduates or one saved cohort, and each chart's table as CSV."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from flask_login import current_user

from talentmatch.analytics.dashboard import PANELS, panels
from talentmatch.analytics.forms import group_form
from talentmatch.analytics.tables import to_csv
from talentmatch.auth.access import role_required
from talentmatch.models.enums import Role
from talentmatch.services.analytics_dashboard import Dashboard, dashboard
from talentmatch.services.errors import InvalidInput

bp = Blueprint("analytics", __name__, url_prefix="/career-services/analytics")

# An id longer than this is no id of ours (and would overflow the database's integers).
MAX_ID_DIGITS = 9


def _today() -> date:
    return to_user_timezone(datetime.now(UTC)).date()


def _id_argument(name: str) -> int | None:
    """A query argument naming a university or a cohort by id; empty means none chosen."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > MAX_ID_DIGITS:
        raise InvalidInput(_("Choose a university and a cohort from the lists."), name)
    return int(raw)


def _dashboard() -> Dashboard:
    return dashboard(current_user, _id_argument("university"), _id_argument("cohort"), _today())


@bp.get("/")
@role_required(Role.CAREER_SERVICES, Role.ADMIN)
def index():
    """Every chart of the chosen group, each with its table and CSV download."""
    data = _dashboard()
    return render_template(
        "analytics/index.html",
        data=data,
        form=group_form(data.choices, data.group),
        panels=panels(data),
        chosen={"university": data.group.university_id, "cohort": data.group.cohort_id},
    )


@bp.get("/<chart>.csv")
@role_required(Role.CAREER_SERVICES, Role.ADMIN)
def download(chart: str):
    """One chart's table as CSV: its header, and the rows shown (small groups left out)."""
    build = PANELS.get(chart)
    if build is None:
        abort(404)
    panel = build(_dashboard())
    return Response(
        to_csv(panel.table),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="talentmatch-{chart}.csv"'},
    )
