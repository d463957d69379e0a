"""JSON endpoints used by the pages' scripts."""

from __future__ import annotations

import re

from flask import Blueprint, current_app, jsonify, request

from talentmatch.services import skills

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
