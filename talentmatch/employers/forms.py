"""The organisation form and the job form employers fill in."""

from __future__ import annotations

from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from talentmatch.form_fields import OneTimeSubmission
from talentmatch.models import EmploymentType, Opportunity, OrganisationSize
from talentmatch.models.enums import label_choices
from talentmatch.opportunity_forms import OpportunityForm
from talentmatch.services import jobs, organisations
from talentmatch.services.organisations import OrganisationInput


class OrganisationForm(OneTimeSubmission, FlaskForm):
    name = StringField(
        _l("Organisation name"),
        validators=[
            InputRequired(_l("Please enter your organisation's name.")),
            Length(max=organisations.MAX_NAME),
        ],
        render_kw={"autocomplete": "organization"},
    )
    business_id = StringField(
        _l("Business ID (Y-tunnus)"),
        validators=[
            InputRequired(_l("Please enter your organisation's business ID (Y-tunnus).")),
            Length(max=20, message=_l("A business ID looks like 1234567-8.")),
        ],
        description=_l(
            "As in the Finnish Trade Register, for example 1234567-8. "
            "Changing it sends the organisation back for verification."
        ),
    )
    industry = StringField(
        _l("Industry"),
        validators=[Optional(), Length(max=organisations.MAX_INDUSTRY)],
        description=_l("For example software, health care or logistics."),
    )
    size = SelectField(
        _l("Size"),
        choices=[("", _l("Choose a size"))] + label_choices(OrganisationSize),
        validators=[Optional()],
    )
    website = StringField(
        _l("Website"),
        validators=[Optional(), Length(max=organisations.MAX_WEBSITE)],
        render_kw={"type": "url", "inputmode": "url", "placeholder": "https://"},
    )
    description = TextAreaField(
        _l("About the organisation"),
        validators=[Optional(), Length(max=organisations.MAX_DESCRIPTION)],
        description=_l("What you do and what it is like to work with you."),
    )
    submit = SubmitField(_l("Save organisation"))

    def to_input(self) -> OrganisationInput:
        return OrganisationInput(
            name=self.name.data or "",
            business_id=self.business_id.data or "",
            industry=self.industry.data or "",
            size=OrganisationSize(self.size.data) if self.size.data else None,
            website=self.website.data or "",
            description=self.description.data or "",
        )


class JobForm(OpportunityForm):
    """A job: the shared fields in an employer's words, plus employment type, salary and
    permit sponsorship."""

    LABELS: ClassVar[dict[str, Any]] = {
        "title": _l("Job title"),
        "remote_mode": _l("Where the work is done"),
        "url": _l("Link to the full posting or application form"),
    }
    HELP: ClassVar[dict[str, Any]] = {
        "description": _l("The work, the team, and what the first months look like."),
        "nice_to_have_skills": _l(
            "Skills that help but that a good candidate could learn on the job."
        ),
        "deadline": _l("Leave empty if you take applications until the role is filled."),
    }

    employment_type = SelectField(
        _l("Type of employment"),
        choices=[("", _l("Choose a type"))] + label_choices(EmploymentType),
        validators=[InputRequired(_l("Choose the type of employment."))],
    )
    salary_min = IntegerField(
        _l("Salary from (€ per month)"),
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=jobs.MAX_SALARY,
                message=_l("Give a monthly salary in euros, from 0 to 100,000."),
            ),
        ],
        render_kw={"min": 0, "inputmode": "numeric"},
    )
    salary_max = IntegerField(
        _l("Salary up to (€ per month)"),
        validators=[
            Optional(),
            NumberRange(
                min=0,
                max=jobs.MAX_SALARY,
                message=_l("Give a monthly salary in euros, from 0 to 100,000."),
            ),
        ],
        render_kw={"min": 0, "inputmode": "numeric"},
    )
    sponsors_permit = BooleanField(
        _l("We can sponsor a work-based residence permit for this role"),
    )
    # These two save nothing: the form comes back with suggestions to pick from.
    suggest_skills = SubmitField(_l("Suggest skills from the description"))
    suggest_occupation = SubmitField(_l("Suggest occupation from the title"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._label_minimum_levels()

    def _label_minimum_levels(self) -> None:
        # An employer sets the lowest level a candidate needs, not the level they have.
        for entry in self.languages:
            entry.form.level.label.text = str(_l("Minimum level"))

    @classmethod
    def kind_initial_data(cls, opportunity: Opportunity) -> dict[str, Any]:
        return {
            "employment_type": (
                opportunity.employment_type.value if opportunity.employment_type else ""
            ),
            "salary_min": opportunity.salary_min,
            "salary_max": opportunity.salary_max,
            "sponsors_permit": bool(opportunity.sponsors_permit),
        }

    def add_blank_language_rows(self, count: int = 2) -> None:
        for _ in range(count):
            self.languages.append_entry()
        self._label_minimum_levels()

    def kind_input(self) -> dict[str, Any]:
        return {
            "employment_type": (
                EmploymentType(self.employment_type.data) if self.employment_type.data else None
            ),
            "salary_min": self.salary_min.data,
            "salary_max": self.salary_max.data,
            "sponsors_permit": bool(self.sponsors_permit.data),
        }
