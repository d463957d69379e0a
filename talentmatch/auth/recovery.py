"""Email verification and password reset, on the `auth` blueprint.

Links in emails open a page with one button: the link is used only when the person presses it,
so mail scanners that open links do not use them up.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from talentmatch import limits
from talentmatch.auth.forms import ConfirmForm, ForgotPasswordForm, ResetPasswordForm
from talentmatch.auth.views import _start_session, bp, home_url
from talentmatch.errors import apply_to_form, render_error
from talentmatch.models.enums import Role
from talentmatch.services import password_reset, verification
from talentmatch.services.errors import InvalidInput


@bp.get("/check-inbox")
def check_inbox():
    """After signing up: where the confirmation link went, and what to do if it did not come."""
    return render_template("auth/check_inbox.html")


@bp.route("/verify/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    """Confirm an email address with the link we sent, then continue signed in."""
    form = ConfirmForm()
    if not verification.link_works(token):
        return render_error(400, verification.link_problem())
    if form.validate_on_submit():
        try:
            user = verification.verify_email(token)
        except InvalidInput as error:
            return render_error(400, str(error))
        _start_session(user, remember=False)
        flash(_("Thank you: your email address is confirmed."), "success")
        if user.role is Role.EMPLOYER:
            return redirect(url_for("employers.edit_organisation"))
        if user.role is Role.GRADUATE:
            return redirect(url_for("graduates.edit_profile"))
        return redirect(home_url(user))
    return render_template("auth/verify_email.html", form=form)


@bp.post("/verify/resend")
@limits.verification_resend
@login_required
def resend_verification():
    """Send a new confirmation link to the signed-in account's address."""
    if verification.resend(current_user):
        flash(_("We sent a new confirmation link to %(email)s.", email=current_user.email), "info")
    else:
        flash(_("Your email address is already confirmed."), "info")
    return redirect(home_url(current_user))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limits.password_reset_per_client
@limits.password_reset_per_email
def forgot_password():
    """Ask for a password reset link by email."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        password_reset.request_reset(form.email.data)
        return redirect(url_for("auth.reset_sent"))
    return render_template("auth/forgot_password.html", form=form), 400 if form.errors else 200


@bp.get("/forgot-password/sent")
def reset_sent():
    """The same answer for every address: look in your inbox."""
    return render_template("auth/reset_sent.html")


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    """Choose a new password through a reset link."""
    if not password_reset.link_works(token):
        return _reset_link_refused()
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = password_reset.reset_password(token, form.password.data)
        except InvalidInput as error:
            if "password" not in error.errors:
                return _reset_link_refused()
            apply_to_form(form, error)
        else:
            limits.forget_failed_logins(user.email)  # the new password works at once
            flash(
                _(
                    "Your password is changed and every device was signed out. Log in with your "
                    "new password."
                ),
                "success",
            )
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), 400 if form.errors else 200


def _reset_link_refused():
    return render_template(
        "auth/reset_link_refused.html", message=password_reset.link_problem()
    ), 400
