"""The staying checklist's forms: a step done on a day, and where the graduate lives now."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SubmitField
from wtforms.validators import InputRequired, Optional

from talentmatch.models.enums import MUNICIPALITIES


class DoneForm(FlaskForm):
    done_on = DateField(_l("Done on"), validators=[InputRequired(_l("Give the day you did it."))])
    submit = SubmitField(_l("Mark as done"))


class HomeForm(FlaskForm):
    municipality = SelectField(_l("Where do you live now?"), choices=[], validate_choice=False)
    moved_on = DateField(
        _l("Moving day"),
        validators=[Optional()],
        description=_l(
            "Fill it in when you move (or plan to, within a year): the checklist adds telling "
            "DVV about the move. Leave it empty if you have lived there for long."
        ),
    )
    submit = SubmitField(_l("Save where I live"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipality.choices = [("", _l("Elsewhere, or not in Finland yet"))] + [
            (name, name) for name in MUNICIPALITIES
        ]
