"""Account settings for every signed-in role: password, email address, signed-in devices."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from talentmatch.auth import sessions as sign_in
from talentmatch.auth.account_forms import ChangeEmailForm, ChangePasswordForm
from talentmatch.auth.views import bp
from talentmatch.errors import apply_to_form
from talentmatch.extensions import limiter
from talentmatch.services import account_settings, sessions
from talentmatch.services.errors import InvalidInput


def _account_change_limit() -> str:
    return current_app.config["ACCOUNT_CHANGE_RATE_LIMIT"]


def _per_account() -> str:
    # Wrong current passwords are counted per account, so a stolen session cannot guess on.
    return f"account-change:{current_user.get_id()}"


def _render(password_form=None, email_form=None, status: int = 200):
    user = current_user._get_current_object()
    return (
        render_template(
            "auth/account.html",
            password_form=password_form or ChangePasswordForm(prefix="password", formdata=None),
            email_form=email_form or ChangeEmailForm(prefix="email", formdata=None),
            sign_ins=sessions.live_sign_ins(user),
            current_sign_in_id=sessions.current_sign_in_id(user, sign_in.current_session_key()),
        ),
        status,
    )


@bp.get("/account")
@login_required
def account():
    """Account settings: change password or email address, see and sign out devices."""
    return _render()


@bp.post("/account/password")
@login_required
@limiter.limit(_account_change_limit, key_func=_per_account)
def change_password():
    """Set a new password; every other device is signed out."""
    form = ChangePasswordForm(prefix="password")
    if form.validate_on_submit():
        user = current_user._get_current_object()
        remembered = sessions.is_remembered(user, sign_in.current_session_key())
        try:
            account_settings.change_password(
                user, form.current_password.data, form.new_password.data
            )
        except InvalidInput as error:
            apply_to_form(form, error)
        else:
            # The person who changed it stays signed in here, on a new sign-in.
            sign_in.begin(user, remember=remembered)
            flash(
                _("Your password has been changed and every other device has been signed out."),
                "success",
            )
            return redirect(url_for("auth.account"))
    return _render(password_form=form, status=400)


@bp.post("/account/email")
@login_required
@limiter.limit(_account_change_limit, key_func=_per_account)
def change_email():
    """Use another email address for the account."""
    form = ChangeEmailForm(prefix="email")
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            account_settings.change_email(user, form.email.data, form.current_password.data)
        except InvalidInput as error:
            apply_to_form(form, error)
        else:
            flash(
                _(
                    "Your email address is now %(email)s. Please confirm it with the link we "
                    "sent there.",
                    email=user.email,
                ),
                "success",
            )
            return redirect(url_for("auth.account"))
    return _render(email_form=form, status=400)


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    """End every session and remember-me token of the account, this one included."""
    sessions.sign_out_everywhere(current_user._get_current_object())
    sign_in.leave()
    flash(_("You have been signed out on every device."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/account/devices/<int:sign_in_id>/sign-out")
@login_required
def sign_out_device(sign_in_id: int):
    """End the session and remember-me token of one device."""
    user = current_user._get_current_object()
    current = sessions.current_sign_in_id(user, sign_in.current_session_key())
    device = sessions.sign_out_device(user, sign_in_id)
    if sign_in_id == current:
        sign_in.leave()
        flash(_("You have been signed out on this device."), "info")
        return redirect(url_for("auth.login"))
    flash(_("%(device)s has been signed out.", device=device), "success")
    return redirect(url_for("auth.account"))
