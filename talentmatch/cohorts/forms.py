"""Forms of the cohort view: the filter (from the query string), naming a cohort, promoting."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from talentmatch.form_fields import (
    LanguageEntryForm,
    MultiCheckboxField,
    OneTimeSubmission,
    language_rows,
    page_field,
)
from talentmatch.models.enums import DegreeLevel, WorkPermit, label_choices
from talentmatch.services.cohorts import MAX_COHORT_NAME, CohortCriteria, LanguageNeed
from talentmatch.services.promotions import MAX_NOTE

FIRST_YEAR, LAST_YEAR = 1950, 2100
LANGUAGE_ROWS = 2


def _year(label: Any) -> IntegerField:
    return IntegerField(
        label,
        validators=[
            Optional(),
            NumberRange(
                min=FIRST_YEAR,
                max=LAST_YEAR,
                message=_l("Choose a year between %(min)d and %(max)d."),
            ),
        ],
    )


class CohortFilterForm(FlaskForm):
    """Read from the query string, so a filtered list is a link that can be shared."""

    class Meta:
        csrf = False

    field_of_study = StringField(
        _l("Field of study"),
        validators=[Optional(), Length(max=160, message=_l("Use at most %(max)d characters."))],
        description=_l("Words found in the field of study, e.g. “data” or “nursing”."),
    )
    degree_levels = MultiCheckboxField(_l("Degree levels"), choices=label_choices(DegreeLevel))
    graduation_year_from = _year(_l("Graduated in or after"))
    graduation_year_to = _year(_l("Graduated in or before"))
    work_permits = MultiCheckboxField(_l("Permit situations"), choices=label_choices(WorkPermit))
    languages = FieldList(
        FormField(LanguageEntryForm), min_entries=LANGUAGE_ROWS, max_entries=LANGUAGE_ROWS
    )
    skills = SelectMultipleField(
        _l("ESCO skills"),
        coerce=int,
        description=_l("Graduates who hold all the chosen skills."),
    )
    few_strong_matches = BooleanField(_l("Fewer than three strong matches"))
    page = page_field()

    def criteria(self) -> CohortCriteria:
        """The filter as plain values (call after `validate`)."""
        return CohortCriteria(
            field_of_study=(self.field_of_study.data or "").strip(),
            degree_levels=tuple(DegreeLevel(v) for v in self.degree_levels.data or ()),
            graduation_year_from=self.graduation_year_from.data,
            graduation_year_to=self.graduation_year_to.data,
            work_permits=tuple(WorkPermit(v) for v in self.work_permits.data or ()),
            languages=tuple(
                LanguageNeed(code, level) for code, level in language_rows(self.languages)
            ),
            skill_ids=tuple(self.skills.data or ()),
            few_strong_matches=bool(self.few_strong_matches.data),
        )


def filter_args(criteria: CohortCriteria) -> dict[str, object]:
    """The query string that shows a saved cohort's graduates."""
    args: dict[str, object] = {}
    if criteria.field_of_study:
        args["field_of_study"] = criteria.field_of_study
    if criteria.degree_levels:
        args["degree_levels"] = [level.value for level in criteria.degree_levels]
    if criteria.graduation_year_from is not None:
        args["graduation_year_from"] = criteria.graduation_year_from
    if criteria.graduation_year_to is not None:
        args["graduation_year_to"] = criteria.graduation_year_to
    if criteria.work_permits:
        args["work_permits"] = [permit.value for permit in criteria.work_permits]
    for index, need in enumerate(criteria.languages[:LANGUAGE_ROWS]):
        args[f"languages-{index}-code"] = need.code
        args[f"languages-{index}-level"] = need.min_level.name
    if criteria.skill_ids:
        args["skills"] = list(criteria.skill_ids)
    if criteria.few_strong_matches:
        args["few_strong_matches"] = "y"
    return args


class SaveCohortForm(FlaskForm):
    name = StringField(
        _l("Cohort name"),
        validators=[
            DataRequired(message=_l("Give the cohort a name.")),
            Length(max=MAX_COHORT_NAME, message=_l("Use at most %(max)d characters.")),
        ],
    )
    submit = SubmitField(_l("Save this filter as a cohort"))


class PromoteForm(OneTimeSubmission, FlaskForm):
    # Not checked against the list here: the service says why an item cannot be promoted.
    opportunity_id = SelectField(_l("Opportunity"), coerce=int, validate_choice=False)
    note = TextAreaField(
        _l("Note to the graduate"),
        validators=[
            Optional(),
            Length(max=MAX_NOTE, message=_l("Keep the note to at most %(max)d characters.")),
        ],
        description=_l("Why this suits them, in a sentence or two (optional)."),
    )
    submit = SubmitField(_l("Promote"))
