"""Each demo graduate's best job matches, and a weekly history of their strong matches over the
past six months, so the cohort view shows top matches with their band and the coverage chart
has a line that moves.

The bands come from the engine's own rule (`fit_band`) on skills, languages and permits; the
history assumes the jobs matching a graduate strongly were posted steadily over the half year,
so fewer of them existed in the older weeks.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select

from talentmatch.extensions import db
from talentmatch.models import GraduateProfile, MatchSummary, Opportunity, WorkPermit
from talentmatch.recommender.explain import band_rank, fit_band

SEED = 6006
WEEKS = 26  # about six months of weekly summaries before today's
TOP = 5  # matches kept in each summary
KEPT = 12  # best matches remembered per graduate (views, saves, promotions pick from these)
OLDEST_SHARE = 0.4  # of today's strong matches, those already posted 26 weeks ago


@dataclass(frozen=True)
class Match:
    job: Opportunity
    band: str  # "strong", "good" or "some"
    met: int  # required skills the graduate has


@dataclass(frozen=True)
class Matches:
    best: list[Match]  # best first, at most KEPT
    strong: int  # strong matches among all open jobs


@dataclass(frozen=True)
class _Needs:
    """What a job asks for, read once for every graduate it is matched with."""

    job: Opportunity
    required: frozenset[int]
    languages: tuple[tuple[str, int], ...]


def _needs(job: Opportunity) -> _Needs:
    required = frozenset(s.skill_id for s in job.required_skills if s.skill_id is not None)
    return _Needs(job, required, tuple((lang.code, lang.min_level) for lang in job.languages))


def _match(skills: set[int], languages: dict[str, int], sponsor: bool, needs: _Needs):
    met = len(needs.required & skills)
    if not met:
        return None
    # What the engine treats as blocking: a language below the level asked, or a permit the
    # employer will not sponsor. Blocked matches are at most "some", as fit_band has it.
    blocked = any(languages.get(code, 0) < level for code, level in needs.languages) or (
        sponsor and not needs.job.sponsors_permit
    )
    band = (
        "some"
        if blocked
        else fit_band(
            profile_skills=len(skills),
            required=len(needs.required),
            met=met,
            close=0,
            shared=met,
        )
    )
    return Match(needs.job, band, met) if band else None


def rank_matches(profiles: list[GraduateProfile], jobs: list[Opportunity]) -> dict[int, Matches]:
    """Each graduate's best jobs (by band, then required skills met), by user id."""
    needs = [_needs(job) for job in jobs]
    ranked = {}
    for profile in profiles:
        skills = {s.skill_id for s in profile.skills if s.skill_id is not None}
        languages = {lang.code: lang.level for lang in profile.languages}
        sponsor = profile.work_permit is WorkPermit.NEEDS_SPONSORSHIP
        found = [m for n in needs if (m := _match(skills, languages, sponsor, n)) is not None]
        found.sort(key=lambda m: (band_rank(m.band), -m.met, m.job.id))
        strong = sum(1 for m in found if m.band == "strong")
        ranked[profile.user_id] = Matches(found[:KEPT], strong)
    return ranked


def _top(matches: Matches, strong_then: int) -> list[dict[str, object]]:
    """The summary's best few as they stood when only `strong_then` strong jobs were posted."""
    strong = [m for m in matches.best if m.band == "strong"][:strong_then]
    others = [m for m in matches.best if m.band != "strong"]
    return [
        {"opportunity_id": m.job.id, "title": m.job.title, "kind": m.job.kind.value, "band": m.band}
        for m in (strong + others)[:TOP]
    ]


def load_match_history(ranked: dict[int, Matches], today: date, added: Counter[str]) -> None:
    """Weekly summaries for graduates who have none yet; each graduate's history starts the
    week they joined, most of them before the half year began."""
    summarised = set(db.session.scalars(select(MatchSummary.user_id).distinct()))
    rng = random.Random(SEED)
    rows = []
    for user_id in sorted(ranked):
        matches = ranked[user_id]
        joined = WEEKS if rng.random() < 0.7 else rng.randint(0, WEEKS)
        if user_id in summarised:
            continue
        for weeks_ago in range(joined, -1, -1):
            posted = 1 - (1 - OLDEST_SHARE) * weeks_ago / WEEKS
            strong_then = int(matches.strong * posted)
            day = today - timedelta(weeks=weeks_ago)
            rows.append(
                {
                    "user_id": user_id,
                    "computed_on": day,
                    "strong_matches": strong_then,
                    "top": json.dumps(_top(matches, strong_then)),
                    "created_at": datetime.combine(day, time(3)),
                }
            )
    if rows:
        db.session.execute(insert(MatchSummary), rows)
    added["match summaries"] += len(rows)
