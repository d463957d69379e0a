"""Form fields shared by several forms: the ESCO skill picker, languages, checkbox lists."""

from __future__ import annotations

from functools import cache
from typing import Any

from babel import Locale
from flask import has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import Field, Form, HiddenField, IntegerField, SelectField, SelectMultipleField
from wtforms.validators import Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from talentmatch.models.enums import CEFRLevel
from talentmatch.services import submissions
from talentmatch.services.skills import parse_token

PREFERRED_LANGUAGES = ("en", "fi", "sv")
# Far beyond any list's last page, and an OFFSET every database can take.
MAX_PAGE = 100_000


class OneTimeSubmission:
    """Mixin for a form that creates something: a hidden token, fresh each time the form is
    shown, so the same form sent twice (a double click) creates one row."""

    submission_token = HiddenField(default=submissions.new_token, validators=[Length(max=64)])


def page_field() -> IntegerField:
    """A list's page number from the query string: 1 to MAX_PAGE, or a message."""
    return IntegerField(
        _l("Page"),
        validators=[
            Optional(),
            NumberRange(min=1, max=MAX_PAGE, message=_l("Choose a page between 1 and 100,000.")),
        ],
    )


def language_names(locale: str | None = None) -> dict[str, str]:
    """ISO 639-1 codes and their names in `locale` (by default the interface's language, or
    English outside a request), English, Finnish and Swedish first."""
    if locale is None:
        locale = str(get_locale() or "en") if has_request_context() else "en"
    return _language_names(locale)


@cache
def _language_names(locale: str) -> dict[str, str]:
    names = {code: name for code, name in Locale.parse(locale).languages.items() if len(code) == 2}
    ordered = {code: names[code] for code in PREFERRED_LANGUAGES}
    ordered.update(
        sorted(((c, n) for c, n in names.items() if c not in ordered), key=lambda i: i[1])
    )
    return ordered


def cefr_choices(include_blank: bool = True) -> list[tuple[str, Any]]:
    """CEFR levels for a form's choices; the words in them are worded when the form is shown
    (these lists are built once, at import, outside any request)."""
    choices: list[tuple[str, Any]] = [
        (level.name, _l("Native") if level is CEFRLevel.NATIVE else level.name)
        for level in CEFRLevel
    ]
    return [("", _l("Level")), *choices] if include_blank else choices


class SkillPickerField(Field):
    """ESCO skills picked with autocomplete, plus free text typed into the box.

    Picked skills arrive as repeated values of the field (`esco:<id>:<label>` or `text:<label>`);
    what is left in the `<name>-typed` box arrives as `typed` and is resolved by the service.
    """

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.typed = ""

    def process(self, formdata: Any, data: Any = None, **kwargs: Any) -> None:
        self.process_errors = []
        self.data = list(data or [])
        self.tokens: list[str] = [choice.token for choice in self.data]
        if formdata is not None and (self.name in formdata or f"{self.name}-typed" in formdata):
            self.tokens = [t for t in formdata.getlist(self.name) if t]
            self.typed = formdata.get(f"{self.name}-typed", "")
            self.data = []
            for token in self.tokens:
                try:
                    self.data.append(parse_token(token))
                except ValueError:
                    self.process_errors.append(_l("Unknown skill: please pick one from the list."))
        if len(self.typed) > 5000:
            self.process_errors.append(_l("Type at most 5,000 characters of skills."))


class LanguageEntryForm(Form):
    """One language row: ISO 639-1 code and CEFR level (blank rows are ignored)."""

    code = SelectField(_l("Language"), validators=[Optional()])
    level = SelectField(_l("Level"), validators=[Optional()], choices=cefr_choices())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.code.choices = [("", _l("Choose a language")), *language_names().items()]

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if bool(self.code.data) != bool(self.level.data):
            self.level.errors = [*self.level.errors, _l("Choose both a language and a level.")]
            return False
        return ok


def language_rows(entries: Any) -> list[tuple[str, CEFRLevel]]:
    """The filled-in rows of a FieldList of LanguageEntryForm as (code, level)."""
    rows = []
    for entry in entries:
        code, level = entry.form.code.data, entry.form.level.data
        if code and level:
            rows.append((code, CEFRLevel[level]))
    return rows


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes rather than a multi-select box."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
