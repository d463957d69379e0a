"""JSON endpoints used by the pages' scripts."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, current_app, jsonify, request, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from talentmatch import limits
from talentmatch.extensions import limiter
from talentmatch.models import Opportunity, OpportunityKind
from talentmatch.services import matching, skills, visibility
from talentmatch.services.errors import InvalidInput
from talentmatch.services.opportunity_texts import given_in, shown_text
from talentmatch.services.skill_labels import SkillLabel, esco_label, skill_label

bp = Blueprint("api", __name__, url_prefix="/api")
limits.api(bp)  # API_RATE_LIMIT on every route; the suggestion routes have a stricter one

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
SKILL_LABEL_LANGUAGES = ("en", "fi", "sv")


def _label_language() -> str:
    """`lang` (en, fi, sv) when given, else the interface language of the request."""
    locale = request.args.get("lang", "")
    if locale not in SKILL_LABEL_LANGUAGES:
        locale = str(get_locale() or "en")[:2]
    return locale


def _named(label: SkillLabel) -> dict[str, str | None]:
    """A label in the language asked for; `label_lang` names the language of one shown in
    another (English, when ESCO has no label in the language asked for), else null."""
    return {"label": label.text, "label_lang": label.lang}


@bp.get("/skills")
def suggest_skills():
    """ESCO skills matching `q` in English, Finnish or Swedish, for the skill picker.

    `lang` (en, fi, sv) names the language of the labels returned (and to prefer when
    matching); the interface language by default. `label_en` is the English label.
    """
    # Control characters never belong in a search, and PostgreSQL refuses NUL outright.
    query = CONTROL_CHARACTERS.sub(" ", request.args.get("q", ""))
    limit = request.args.get("limit", type=int) or current_app.config["SKILL_SUGGESTIONS"]
    limit = max(1, min(limit, 50))
    locale = _label_language()
    found = skills.autocomplete(query, limit=limit, locale=locale)
    return jsonify(
        query=query,
        lang=locale,
        skills=[
            {
                "id": match.skill.id,
                "uri": match.skill.uri,
                **_named(esco_label(match.skill, locale)),
                "label_en": match.skill.label_en,
                "matched": match.matched,
            }
            for match in found
        ],
    )


@bp.get("/opportunities/<int:opportunity_id>")
def opportunity(opportunity_id: int):
    """One opportunity, as public as its page, in the language asked for (`lang`, else the
    interface language): its title and description in that language when given, otherwise
    the original. `lang` names the language of the text, `note` says when it is not the one
    asked for, `given_in` lists every language it can be read in."""
    viewer = current_user if current_user.is_authenticated else None
    found = visibility.get_visible(opportunity_id, viewer)
    locale = _label_language()
    text = shown_text(found, locale)
    with force_locale(locale):
        note = text.note
    return jsonify(
        id=found.id,
        kind=found.kind.value,
        url=url_for("catalogue.detail", opportunity_id=found.id),
        requested_lang=locale,
        lang=text.language,
        title=text.title,
        description=text.description,
        note=note or None,
        written_in=found.written_in,
        given_in=given_in(found),
        provider=found.provider_name,
        municipality=found.municipality,
        remote_mode=found.remote_mode.value,
        deadline=found.deadline.isoformat() if found.deadline else None,
        skills=[
            {
                **_named(skill_label(skill, locale)),
                "required": skill.required,
                "uri": skill.skill.uri if skill.skill is not None else None,
            }
            for skill in found.skills
        ],
        course=_course_facts(found),
    )


def _course_facts(found: Opportunity) -> dict[str, Any] | None:
    """A course's facts (None for other kinds): levels are CEFR names, `skills` above are the
    skills it teaches."""
    if found.kind is not OpportunityKind.COURSE:
        return None
    return {
        "instruction_language": found.instruction_language,
        "teaches_language": found.teaches_language,
        "level_from": found.cefr_from.name if found.cefr_from else None,
        "level_to": found.cefr_to.name if found.cefr_to else None,
        "cost": found.cost.value if found.cost else None,
        "price_eur": found.price_eur,
        "format": found.course_format.value if found.course_format else None,
        "self_paced": found.self_paced,
        "first_day": found.starts_at.date().isoformat() if found.starts_at else None,
        "last_day": found.ends_at.date().isoformat() if found.ends_at else None,
        "details_checked_on": (
            found.details_checked_on.isoformat() if found.details_checked_on else None
        ),
    }


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
    locale = _label_language()
    found = matching.suggest_skills(CONTROL_CHARACTERS.sub(" ", text), k=limit, locale=locale)
    return jsonify(
        lang=locale,
        skills=[
            {
                "id": s.skill_id,
                "uri": s.uri,
                **_named(s.shown),
                "label_en": s.label,
                "score": round(s.score, 4),
                "token": s.token,
            }
            for s in found
        ],
    )


@bp.get("/suggestions/occupations")
@limiter.limit(limits.configured("SUGGESTION_RATE_LIMIT"))
@login_required
def suggest_occupations():
    """ESCO occupations a job title most likely means (`title` in the query string)."""
    title = CONTROL_CHARACTERS.sub(" ", request.args.get("title", ""))
    limit = _limit(request.args.get("limit"), default=5)
    locale = _label_language()
    found = matching.suggest_occupations(title, k=limit, locale=locale)
    return jsonify(
        title=title,
        lang=locale,
        occupations=[{"uri": o.uri, **_named(o.shown), "score": round(o.score, 4)} for o in found],
    )


def _limit(value: object, default: int) -> int:
    """A result count from 1 to 20; anything else is the default."""
    try:
        number = int(str(value)) if value is not None else default
    except ValueError:
        return default
    return max(1, min(number, 20))
