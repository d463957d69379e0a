"""What a request carries, made safe before any view or the database sees it.

Every form field and query argument loses its control characters (NUL included: PostgreSQL
cannot store it in text) and is empty when only spaces are left. A JSON body is bounded in size
and depth before it is parsed, so a 50,000-deep nesting is a 400 rather than a RecursionError, and
its strings are cleaned the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask import Request, current_app
from flask import json as flask_json
from flask_babel import gettext as _
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

# C0 and C1 control characters and DEL, except tab, line feed and carriage return, which people
# do type into text areas; and the bidirectional embeddings and overrides (U+202A-U+202E), which
# can make a name or title display as other text. Right-to-left text itself needs none of them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e]")
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKETS = re.compile(rb"[^\[\]{}]+")


def without_control_characters(text: str) -> str:
    """The text with every control character but tab, CR and LF removed."""
    return CONTROL_CHARACTERS.sub("", text)


def _clean(value: Any) -> Any:
    """A form value without control characters; one of only spaces is empty, as WTForms'
    Optional already treats it, so a choice of " " is no choice rather than an unknown one."""
    if not isinstance(value, str):
        return value
    cleaned = without_control_characters(value)
    return cleaned if cleaned.strip() else ""


class CleanMultiDict(ImmutableMultiDict):
    """Form fields and query arguments with control characters removed from names and values."""

    def __init__(self, mapping: Any = None) -> None:
        if mapping is None:
            super().__init__()
            return
        if isinstance(mapping, MultiDict):
            pairs: Iterable[tuple[Any, Any]] = mapping.items(multi=True)
        elif isinstance(mapping, Mapping):  # as MultiDict reads it: a list is several values
            pairs = [
                (key, item)
                for key, value in mapping.items()
                for item in (value if isinstance(value, list | tuple) else [value])
            ]
        else:
            pairs = mapping
        super().__init__([(_clean(key), _clean(value)) for key, value in pairs])


class JsonTooDeep(BadRequest):
    """A JSON body nested deeper than the site accepts."""


class JsonTooLarge(RequestEntityTooLarge):
    """A JSON body longer than the site accepts."""


def json_depth(data: bytes) -> int:
    """How deeply arrays and objects nest in a JSON text, found without parsing it."""
    brackets = _JSON_BRACKETS.sub(b"", _JSON_STRING.sub(b"", data))
    depth = deepest = 0
    for byte in brackets:
        if byte in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _cleaned_json(value: Any) -> Any:
    if isinstance(value, str):
        return without_control_characters(value)
    if isinstance(value, list):
        return [_cleaned_json(item) for item in value]
    if isinstance(value, dict):
        return {_cleaned_json(key): _cleaned_json(item) for key, item in value.items()}
    return value


class BoundedJson:
    """Parses request bodies with the app's JSON provider: size and depth first, then clean."""

    def __init__(self, provider: Any) -> None:
        self._provider = provider

    def loads(self, data: str | bytes, **kwargs: Any) -> Any:
        raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
        limit = current_app.config["JSON_MAX_BYTES"]
        if len(raw) > limit:
            raise JsonTooLarge(_("Send at most %(n)d kB of JSON.", n=limit // 1024))
        max_depth = current_app.config["JSON_MAX_DEPTH"]
        if json_depth(raw) > max_depth:
            raise JsonTooDeep(_("JSON nested deeper than %(n)d levels is refused.", n=max_depth))
        return _cleaned_json(self._provider.loads(data, **kwargs))

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        return self._provider.dumps(obj, **kwargs)


def accepts_upload(limit_setting: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark a view that takes a file: its requests may be as large as the config value named
    `limit_setting`, every other request keeps MAX_CONTENT_LENGTH. The limit is known before any
    byte of the body is read (CSRF checks read the form first), so a larger upload is a 413 at
    once, not a body read to its end."""

    def mark(view: Callable[..., Any]) -> Callable[..., Any]:
        view.upload_limit = limit_setting  # type: ignore[attr-defined]
        return view

    return mark


class TalentMatchRequest(Request):
    """Flask's request with cleaned form fields, query arguments and JSON strings."""

    parameter_storage_class = CleanMultiDict

    @property
    def max_content_length(self) -> int | None:
        if self._max_content_length is None and current_app and self.url_rule is not None:
            view = current_app.view_functions.get(self.url_rule.endpoint or "")
            setting = getattr(view, "upload_limit", None)
            if setting:
                return int(current_app.config[setting])
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    _json_provider: Any = flask_json

    # Flask hands every request the app's JSON provider; bodies are parsed through the bounds.
    @property  # type: ignore[override]
    def json_module(self) -> BoundedJson:
        return BoundedJson(self._json_provider)

    @json_module.setter
    def json_module(self, provider: Any) -> None:
        self._json_provider = provider
