"""The matching model's page: the active version, earlier ones, and refits with their progress,
on the `admin` blueprint."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from talentmatch.admin.views import bp
from talentmatch.auth.access import role_required
from talentmatch.models.enums import OpportunityKind, Role
from talentmatch.services import model_fits
from talentmatch.services.errors import InvalidInput

# While a refit runs the page reloads itself this often (a meta refresh: no script needed).
REFRESH_SECONDS = 3


@bp.get("/model")
@role_required(Role.ADMIN)
def model():
    """The active model version, its numbers, earlier versions and the latest refits."""
    page = model_fits.model_page(current_user)
    return render_template(
        "admin/model.html",
        page=page,
        kinds=list(OpportunityKind),
        step_label=model_fits.step_label,
        refresh_seconds=REFRESH_SECONDS if page.running else None,
    )


@bp.post("/model/refit")
@role_required(Role.ADMIN)
def refit_model():
    """Start a refit in the background; refused while one is running."""
    try:
        model_fits.request_refit(current_user)
    except InvalidInput as error:
        flash(str(error), "info")
    else:
        flash(_("The refit has started. This page shows its progress."), "success")
    return redirect(url_for("admin.model"))
