"""The form an employer moves an application on with."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from talentmatch.models import ApplicationStatus
from talentmatch.services.applications import MAX_NOTE

TOO_LONG = _l("Use at most %(max)d characters (you used %(length)d).")

# What the button that moves an application to a status says.
MOVE_LABELS = {
    ApplicationStatus.REVIEWED: _l("Mark as reviewed"),
    ApplicationStatus.INTERVIEW: _l("Invite to interview"),
    ApplicationStatus.OFFER: _l("Make an offer"),
    ApplicationStatus.HIRED: _l("Mark as hired"),
    ApplicationStatus.REJECTED: _l("Reject"),
}


class MoveForm(FlaskForm):
    status = SelectField(
        _l("Next step"),
        choices=[(status.value, label) for status, label in MOVE_LABELS.items()],
        validators=[InputRequired(_l("Choose the next step."))],
        # The service says why a step does not fit; the list shows only the steps that do.
        validate_choice=False,
    )
    note = TextAreaField(
        _l("A note to the applicant (optional)"),
        validators=[Length(max=MAX_NOTE, message=TOO_LONG)],
        description=_l("The applicant sees it with the new status, and gets it by email."),
        render_kw={"rows": 2, "maxlength": MAX_NOTE},
    )
    submit = SubmitField(_l("Save the step"))

    @staticmethod
    def prefix_for(application_id: int) -> str:
        return f"application-{application_id}"

    def offer(self, statuses: tuple[ApplicationStatus, ...]) -> None:
        """Offer only the steps that make sense from where the application is."""
        self.status.choices = [(s.value, MOVE_LABELS[s]) for s in statuses]
