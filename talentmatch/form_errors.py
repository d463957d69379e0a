"""Where each error of a form is shown: the error summary at the top of a form links every
message to its field, so a keyboard or screen-reader user gets there in one step."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Fields drawn as a group of options: the first option is where the group starts.
OPTION_GROUPS = ("RadioField", "MultiCheckboxField")
HIDDEN = ("CSRFTokenField", "HiddenField")


@dataclass(frozen=True)
class FieldError:
    target: str | None  # the id of the element that takes the focus; None: shown with no field
    label: str
    message: str


def field_errors(form: Any) -> list[FieldError]:
    """Every field's error messages, in the order the fields are on the form."""
    found: list[FieldError] = []
    for field in form:
        found.extend(_errors_of(field))
    return found


def _messages(errors: Any) -> Iterable[str]:
    # A FieldList's errors mix its own messages (strings, or lazy strings) with its entries'
    # (dicts and lists), which are reported with the entries' own fields.
    return (str(error) for error in errors or () if not isinstance(error, dict | list | tuple))


def _errors_of(field: Any, group: str = "") -> list[FieldError]:
    label = f"{group}: {field.label.text}" if group else str(field.label.text)
    if field.type in HIDDEN:
        return [FieldError(None, "", message) for message in _messages(field.errors)]
    if field.type == "FieldList":
        found = []
        if field.entries:
            first = _first_input(field.entries[0])
            found = [FieldError(first, label, message) for message in _messages(field.errors)]
        for entry in field.entries:
            found.extend(_errors_of(entry, group=str(field.label.text)))
        return found
    if field.type == "FormField":
        return [error for sub in field.form for error in _errors_of(sub, group)]
    target = _first_input(field)
    return [FieldError(target, label, message) for message in _messages(field.errors)]


def _first_input(field: Any) -> str:
    if field.type == "FormField":
        return _first_input(next(iter(field.form)))
    if field.type in OPTION_GROUPS:
        return f"{field.id}-0"
    if field.type == "SkillPickerField":
        return f"{field.id}-typed"  # the picker's text box
    return str(field.id)
