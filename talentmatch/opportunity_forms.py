"""One form stack for every kind of opportunity: the fields jobs, programmes, communities and
events share, turned into the services' OpportunityInput in one place; the kind forms
(employers.forms.JobForm, catalogue.forms.ItemForm) add their own fields and wording."""

from __future__ import annotations

from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    FormField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import InputRequired, Length, Optional

from talentmatch.form_fields import (
    LanguageEntryForm,
    OneTimeSubmission,
    SkillPickerField,
    language_rows,
)
from talentmatch.models import Opportunity, RemoteMode
from talentmatch.models.enums import MUNICIPALITIES, label_choices
from talentmatch.services.opportunities import (
    MAX_DESCRIPTION,
    MAX_TITLE,
    MAX_URL,
    LanguageRequirement,
    OpportunityInput,
    skill_choices,
)
from talentmatch.services.skills import SkillsInput

MAX_LANGUAGE_ROWS = 20


def language_list(min_entries: int = 0) -> FieldList:
    return FieldList(
        FormField(LanguageEntryForm), min_entries=min_entries, max_entries=MAX_LANGUAGE_ROWS
    )


class OpportunityForm(OneTimeSubmission, FlaskForm):
    """The shared fields. A kind form rewords them through LABELS and HELP (field name ->
    text) and adds its own fields, their initial values (`kind_initial_data`) and their input
    (`kind_input`)."""

    LABELS: ClassVar[dict[str, Any]] = {}
    HELP: ClassVar[dict[str, Any]] = {}

    title = StringField(
        _l("Title"),
        validators=[InputRequired(_l("Please give a title.")), Length(max=MAX_TITLE)],
    )
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=MAX_DESCRIPTION)]
    )
    required_skills = SkillPickerField(_l("Required skills"))
    nice_to_have_skills = SkillPickerField(_l("Nice-to-have skills"))
    languages = language_list()
    municipality = SelectField(
        _l("Municipality"),
        validators=[Optional()],
        choices=[("", _l("Not tied to one place"))] + [(name, name) for name in MUNICIPALITIES],
    )
    remote_mode = SelectField(
        _l("Where it happens"),
        choices=label_choices(RemoteMode),
        default=RemoteMode.ON_SITE.value,
    )
    url = URLField(
        _l("Link for more information"),
        validators=[Optional(), Length(max=MAX_URL)],
        render_kw={"inputmode": "url", "placeholder": "https://"},
    )
    deadline = DateField(_l("Application deadline"), validators=[Optional()])
    save_draft = SubmitField(_l("Save as draft"))
    publish = SubmitField(_l("Publish"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in self.LABELS.items():
            self[name].label.text = str(label)
        for name, text in self.HELP.items():
            self[name].description = text

    @classmethod
    def initial_data(cls, opportunity: Opportunity) -> dict[str, Any]:
        """The opportunity's current values, to fill the edit form."""
        return {
            "title": opportunity.title,
            "description": opportunity.description,
            "required_skills": skill_choices(opportunity, required=True),
            "nice_to_have_skills": skill_choices(opportunity, required=False),
            "languages": [
                {"code": lang.code, "level": lang.cefr.name} for lang in opportunity.languages
            ],
            "municipality": opportunity.municipality or "",
            "remote_mode": opportunity.remote_mode.value,
            "deadline": opportunity.deadline,
            "url": opportunity.url or "",
            **cls.kind_initial_data(opportunity),
        }

    @classmethod
    def kind_initial_data(cls, opportunity: Opportunity) -> dict[str, Any]:
        return {}

    def kind_input(self) -> dict[str, Any]:
        """The kind's own OpportunityInput fields."""
        return {}

    def to_input(self) -> OpportunityInput:
        """The form as the plain values the services take."""
        return OpportunityInput(
            title=self.title.data or "",
            description=self.description.data or "",
            municipality=self.municipality.data or None,
            remote_mode=RemoteMode(self.remote_mode.data),
            url=self.url.data or None,
            deadline=self.deadline.data,
            required_skills=_skills_input(self.required_skills),
            nice_to_have_skills=_skills_input(self.nice_to_have_skills),
            languages=[
                LanguageRequirement(code, level) for code, level in language_rows(self.languages)
            ],
            **self.kind_input(),
        )


def _skills_input(field: SkillPickerField) -> SkillsInput:
    return SkillsInput(tokens=tuple(field.tokens), typed=field.typed)
