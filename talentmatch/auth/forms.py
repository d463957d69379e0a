"""Sign-up and sign-in forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional

from talentmatch.models.enums import Role
from talentmatch.services.passwords import MAX_LENGTH


def checked_email_field() -> EmailField:
    """An email address the person gives us to write to: its shape is checked."""
    return EmailField(
        _l("Email address"),
        validators=[
            InputRequired(_l("Please enter your email address.")),
            Length(max=254),
            Email(_l("Enter a valid email address, such as name@example.com.")),
        ],
        render_kw={"autocomplete": "email"},
    )


def new_password_field(label: str) -> PasswordField:
    """A password being chosen (services/passwords.py decides whether it is good enough)."""
    return PasswordField(
        label,
        validators=[InputRequired(_l("Choose a password.")), Length(max=MAX_LENGTH)],
        description=_l("At least 8 characters; avoid common passwords."),
        render_kw={"autocomplete": "new-password"},
    )


def repeat_password_field(label: str) -> PasswordField:
    """The chosen password typed again; must equal the field named `password`."""
    return PasswordField(
        label,
        validators=[
            InputRequired(_l("Repeat your password.")),
            EqualTo("password", _l("The passwords do not match.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class RegistrationForm(FlaskForm):
    role = RadioField(
        _l("I am"),
        choices=[
            (Role.GRADUATE.value, _l("A graduate or student looking for opportunities")),
            (Role.EMPLOYER.value, _l("An employer looking for talent")),
        ],
        default=Role.GRADUATE.value,
        validators=[InputRequired(_l("Choose whether you are a graduate or an employer."))],
    )
    full_name = StringField(
        _l("Full name"),
        validators=[InputRequired(_l("Please enter your name.")), Length(max=120)],
        render_kw={"autocomplete": "name"},
    )
    email = checked_email_field()
    university_id = SelectField(
        _l("University"),
        coerce=int,
        validators=[Optional()],
        description=_l("Graduates: where you study or studied. Leave empty if not listed."),
    )
    password = new_password_field(_l("Password"))
    confirm = repeat_password_field(_l("Repeat password"))


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[InputRequired(_l("Please enter your email address.")), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(_l("Please enter your password.")), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class ForgotPasswordForm(FlaskForm):
    email = checked_email_field()


class ResetPasswordForm(FlaskForm):
    password = new_password_field(_l("New password"))
    confirm = repeat_password_field(_l("Repeat new password"))


class ConfirmForm(FlaskForm):
    """A button that carries only the CSRF token (confirming a link, asking for a new one)."""


class AcceptInvitationForm(FlaskForm):
    password = new_password_field(_l("Password"))
    confirm = repeat_password_field(_l("Repeat the password"))
