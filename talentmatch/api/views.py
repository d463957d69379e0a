"""JSON endpoints used by the pages' scripts."""

from __future__ import annotations

import re

from flask import Blueprint, current_app, jsonify, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_required

from talentmatch import limits
from talentmatch.extensions import limiter
from talentmatch.services import matching, skills
from talentmatch.services.errors import InvalidInput

bp = Blueprint("api", __name__, url_prefix="/api")
limits.api(bp)  # API_RATE_LIMIT on every route; the suggestion routes have a stricter one

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
SKILL_LABEL_LANGUAGES = ("en", "fi", "sv")


@bp.get("/skills")
def suggest_skills():
    """ESCO skills matching `q` in English, Finnish or Swedish, for the skill picker.

    `lang` (en, fi, sv) names the labels to prefer; the interface language by default.
    """
    # Control characters never belong in a search, and PostgreSQL refuses NUL outright.
    query = CONTROL_CHARACTERS.sub(" ", request.args.get("q", ""))
    limit = request.args.get("limit", type=int) or current_app.config["SKILL_SUGGESTIONS"]
    limit = max(1, min(limit, 50))
    locale = request.args.get("lang", "")
    if locale not in SKILL_LABEL_LANGUAGES:
        locale = str(get_locale() or "en")[:2]
    found = skills.autocomplete(query, limit=limit, locale=locale)
    return jsonify(
        query=query,
        skills=[
            {
                "id": match.skill.id,
                "uri": match.skill.uri,
                "label": match.skill.label_en,
                "matched": match.matched,
            }
            for match in found
        ],
    )


@bp.post("/suggestions/skills")
@limiter.limit(limits.configured("SUGGESTION_RATE_LIMIT"))
@login_required
def suggest_skills_from_text():
    """ESCO skills found in free text (`text` in a JSON body or a form): a description, a CV."""
    payload = request.get_json(silent=True) if request.is_json else request.form
    if not isinstance(payload, dict):
        payload = {}
    text = payload.get("text")
    if not isinstance(text, str):
        raise InvalidInput(_("Send the text to suggest skills from as “text”."), "text")
    limit = _limit(payload.get("limit"), default=10)
    found = matching.suggest_skills(CONTROL_CHARACTERS.sub(" ", text), k=limit)
    return jsonify(
        skills=[
            {
                "id": s.skill_id,
                "uri": s.uri,
                "label": s.label,
                "score": round(s.score, 4),
                "token": s.token,
            }
            for s in found
        ]
    )


@bp.get("/suggestions/occupations")
@limiter.limit(limits.configured("SUGGESTION_RATE_LIMIT"))
@login_required
def suggest_occupations():
    """ESCO occupations a job title most likely means (`title` in the query string)."""
    title = CONTROL_CHARACTERS.sub(" ", request.args.get("title", ""))
    limit = _limit(request.args.get("limit"), default=5)
    found = matching.suggest_occupations(title, k=limit)
    return jsonify(
        title=title,
        occupations=[{"uri": o.uri, "label": o.label, "score": round(o.score, 4)} for o in found],
    )


def _limit(value: object, default: int) -> int:
    """A result count from 1 to 20; anything else is the default."""
    try:
        number = int(str(value)) if value is not None else default
    except ValueError:
        return default
    return max(1, min(number, 20))
