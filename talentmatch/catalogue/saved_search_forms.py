"""The forms of saved searches: naming the current search, and switching its alerts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import InputRequired, Length

from talentmatch.services.saved_searches import MAX_NAME


class SaveSearchForm(FlaskForm):
    name = StringField(
        _l("Name this search"),
        validators=[
            InputRequired(message=_l("Give the search a name.")),
            Length(max=MAX_NAME, message=_l("Use at most %(max)d characters.")),
        ],
    )
    alerts = BooleanField(
        _l("Tell me about new results (at most once a day)"),
        description=_l("Turning alerts on agrees to news emails (see Privacy)."),
    )


class AlertsForm(FlaskForm):
    alerts = BooleanField(_l("Alerts"))
