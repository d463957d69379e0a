"""A short list of enum values or keywords stored in one text column, read back as a list."""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import String
from sqlalchemy.types import TypeDecorator

SEPARATOR = ","


class ValueList(TypeDecorator):
    """Values joined by commas; with `enum_cls`, members of that enum in and out.

    For small, unordered sets read and written whole (eligibility criteria), where a table of
    their own would cost a join on every read and say nothing more.
    """

    impl = String
    cache_ok = True

    def __init__(self, length: int, enum_cls: type[enum.Enum] | None = None) -> None:
        super().__init__(length)
        self.enum_cls = enum_cls

    def process_bind_param(self, value: Any, dialect: Any) -> str:
        items = []
        for item in value or ():
            text = str(self.enum_cls(item).value if self.enum_cls else item).strip()
            if SEPARATOR in text:
                raise ValueError(f"{text!r} contains the separator {SEPARATOR!r}")
            if text and text not in items:
                items.append(text)
        return SEPARATOR.join(items)

    def process_result_value(self, value: Any, dialect: Any) -> list:
        items = [item for item in (value or "").split(SEPARATOR) if item]
        if self.enum_cls is None:
            return items
        return [self.enum_cls(item) for item in items]
