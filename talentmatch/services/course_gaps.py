"""Courses for a graduate's gaps: under each "what would open more doors" line, the open
courses that close it (the language taught up to the next level or beyond, from a level the
graduate has; or the skill taught), ranked by how many jobs each would open for this graduate,
then free before paid, then the soonest start (self-paced ones can start today)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

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
from talentmatch.services.doors import Door, Doors
from talentmatch.services.graduate_reading import Reading, cards_query, reading
from talentmatch.services.matching_documents import profiles_query, recommendable

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


def open_courses(today: date, doors: tuple[Door, ...] | None = None) -> list[Opportunity]:
    """The open courses (those teaching a language or skill of `doors`, when given), read
    once for all of a page's doors."""
    query = cards_query().where(Opportunity.kind == OpportunityKind.COURSE, recommendable(today))
    if doors is not None:
        languages = [door.language for door in doors if door.language]
        skills = [door.skill.id for door in doors if door.skill is not None]
        taught = select(OpportunitySkill.opportunity_id).where(
            OpportunitySkill.skill_id.in_(skills)
        )
        query = query.where(
            or_(Opportunity.teaches_language.in_(languages), Opportunity.id.in_(taught))
        )
    return list(db.session.scalars(query.options(selectinload(Opportunity.skills))))


def _closes(course: Opportunity, door: Door) -> bool:
    """Whether the course teaches the door's language beyond the graduate's level (from a
    level they have) or teaches the door's skill."""
    if door.language:
        return (
            course.teaches_language == door.language
            and (course.level_to or 0) > door.level_now
            and (course.level_from is None or course.level_from <= door.level_now)
        )
    assert door.skill is not None
    return any(taught.skill_id == door.skill.id for taught in course.skills)


def courses_for_door(
    actor: User,
    door: Door,
    filters: MatchFilters,
    today: date,
    limit: int = PER_DOOR,
    seen: Reading | None = None,
    courses: list[Opportunity] | None = None,
) -> list[CourseForGap]:
    """The courses that close one gap, best first (`seen` and `courses`: the graduate and the
    open courses as the page already read them)."""
    holder = matching_engine.holder
    engine = holder.engine()
    if seen is None:
        profile = db.session.scalar(profiles_query().where(GraduateProfile.user_id == actor.id))
        seen = reading(actor, profile) if profile is not None else None
    if seen is None or engine is None:
        return []
    found = []
    opened: dict[int, int] = {}  # jobs opened by reaching a level: the same for every course
    for course in courses if courses is not None else open_courses(today):
        if not _closes(course, door) or str(course.id) in seen.hidden:
            continue
        if door.language:
            level = int(course.level_to or 0)
            if level not in opened:
                with holder.lock:
                    opened[level] = len(
                        engine.jobs_opened(
                            seen.doc,
                            language=(door.language, level),
                            filters=filters,
                            exclude=seen.hidden,
                            today=today,
                        )
                    )
            found.append(CourseForGap(course, opened[level], door))
        else:
            found.append(CourseForGap(course, door.count, door))
    return sorted(found, key=_sort_key)[:limit]


def door_key(door: Door) -> str:
    """How a page names a door: "language:fi" or "skill:<ESCO skill id>"."""
    if door.language:
        return f"language:{door.language}"
    assert door.skill is not None
    return f"skill:{door.skill.id}"


def courses_by_door(
    actor: User,
    doors: Doors,
    filters: MatchFilters,
    today: date,
    limit: int = LANE,
    seen: Reading | None = None,
) -> dict[str, list[CourseForGap]]:
    """The best courses of each of the graduate's doors, the open courses read once."""
    doors_shown = (*doors.languages, *doors.skills)
    courses = open_courses(today, doors_shown) if doors_shown else []
    return {
        door_key(door): courses_for_door(
            actor, door, filters, today, limit=limit, seen=seen, courses=courses
        )
        for door in doors_shown
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
