"""Courses for a graduate's gaps: under each "what would open more doors" line, the open
courses that close it (the language taught up to the next level or beyond, from a level the
graduate has; or the skill taught), ranked by how many jobs each would open for this graduate,
then free before paid, then the soonest start (self-paced ones can start today)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select

from talentmatch.engine import matching_engine
from talentmatch.extensions import db
from talentmatch.models import (
    CourseCost,
    GraduateProfile,
    Opportunity,
    OpportunityKind,
    OpportunitySkill,
    User,
)
from talentmatch.recommender.types import MatchFilters
from talentmatch.services.doors import Door, Doors, hidden_of
from talentmatch.services.matching_documents import (
    is_recommendable,
    opportunities_query,
    profile_doc,
    profiles_query,
)

PER_DOOR = 3
LANE = 6


@dataclass(frozen=True)
class CourseForGap:
    course: Opportunity
    jobs: int  # jobs it would open for this graduate
    door: Door


def _sort_key(item: CourseForGap) -> tuple:
    course = item.course
    paid = course.cost is CourseCost.PAID
    start = date.min if course.self_paced else (course.starts_at or datetime.max).date()
    return (-item.jobs, paid, course.price_eur or 0, start, course.id)


def _open_courses(today: date, *conditions) -> list[Opportunity]:
    query = opportunities_query().where(Opportunity.kind == OpportunityKind.COURSE, *conditions)
    return [c for c in db.session.scalars(query) if is_recommendable(c, today)]


def _language_courses(door: Door, today: date) -> list[Opportunity]:
    return _open_courses(
        today,
        Opportunity.teaches_language == door.language,
        Opportunity.level_to > door.level_now,
        or_(Opportunity.level_from.is_(None), Opportunity.level_from <= door.level_now),
    )


def _skill_courses(door: Door, today: date) -> list[Opportunity]:
    assert door.skill is not None
    taught = select(OpportunitySkill.opportunity_id).where(
        OpportunitySkill.skill_id == door.skill.id
    )
    return _open_courses(today, Opportunity.id.in_(taught))


def courses_for_door(
    actor: User, door: Door, filters: MatchFilters, today: date, limit: int = PER_DOOR
) -> list[CourseForGap]:
    """The courses that close one gap, best first."""
    profile = db.session.scalar(profiles_query().where(GraduateProfile.user_id == actor.id))
    holder = matching_engine.holder
    engine = holder.engine()
    if profile is None or engine is None:
        return []
    hidden = hidden_of(actor)
    doc = profile_doc(profile)
    found = []
    if door.language:
        for course in _language_courses(door, today):
            if str(course.id) in hidden:
                continue
            with holder.lock:
                jobs = engine.jobs_opened(
                    doc,
                    language=(door.language, int(course.level_to or 0)),
                    filters=filters,
                    exclude=hidden,
                    today=today,
                )
            found.append(CourseForGap(course, len(jobs), door))
    else:
        for course in _skill_courses(door, today):
            if str(course.id) not in hidden:
                found.append(CourseForGap(course, door.count, door))
    return sorted(found, key=_sort_key)[:limit]


def door_key(door: Door) -> str:
    """How a page names a door: "language:fi" or "skill:<ESCO skill id>"."""
    if door.language:
        return f"language:{door.language}"
    assert door.skill is not None
    return f"skill:{door.skill.id}"


def courses_by_door(
    actor: User, doors: Doors, filters: MatchFilters, today: date, limit: int = LANE
) -> dict[str, list[CourseForGap]]:
    """The best courses of each of the graduate's doors."""
    return {
        door_key(door): courses_for_door(actor, door, filters, today, limit=limit)
        for door in (*doors.languages, *doors.skills)
    }


def course_lane(by_door: dict[str, list[CourseForGap]], limit: int = LANE) -> list[CourseForGap]:
    """For you's course lane: the courses of every door, each once (where it opens most)."""
    best: dict[int, CourseForGap] = {}
    for items in by_door.values():
        for item in items:
            kept = best.get(item.course.id)
            if kept is None or item.jobs > kept.jobs:
                best[item.course.id] = item
    return sorted(best.values(), key=_sort_key)[:limit]
