"""Forms of the privacy pages: deleting one's own account, and an administrator erasing one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import InputRequired, Length

from talentmatch.services.passwords import MAX_LENGTH


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Your password"),
        validators=[InputRequired(_l("Enter your password to confirm.")), Length(max=MAX_LENGTH)],
        description=_l("We ask for it again so nobody else can delete your account."),
        render_kw={"autocomplete": "current-password"},
    )


class EraseAccountForm(FlaskForm):
    confirm = BooleanField(
        _l("I understand that this deletes the account's personal data and cannot be undone."),
        validators=[InputRequired(_l("Tick the box to confirm."))],
    )
