"""The demo tour's one form: which demo account to sign in as."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired, Regexp


class TourSignInForm(FlaskForm):
    user_id = HiddenField(
        validators=[
            DataRequired(_l("Choose a demo account.")),
            Regexp(r"^[1-9][0-9]{0,8}$", message=_l("There is no such demo account.")),
        ]
    )
