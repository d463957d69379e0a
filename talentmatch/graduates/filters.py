"""For you's filters read from the query string (and carried on in links), and the names the
"what would open more doors" lines use."""

from __future__ import annotations

from flask import request
from flask_babel import get_locale

from talentmatch.form_fields import language_names
from talentmatch.graduates.forms import ForYouFilterForm
from talentmatch.models.enums import CEFRLevel
from talentmatch.recommender.types import MatchFilters


def for_you_filters() -> tuple[ForYouFilterForm, MatchFilters, dict[str, str]]:
    """The filter form, the filters it holds, and the query that carries them on in links."""
    form = ForYouFilterForm(formdata=request.args)
    filters = MatchFilters(
        languages_met=bool(form.languages_met.data),
        sponsors_permit=bool(form.sponsors_permit.data),
        my_municipalities=bool(form.my_municipalities.data),
    )
    query = {name: "y" for name, on in vars(filters).items() if on}
    return form, filters, query


def door_names() -> dict[str, object]:
    """Level and language names in the reader's language, for the doors' lines."""
    return {
        "cefr_names": {level.value: level.label for level in CEFRLevel},
        "language_names": language_names(str(get_locale() or "en")),
    }
