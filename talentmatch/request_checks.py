"""Checks every request passes before a view sees it."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import gettext as _

from talentmatch.services.errors import InvalidInput

NUL = "\x00"


def register_request_checks(app: Flask) -> None:
    @app.before_request
    def refuse_nul_characters() -> None:
        """A NUL character is never text a person typed, and PostgreSQL cannot store it: the
        form is refused whole (400) instead of failing half-way in the database."""
        if request.method in ("POST", "PUT", "PATCH") and any(
            NUL in value for value in request.form.values()
        ):
            raise InvalidInput(_("The form contained a character that is not text (NUL)."))
