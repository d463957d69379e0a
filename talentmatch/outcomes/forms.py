"""The survey's answer form; the service checks every value and says what is wrong."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, SubmitField

from talentmatch.models.outcomes import OUTCOME_STATUS_LABELS
from talentmatch.services.outcomes import MAX_EMPLOYER, place_choices


class OutcomeForm(FlaskForm):
    checkpoint = HiddenField()
    status = RadioField(
        _l("What are you doing?"),
        choices=[(status.value, label) for status, label in OUTCOME_STATUS_LABELS.items()],
        validate_choice=False,
    )
    employer_name = StringField(
        _l("Employer"),
        description=_l("If you are employed: the organisation you work for."),
        render_kw={"maxlength": MAX_EMPLOYER, "autocomplete": "organization"},
    )
    municipality = SelectField(
        _l("Where"),
        description=_l("If you are employed or run your own business: where you work."),
        validate_choice=False,
    )
    found_through_talentmatch = BooleanField(_l("I found this job through TalentMatch"))
    submit = SubmitField(_l("Save my answer"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per request, so the labels are in the reader's language.
        self.municipality.choices = [("", str(_l("Choose…"))), *place_choices()]
