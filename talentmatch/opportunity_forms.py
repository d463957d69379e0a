"""One form stack for every kind of opportunity: the fields jobs, programmes, communities and
events share, turned into the services' OpportunityInput in one place; the kind forms
(employers.forms.JobForm, catalogue.forms.ItemForm) add their own fields and wording."""

from __future__ import annotations

from typing import Any, ClassVar

from flask_babel import get_locale
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
    language_names,
    language_rows,
)
from talentmatch.models import CONTENT_LANGUAGES, Opportunity, RemoteMode
from talentmatch.models.enums import MUNICIPALITIES, label_choices
from talentmatch.services.opportunities import (
    MAX_DESCRIPTION,
    MAX_TITLE,
    MAX_URL,
    LanguageRequirement,
    OpportunityInput,
    skill_choices,
)
from talentmatch.services.opportunity_texts import TranslatedText
from talentmatch.services.skills import SkillsInput

MAX_LANGUAGE_ROWS = 20


def language_list(min_entries: int = 0) -> FieldList:
    return FieldList(
        FormField(LanguageEntryForm), min_entries=min_entries, max_entries=MAX_LANGUAGE_ROWS
    )


def _translated_title(label: Any) -> StringField:
    return StringField(label, validators=[Optional(), Length(max=MAX_TITLE)])


def _translated_description(label: Any) -> TextAreaField:
    return TextAreaField(label, validators=[Optional(), Length(max=MAX_DESCRIPTION)])


class OpportunityForm(OneTimeSubmission, FlaskForm):
    """The shared fields. A kind form rewords them through LABELS and HELP (field name ->
    text) and adds its own fields, their initial values (`kind_initial_data`) and their input
    (`kind_input`)."""

    LABELS: ClassVar[dict[str, Any]] = {}
    HELP: ClassVar[dict[str, Any]] = {}
    VERSION_LEGENDS: ClassVar[dict[str, Any]] = {
        "en": _l("English version (optional)"),
        "fi": _l("Finnish version (optional)"),
        "sv": _l("Swedish version (optional)"),
    }

    title = StringField(
        _l("Title"),
        validators=[InputRequired(_l("Please give a title.")), Length(max=MAX_TITLE)],
    )
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=MAX_DESCRIPTION)]
    )
    # The language the title and description above are written in, and the same texts in
    # the other languages (each optional: a title and a description, or neither).
    written_in = SelectField(
        _l("Language of the title and description"),
        default="en",
        validate_choice=False,  # the service checks it and says why
    )
    title_en = _translated_title(_l("Title in English"))
    description_en = _translated_description(_l("Description in English"))
    title_fi = _translated_title(_l("Title in Finnish"))
    description_fi = _translated_description(_l("Description in Finnish"))
    title_sv = _translated_title(_l("Title in Swedish"))
    description_sv = _translated_description(_l("Description in Swedish"))
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
        names = language_names(str(get_locale() or "en"))
        self.written_in.choices = [
            (code, names.get(code, code).capitalize()) for code in CONTENT_LANGUAGES
        ]

    def version_legend(self, code: str) -> str:
        return str(self.VERSION_LEGENDS[code])

    def given_in(self) -> list[str]:
        """The languages the form gives the texts in: the original's, then each translation
        with a title."""
        original = self.written_in.data or "en"
        return [original] + [
            code
            for code in CONTENT_LANGUAGES
            if code != original and (self[f"title_{code}"].data or "").strip()
        ]

    @classmethod
    def initial_data(cls, opportunity: Opportunity) -> dict[str, Any]:
        """The opportunity's current values, to fill the edit form."""
        translations = {text.locale: text for text in opportunity.texts}
        texts: dict[str, Any] = {}
        for code in CONTENT_LANGUAGES:
            text = translations.get(code)
            texts[f"title_{code}"] = text.title if text else ""
            texts[f"description_{code}"] = text.description if text else ""
        return {
            "title": opportunity.title,
            "description": opportunity.description,
            "written_in": opportunity.written_in,
            **texts,
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
            written_in=self.written_in.data or "en",
            translations=tuple(
                TranslatedText(
                    code,
                    self[f"title_{code}"].data or "",
                    self[f"description_{code}"].data or "",
                )
                for code in CONTENT_LANGUAGES
            ),
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
