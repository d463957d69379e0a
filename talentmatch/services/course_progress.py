"""A graduate's courses: "I'm taking this" (an interaction that pulls recommendations toward
the course, as a save does), and finishing one, which adds the language level it reaches and
the ESCO skills it teaches to the profile, once the graduate confirms what will be added."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    CEFRLevel,
    EscoSkill,
    GraduateProfile,
    Interaction,
    InteractionKind,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    ProfileLanguage,
    ProfileSkill,
    Role,
    User,
)
from talentmatch.services import engagement
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
from talentmatch.services.profiles import MAX_LANGUAGES
from talentmatch.services.row_locks import lock_for_update
from talentmatch.services.skills import MAX_SKILLS
from talentmatch.services.transaction import unit_of_work
from talentmatch.services.vetting import is_listed


def _course(actor: User, course_id: int) -> Opportunity:
    if not actor.has_role(Role.GRADUATE):
        raise NotAllowed(_("Only graduates take courses here."))
    course = db.session.get(Opportunity, course_id)
    # A dated course closes when it starts, so a closed one can still be finished; a draft
    # is its publisher's alone.
    if (
        course is None
        or course.kind is not OpportunityKind.COURSE
        or course.status is OpportunityStatus.DRAFT
        or not is_listed(course)
    ):
        raise NotFound(_("There is no such course."))
    return course


def take(actor: User, course_id: int, today: date) -> Opportunity:
    """Note that the graduate is taking an open course (once)."""
    _course(actor, course_id)
    course = engagement.open_opportunity(course_id, today)
    with unit_of_work():
        lock_for_update(actor)
        engagement.note(actor, course.id, InteractionKind.TAKING)
    return course


def stop_taking(actor: User, course_id: int) -> Opportunity:
    course = _course(actor, course_id)
    with unit_of_work():
        engagement.forget(actor, course.id, InteractionKind.TAKING)
    return course


@dataclass(frozen=True)
class Completion:
    """What finishing a course adds to the graduate's profile."""

    course: Opportunity
    language: tuple[str, CEFRLevel] | None  # the level reached, when above the profile's
    skills: tuple[EscoSkill, ...] = field(default=())  # taught and not yet on the profile

    @property
    def adds_anything(self) -> bool:
        return self.language is not None or bool(self.skills)


def _profile(actor: User) -> GraduateProfile:
    profile = db.session.scalar(select(GraduateProfile).where(GraduateProfile.user_id == actor.id))
    if profile is None:
        raise NotFound(_("Fill in your profile first."))
    return profile


def completion(actor: User, course_id: int) -> Completion:
    """What finishing the course would add, for the graduate to confirm."""
    course = _course(actor, course_id)
    profile = _profile(actor)
    language = None
    if course.teaches_language and course.level_to:
        have = max(
            (lang.level for lang in profile.languages if lang.code == course.teaches_language),
            default=0,
        )
        if course.level_to > have:
            language = (course.teaches_language, CEFRLevel(course.level_to))
    held = {skill.skill_id for skill in profile.skills if skill.skill_id is not None}
    skills = tuple(
        taught.skill
        for taught in course.taught_skills
        if taught.skill is not None and taught.skill_id not in held
    )
    return Completion(course, language, tuple(dict.fromkeys(skills)))


def finish(actor: User, course_id: int) -> Completion:
    """Add what the course taught to the profile and note it finished; nothing is saved if the
    profile would then hold more skills or languages than a profile may."""
    found = completion(actor, course_id)
    profile = _profile(actor)
    with unit_of_work():
        lock_for_update(profile)
        if found.language is not None:
            code, level = found.language
            spoken = next((lang for lang in profile.languages if lang.code == code), None)
            if spoken is None:
                if len(profile.languages) >= MAX_LANGUAGES:
                    raise InvalidInput(_("Your profile already lists as many languages as it may."))
                profile.languages.append(ProfileLanguage(code=code, level=int(level)))
            elif spoken.level < level:
                spoken.level = int(level)
        if len(profile.skills) + len(found.skills) > MAX_SKILLS:
            raise InvalidInput(
                _("Your profile may list at most %(n)d skills: remove some first.", n=MAX_SKILLS)
            )
        position = max((skill.position for skill in profile.skills), default=-1) + 1
        for offset, skill in enumerate(found.skills):
            profile.skills.append(
                ProfileSkill(skill_id=skill.id, label=skill.label_en, position=position + offset)
            )
        engagement.forget(actor, found.course.id, InteractionKind.TAKING)
        engagement.note(actor, found.course.id, InteractionKind.FINISHED)
    return found


def taken_by(user_ids_query, limit: int = 10) -> list[tuple[Opportunity, int]]:
    """Courses the given graduates take or finished, with how many of them (most first)."""
    rows = db.session.execute(
        select(Interaction.opportunity_id, func.count(func.distinct(Interaction.user_id)))
        .where(
            Interaction.user_id.in_(user_ids_query),
            Interaction.kind.in_([InteractionKind.TAKING, InteractionKind.FINISHED]),
        )
        .group_by(Interaction.opportunity_id)
        .order_by(func.count(func.distinct(Interaction.user_id)).desc())
        .limit(limit)
    ).all()
    courses = {
        o.id: o
        for o in db.session.scalars(
            select(Opportunity).where(Opportunity.id.in_([oid for oid, _ in rows]))
        )
    }
    return [(courses[oid], count) for oid, count in rows if oid in courses]
