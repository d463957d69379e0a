"""JSON endpoints used by the pages' scripts."""

from __future__ import annotations

import re

from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import login_required

from talentmatch.extensions import limiter
from talentmatch.services import matching, skills
from talentmatch.services.errors import InvalidInput

bp = Blueprint("api", __name__, url_prefix="/api")

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


@bp.get("/skills")
def suggest_skills():
    """ESCO skills matching `q` in English, Finnish or Swedish, for the skill picker."""
    # Control characters never belong in a search, and PostgreSQL refuses NUL outright.
    query = CONTROL_CHARACTERS.sub(" ", request.args.get("q", ""))
    limit = request.args.get("limit", type=int) or current_app.config["SKILL_SUGGESTIONS"]
    limit = max(1, min(limit, 50))
    found = skills.search_skills(query, limit=limit)
    lowered = " ".join(query.lower().split())
    return jsonify(
        query=query,
        skills=[
            {
                "id": skill.id,
                "uri": skill.uri,
                "label": skill.label_en,
                "matched": _matched_label(skill, lowered),
            }
            for skill in found
        ],
    )


def _matched_label(skill, query: str) -> str:
    """The label the query matched, so a Finnish search shows the Finnish name too."""
    for label in (skill.label_en, skill.label_fi, skill.label_sv, *skill.alt_labels_en.split("|")):
        if label and query in label.lower():
            return label
    return skill.label_en


SUGGESTION_RATE_LIMIT = "60 per minute"


@bp.post("/suggestions/skills")
@limiter.limit(SUGGESTION_RATE_LIMIT)
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
@limiter.limit(SUGGESTION_RATE_LIMIT)
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
