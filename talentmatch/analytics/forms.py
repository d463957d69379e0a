"""The group chooser above the dashboard."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField

from talentmatch.services.analytics import Choices, Group


class GroupForm(FlaskForm):
    """A GET form, so no CSRF token; the service checks the ids, with its own message."""

    class Meta:
        csrf = False

    university = SelectField(_l("University"), validate_choice=False)
    cohort = SelectField(_l("Cohort"), validate_choice=False)


def group_form(choices: Choices, group: Group) -> GroupForm:
    form = GroupForm(
        data={"university": str(group.university_id or ""), "cohort": str(group.cohort_id or "")}
    )
    form.university.choices = [("", str(_l("All universities")))] + [
        (str(ident), name) for ident, name in choices.universities
    ]
    form.cohort.choices = [("", str(_l("All consenting graduates")))] + [
        (str(ident), name) for ident, name in choices.cohorts
    ]
    return form
