"""The forms of applying: the application itself, "I applied there", and withdrawing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length

from talentmatch.services.applications import MAX_COVER_NOTE, MAX_NOTE

TOO_LONG = _l("Use at most %(max)d characters (you used %(length)d).")


class ApplyForm(FlaskForm):
    cover_note = TextAreaField(
        _l("Cover note"),
        validators=[Length(max=MAX_COVER_NOTE, message=TOO_LONG)],
        description=_l(
            "A few words to the employer: why this job, and what you would bring (at most "
            "3,000 characters)."
        ),
        render_kw={"rows": 8, "maxlength": MAX_COVER_NOTE},
    )
    cv = FileField(
        _l("CV (optional)"),
        description=_l("A PDF file of at most 5 MB. Only this employer and you can open it."),
        render_kw={"accept": "application/pdf,.pdf"},
    )
    submit = SubmitField(_l("Send application"))


class AppliedThereForm(FlaskForm):
    note = TextAreaField(
        _l("Note (optional)"),
        validators=[Length(max=MAX_COVER_NOTE, message=TOO_LONG)],
        description=_l("For example, the date you applied or the reference number you got."),
        render_kw={"rows": 3, "maxlength": MAX_COVER_NOTE},
    )
    submit = SubmitField(_l("I applied there"))


class WithdrawForm(FlaskForm):
    note = TextAreaField(
        _l("A note to the employer (optional)"),
        validators=[Length(max=MAX_NOTE, message=TOO_LONG)],
        render_kw={"rows": 3, "maxlength": MAX_NOTE},
    )
    submit = SubmitField(_l("Withdraw my application"))
