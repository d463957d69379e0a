"""Career services' view of what would open more doors for a group: from each graduate's
newest daily match summary, how many graduates each language level and skill would help and
how many job openings it would add for them in all; and which courses the group's graduates
take. Groups under five graduates are not shown."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import EscoSkill, MatchSummary, Opportunity
from talentmatch.services import course_progress
from talentmatch.services.analytics import Count, Group, member_user_ids

TOP = 10


@dataclass(frozen=True)
class GroupGap:
    language: str | None  # ISO code for "one level up in this language"
    skill: EscoSkill | None
    graduates: Count  # graduates of the group it would help
    openings: Count  # (graduate, job) pairs it would add, shown with the graduates


@dataclass(frozen=True)
class TakenCourse:
    course: Opportunity
    graduates: Count


def _newest_summaries(group: Group) -> list[str]:
    newest = (
        select(MatchSummary.user_id, func.max(MatchSummary.computed_on).label("day"))
        .where(MatchSummary.user_id.in_(member_user_ids(group)))
        .group_by(MatchSummary.user_id)
        .subquery()
    )
    return list(
        db.session.scalars(
            select(MatchSummary.gaps).join(
                newest,
                (MatchSummary.user_id == newest.c.user_id)
                & (MatchSummary.computed_on == newest.c.day),
            )
        )
    )


def group_gaps(group: Group, limit: int = TOP) -> tuple[GroupGap, ...]:
    """The steps that would help most of the group's graduates, most first."""
    helped: Counter[tuple[str, str]] = Counter()
    openings: Counter[tuple[str, str]] = Counter()
    for raw in _newest_summaries(group):
        found = json.loads(raw or "{}")
        for code, jobs in found.get("languages", {}).items():
            helped[("language", code)] += 1
            openings[("language", code)] += int(jobs)
        for uri, jobs in found.get("skills", {}).items():
            helped[("skill", uri)] += 1
            openings[("skill", uri)] += int(jobs)
    best = sorted(helped, key=lambda key: (-helped[key], -openings[key], key))[:limit]
    uris = [value for kind, value in best if kind == "skill"]
    skills = (
        {s.uri: s for s in db.session.scalars(select(EscoSkill).where(EscoSkill.uri.in_(uris)))}
        if uris
        else {}
    )
    return tuple(
        GroupGap(
            language=value if kind == "language" else None,
            skill=skills.get(value) if kind == "skill" else None,
            graduates=Count.of(helped[(kind, value)]),
            openings=Count.of(openings[(kind, value)], people=helped[(kind, value)]),
        )
        for kind, value in best
        if kind == "language" or value in skills
    )


def courses_taken(group: Group) -> tuple[TakenCourse, ...]:
    """Courses at least five of the group's graduates take or finished, with how many: a
    course fewer took is not named, since naming it would say someone took it."""
    return tuple(
        TakenCourse(course, Count.of(count))
        for course, count in course_progress.taken_by(member_user_ids(group))
        if Count.of(count).shown
    )
