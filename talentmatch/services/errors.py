"""Domain errors raised by services; `talentmatch.errors` maps them to HTTP responses."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: a use case refused to go on."""


class NotFound(DomainError):
    """The thing asked for does not exist (or the actor may not know it exists)."""


class NotAllowed(DomainError):
    """The actor may not do this."""


class InvalidInput(DomainError):
    """Input that breaks a rule; `errors` maps a field name ('' for the whole form) to messages."""

    def __init__(self, errors: dict[str, str] | str, field: str = "") -> None:
        self.errors: dict[str, str] = errors if isinstance(errors, dict) else {field: errors}
        super().__init__("; ".join(str(v) for v in self.errors.values()))
