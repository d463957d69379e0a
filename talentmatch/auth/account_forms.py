"""Forms of the account settings page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from talentmatch.services.passwords import MAX_LENGTH


def _current_password_field() -> PasswordField:
    return PasswordField(
        _l("Current password"),
        validators=[
            InputRequired(_l("Enter your current password to confirm it is you.")),
            Length(max=MAX_LENGTH),
        ],
        render_kw={"autocomplete": "current-password"},
    )


class ChangePasswordForm(FlaskForm):
    current_password = _current_password_field()
    new_password = PasswordField(
        _l("New password"),
        validators=[InputRequired(_l("Choose a new password.")), Length(max=MAX_LENGTH)],
        description=_l("At least 8 characters; avoid common passwords."),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            InputRequired(_l("Repeat your new password.")),
            EqualTo("new_password", _l("The passwords do not match.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class ChangeEmailForm(FlaskForm):
    email = EmailField(
        _l("New email address"),
        validators=[
            InputRequired(_l("Please enter your new email address.")),
            Length(max=254),
            Email(_l("Enter a valid email address, such as name@example.com.")),
        ],
        render_kw={"autocomplete": "email"},
    )
    current_password = _current_password_field()
