"""Each graduate's strong matches of the day, computed with the matching engine: how many
strong matches they have among open opportunities of every kind, and their best five. The
cohort view shows them and filters on them; the history draws match coverage over time."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from talentmatch.engine import matching_engine
from talentmatch.extensions import db
from talentmatch.models import GraduateProfile, MatchSummary
from talentmatch.services import cohorts, doors, matching
from talentmatch.services.matching_documents import profile_doc, profiles_query
from talentmatch.services.transaction import unit_of_work

TOP = 5
# Strong matches are counted among a graduate's best-ranked opportunities: explaining every
# open item for every graduate costs six times as much and, with strong fits ranked high,
# finds the same ones.
RANKED = 50


@dataclass(frozen=True)
class TopMatch:
    opportunity_id: int
    title: str
    kind: str
    band: str | None


@dataclass(frozen=True)
class Summary:
    computed_on: date
    strong_matches: int
    top: tuple[TopMatch, ...]


def refresh(user_ids: Iterable[int], today: date) -> bool:
    """Compute and store today's summary of each graduate in `user_ids` (replacing one
    computed earlier today). False, with nothing stored, while the engine is not fitted yet."""
    engine = matching_engine.holder.engine()
    if engine is None:
        return False
    ids = sorted(set(user_ids))
    if not ids:
        return True
    # Two page loads summarising the same graduate at once: the second upsert updates.
    for attempt in range(2):
        try:
            with unit_of_work():
                profiles = db.session.scalars(
                    profiles_query()
                    .where(GraduateProfile.user_id.in_(ids))
                    .options(selectinload(GraduateProfile.user))
                )
                for profile in profiles:
                    ranked = matching.ranked(
                        engine, profile.user, profile, k=RANKED, today=today, diversify=False
                    )
                    _store(profile.user_id, today, ranked, _gaps(engine, profile, today))
            return True
        except IntegrityError:
            if attempt:
                raise
    return True  # pragma: no cover


def _gaps(engine, profile: GraduateProfile, today: date) -> dict:
    """The day's "what would open more doors" counts, for career services' cohort view."""
    with matching_engine.holder.lock:
        report = engine.gaps(
            profile_doc(profile), exclude=doors.hidden_of(profile.user), today=today
        )
    return {
        "languages": {line.code: len(line.jobs) for line in report.languages if line.jobs},
        "skills": {line.uri: len(line.jobs) for line in report.skills if line.jobs},
    }


def _store(user_id: int, today: date, ranked: list[matching.Recommendation], gaps: dict) -> None:
    strong = sum(1 for r in ranked if r.band == cohorts.STRONG_BAND)
    top = [
        {
            "opportunity_id": r.opportunity.id,
            "title": r.opportunity.title,
            "kind": r.opportunity.kind.value,
            "band": r.band,
        }
        for r in ranked[:TOP]
    ]
    row = db.session.scalar(
        select(MatchSummary).where(
            MatchSummary.user_id == user_id, MatchSummary.computed_on == today
        )
    )
    if row is None:
        row = MatchSummary(user_id=user_id, computed_on=today)
        db.session.add(row)
    row.strong_matches = strong
    row.top = json.dumps(top)
    row.gaps = json.dumps(gaps)
    db.session.flush()


def missing_today(user_ids: Iterable[int], today: date) -> list[int]:
    """Those of `user_ids` with no summary computed today."""
    ids = set(user_ids)
    if not ids:
        return []
    done = set(
        db.session.scalars(
            select(MatchSummary.user_id).where(
                MatchSummary.user_id.in_(ids), MatchSummary.computed_on == today
            )
        )
    )
    return sorted(ids - done)


def current(user_ids: Iterable[int]) -> dict[int, Summary]:
    """Each graduate's newest summary, for those who have one."""
    ids = set(user_ids)
    if not ids:
        return {}
    newest = (
        select(MatchSummary.user_id, func.max(MatchSummary.computed_on).label("day"))
        .where(MatchSummary.user_id.in_(ids))
        .group_by(MatchSummary.user_id)
        .subquery()
    )
    rows = db.session.scalars(
        select(MatchSummary).join(
            newest,
            (newest.c.user_id == MatchSummary.user_id) & (newest.c.day == MatchSummary.computed_on),
        )
    )
    return {row.user_id: _summary(row) for row in rows}


def _summary(row: MatchSummary) -> Summary:
    try:
        items = json.loads(row.top or "[]")
    except ValueError:
        items = []
    top = tuple(
        TopMatch(
            int(item.get("opportunity_id") or 0),
            str(item.get("title") or ""),
            str(item.get("kind") or ""),
            item.get("band"),
        )
        for item in items
        if isinstance(item, dict)
    )
    return Summary(row.computed_on, row.strong_matches, top)


def refresh_everyone(today: date) -> int | None:
    """Today's summary of every graduate sharing their profile with career services (for a
    daily scheduler); how many, or None while the engine is not fitted yet."""
    ids = list(
        db.session.scalars(
            cohorts.sharing_profiles(None).with_only_columns(GraduateProfile.user_id)
        )
    )
    return len(ids) if refresh(ids, today) else None
