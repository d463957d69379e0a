"""The fit an application records: what the graduate read (fit and *why*) and the mutual fit the
employer's Candidates tab showed at that moment, kept as facts and worded for each reader later."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from talentmatch.engine import matching_engine
from talentmatch.extensions import db
from talentmatch.models import GraduateProfile, Opportunity
from talentmatch.recommender.types import Explanation, Reason, ReasonCode
from talentmatch.services.matching_documents import (
    is_recommendable,
    profile_doc,
    profiles_query,
)
from talentmatch.services.skill_labels import SkillNames, names_in


@dataclass(frozen=True)
class RecordedFit:
    """Both sides' explanations as they were when the application was made (None: unknown)."""

    graduate: Explanation | None = None
    employer: Explanation | None = None


def skill_names(fits: Iterable[RecordedFit]) -> SkillNames:
    """The ESCO skills the fits' explanations name (one query for all of them), so a page
    names them in the reader's language."""
    return names_in(e for fit in fits for e in (fit.graduate, fit.employer))


def _profile(user_id: int) -> GraduateProfile | None:
    return db.session.scalar(profiles_query().where(GraduateProfile.user_id == user_id))


def current_fit(user_id: int, job: Opportunity, today: date) -> RecordedFit:
    """The fit as "For you" and the Candidates tab word it now; empty while no model is served
    or when the job is no longer matched (closed, past its deadline)."""
    profile = _profile(user_id)
    holder = matching_engine.holder
    engine = holder.engine()
    if profile is None or engine is None or not is_recommendable(job, today):
        return RecordedFit()
    holder.apply(job, today)
    document = profile_doc(profile)
    with holder.lock:
        try:
            graduate = engine.explain(document, str(job.id), today).explanation
        except KeyError:  # the job left the engine meanwhile
            return RecordedFit()
        ranked = engine.rank_candidates(str(job.id), [document], k=1, today=today)
    return RecordedFit(graduate, ranked[0].explanation if ranked else None)


def _explanation_from(data: dict[str, Any] | None) -> Explanation | None:
    if not isinstance(data, dict):
        return None
    try:
        return Explanation(
            shared_skills=tuple(data.get("shared_skills", ())),
            related_skills=tuple(tuple(pair) for pair in data.get("related_skills", ())),
            missing_skills=tuple(data.get("missing_skills", ())),
            reasons=tuple(
                Reason(
                    ReasonCode(reason["code"]),
                    tuple(tuple(pair) for pair in reason.get("params", ())),
                    float(reason.get("penalty", 0.0)),
                )
                for reason in data.get("reasons", ())
            ),
            band=data.get("band"),
            required_count=int(data.get("required_count", 0)),
            required_met=int(data.get("required_met", 0)),
            required_close=int(data.get("required_close", 0)),
            missing_count=int(data.get("missing_count", 0)),
            offered_skills=tuple(data.get("offered_skills", ())),
        )
    except (KeyError, TypeError, ValueError):
        return None


def to_json(fit: RecordedFit) -> str:
    """What Application.explanation stores: "" when nothing was known."""
    if fit.graduate is None and fit.employer is None:
        return ""
    sides = {
        "graduate": asdict(fit.graduate) if fit.graduate else None,
        "employer": asdict(fit.employer) if fit.employer else None,
    }
    return json.dumps(sides, sort_keys=True)


def from_json(text: str) -> RecordedFit:
    """The recorded fit; an empty or unreadable record (an erased applicant's) is empty."""
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        return RecordedFit()
    graduate, employer = data.get("graduate"), data.get("employer")
    return RecordedFit(_explanation_from(graduate), _explanation_from(employer))
