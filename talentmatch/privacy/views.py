"""The privacy notice, each person's consents, "Download my data" and account deletion."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from talentmatch import limits
from talentmatch.auth.access import role_required
from talentmatch.errors import apply_to_form
from talentmatch.models import ErasureStep
from talentmatch.models.enums import Role, Visibility
from talentmatch.privacy.forms import DeleteAccountForm, EraseAccountForm
from talentmatch.services import accounts, consents, data_export, erasure
from talentmatch.services.errors import InvalidInput
from talentmatch.site_dates import site_today

bp = Blueprint("privacy", __name__, url_prefix="/privacy")


def _export_rate_limit() -> str:
    return current_app.config["EXPORT_RATE_LIMIT"]


@bp.get("")
def notice():
    """The privacy notice: what is stored, who sees it, how matching works, your rights."""
    config = current_app.config
    return render_template(
        "privacy/notice.html",
        controller=config["PRIVACY_CONTROLLER"],
        contact=config["PRIVACY_CONTACT"],
        retention_months=config["RETENTION_MONTHS"],
        warning_days=config["RETENTION_WARNING_DAYS"],
        visibility_levels=list(Visibility),
    )


@bp.get("/account")
@login_required
def account():
    """Privacy and consents: each consent with its history, the data download, deletion."""
    return render_template(
        "privacy/account.html",
        statuses=consents.overview(current_user),
        can_delete=current_user.has_role(*erasure.SELF_SERVICE_ROLES),
        export_limit=limits.in_words(_export_rate_limit()),
    )


@bp.post("/consents/<purpose>/give")
@login_required
def give_consent(purpose: str):
    """Agree to one purpose, with the text shown on the page."""
    text = consents.give(current_user, purpose)
    flash(_("Thank you. You agreed to: %(title)s.", title=text.title), "success")
    return redirect(url_for("privacy.account"))


@bp.post("/consents/<purpose>/withdraw")
@login_required
def withdraw_consent(purpose: str):
    """Withdraw one consent; what it allowed stops at once."""
    text = consents.withdraw(current_user, purpose)
    flash(_("Consent withdrawn: %(title)s.", title=text.title), "success")
    return redirect(url_for("privacy.account"))


@bp.post("/export")
@login_required
@limits.data_export
def export():
    """Download everything stored about the signed-in person as one JSON file."""
    document = data_export.export(current_user)
    body = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False)
    filename = f"talentmatch-my-data-{site_today().isoformat()}.json"
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/delete", methods=["GET", "POST"])
@role_required(*erasure.SELF_SERVICE_ROLES)
def delete_account():
    """Confirm with the password, then delete the signed-in person's account."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            erasure_request = erasure.erase_own_account(current_user, form.password.data or "")
        except InvalidInput as error:
            apply_to_form(form, error)
        except erasure.ErasureInterrupted:
            _sign_out()
            flash(
                _(
                    "Your account is closed. Deleting your data did not finish in one go; it "
                    "is completed automatically shortly."
                ),
                "info",
            )
            return redirect(url_for("main.index"))
        else:
            _sign_out()
            if erasure_request.step is ErasureStep.DONE:
                flash(_("Your account and your personal data have been deleted."), "success")
            else:
                flash(
                    _(
                        "Your account is closed. Your personal data is being deleted in the "
                        "background; this takes a few minutes."
                    ),
                    "success",
                )
            return redirect(url_for("main.index"))
    return render_template("privacy/delete_account.html", form=form), 400 if form.errors else 200


def _sign_out() -> None:
    logout_user()
    session.clear()


@bp.route("/accounts/<int:user_id>/erase", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def erase_account(user_id: int):
    """An administrator deletes another account's personal data, after confirming."""
    user = accounts.get_user(user_id)  # NotFound -> 404
    form = EraseAccountForm()
    if form.validate_on_submit():
        try:
            erasure_request = erasure.erase_account(current_user, user.id)
        except InvalidInput as error:
            apply_to_form(form, error)
        except erasure.ErasureInterrupted:
            flash(
                _(
                    "The account is closed, but deleting its data stopped part-way. It is "
                    'resumed by "flask privacy resume-erasures".'
                ),
                "error",
            )
            return redirect(url_for("admin.users"))
        else:
            if erasure_request.step is ErasureStep.DONE:
                flash(_("The account's personal data has been deleted."), "success")
            else:
                flash(
                    _(
                        "The account is closed. Its personal data is being deleted in the "
                        "background; the model page lists the job."
                    ),
                    "success",
                )
            return redirect(url_for("admin.users"))
    return render_template(
        "privacy/erase_account.html",
        form=form,
        user=user,
        already_erased=erasure.is_erased(user),
    ), 400 if form.errors else 200
