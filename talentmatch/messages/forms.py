"""The forms of invitations, replies and introductions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length

from talentmatch.form_fields import OneTimeSubmission
from talentmatch.services import contact, threads

TOO_LONG = _l("Use at most %(max)d characters (you used %(length)d).")


class InviteForm(FlaskForm):
    note = TextAreaField(
        _l("A note to the graduate (optional)"),
        validators=[Length(max=contact.MAX_NOTE, message=TOO_LONG)],
        description=_l(
            "Why you think they fit the job, and anything they should know before applying "
            "(at most 2,000 characters)."
        ),
        render_kw={"rows": 5},
    )


class ReplyForm(OneTimeSubmission, FlaskForm):
    body = TextAreaField(
        _l("Your message"),
        validators=[Length(max=threads.MAX_BODY, message=TOO_LONG)],
        description=_l("At most 5,000 characters."),
        render_kw={"rows": 5},
    )


class IntroductionForm(OneTimeSubmission, FlaskForm):
    graduate_id = SelectField(_l("Graduate"), coerce=int)
    organisation_id = SelectField(_l("Organisation"), coerce=int)
    job_id = SelectField(
        _l("About a job (optional)"),
        coerce=int,
        description=_l("A job of the same organisation, if the introduction is about one."),
    )
    note = TextAreaField(
        _l("Your note to both"),
        validators=[Length(max=contact.MAX_NOTE, message=TOO_LONG)],
        description=_l(
            "Both the graduate and the organisation read it: say why they should talk "
            "(at most 2,000 characters)."
        ),
        render_kw={"rows": 5},
    )
