"""What would open more doors for a graduate: the next CEFR level of Finnish, Swedish or
English, or one skill their near-miss jobs ask for, each with the open jobs it would make good
or strong fits (counted by the engine, recommender/gaps.py), and those jobs themselves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from talentmatch.engine import matching_engine
from talentmatch.extensions import db
from talentmatch.models import GraduateProfile, Opportunity, Role, User
from talentmatch.recommender.gaps import LANGUAGES
from talentmatch.recommender.types import MatchFilters
from talentmatch.services import engagement, esco_names
from talentmatch.services.errors import NotAllowed, NotFound
from talentmatch.services.esco_names import EscoName
from talentmatch.services.graduate_reading import Reading, reading
from talentmatch.services.matching_documents import (
    is_recommendable,
    opportunities_query,
    profile_doc,
    profiles_query,
)

NO_FILTERS = MatchFilters()


@dataclass(frozen=True)
class Door:
    """One step and the jobs it would open: a language one level up, or an ESCO skill."""

    jobs: tuple[int, ...]
    language: str | None = None
    level_now: int = 0
    level_next: int = 0
    skill: EscoName | None = None

    @property
    def count(self) -> int:
        return len(self.jobs)


@dataclass(frozen=True)
class Doors:
    ready: bool  # the engine has a model to count with
    thin_profile: bool  # too few skills: the page asks for more, no numbers
    fits_now: int
    languages: tuple[Door, ...]  # only those that open at least one job
    skills: tuple[Door, ...]  # most jobs first

    @property
    def any(self) -> bool:
        return bool(self.languages or self.skills)


def _profile(actor: User) -> GraduateProfile:
    if not actor.has_role(Role.GRADUATE):
        raise NotAllowed(_("Only graduates have doors to open."))
    profile = db.session.scalar(profiles_query().where(GraduateProfile.user_id == actor.id))
    if profile is None:
        raise NotFound(_("Fill in your profile first."))
    return profile


def hidden_of(actor: User) -> frozenset[str]:
    return frozenset(
        str(oid) for oid, action in engagement.feedback_for(actor) if action in engagement.EXCLUDING
    )


def doors_for(
    actor: User,
    filters: MatchFilters = NO_FILTERS,
    today: date | None = None,
    seen: Reading | None = None,
) -> Doors:
    """The graduate's doors: for each language and skill, the jobs it would open, with the
    filters they chose on For you and their hidden jobs left out (`seen`: the graduate as the
    page already read them)."""
    if not actor.has_role(Role.GRADUATE):
        raise NotAllowed(_("Only graduates have doors to open."))
    today = today or date.today()
    holder = matching_engine.holder
    engine = holder.engine()
    if seen is None:
        profile = db.session.scalar(profiles_query().where(GraduateProfile.user_id == actor.id))
        seen = reading(actor, profile) if profile is not None else None
    if engine is None or seen is None:
        return Doors(engine is not None, True, 0, (), ())
    with holder.lock:
        report = engine.gaps(seen.doc, filters=filters, exclude=seen.hidden, today=today)
    skills = esco_names.by_uri(line.uri for line in report.skills)
    return Doors(
        ready=True,
        thin_profile=report.thin_profile,
        fits_now=report.fits_now,
        languages=tuple(
            Door(tuple(int(i) for i in line.jobs), line.code, line.level_now, line.level_next)
            for line in report.languages
            if line.jobs
        ),
        skills=tuple(
            Door(tuple(int(i) for i in line.jobs), skill=skills[line.uri])
            for line in report.skills
            if line.uri in skills
        ),
    )


@dataclass(frozen=True)
class Opened:
    """The jobs one door would open, as the list page shows them."""

    door: Door
    jobs: list[Opportunity]


def _listed(ids: tuple[int, ...], today: date) -> list[Opportunity]:
    if not ids:
        return []
    rows = {
        o.id: o for o in db.session.scalars(opportunities_query().where(Opportunity.id.in_(ids)))
    }
    return [rows[i] for i in ids if i in rows and is_recommendable(rows[i], today)]


def opened_by_language(
    actor: User, code: str, filters: MatchFilters = NO_FILTERS, today: date | None = None
) -> Opened:
    """The jobs the next level of a language would open for the graduate."""
    today = today or date.today()
    if code not in LANGUAGES:
        raise NotFound(_("Doors open here through Finnish, Swedish or English."))
    found = doors_for(actor, filters, today)
    door = next((d for d in found.languages if d.language == code), None)
    if door is None:
        door = _no_door_language(actor, code)
    return Opened(door, _listed(door.jobs, today))


def _no_door_language(actor: User, code: str) -> Door:
    profile = _profile(actor)
    have = max((lang.level for lang in profile.languages if lang.code == code), default=0)
    return Door((), code, have, min(have + 1, 6))


def opened_by_skill(
    actor: User, skill_id: int, filters: MatchFilters = NO_FILTERS, today: date | None = None
) -> Opened:
    """The jobs one ESCO skill would open for the graduate: the near-miss jobs its line on
    For you counts, or, for a skill not among those lines (a link kept from another day),
    every job it would make a good fit."""
    today = today or date.today()
    skill = esco_names.by_id([skill_id]).get(skill_id)
    if skill is None:
        raise NotFound(_("There is no such skill."))
    found = doors_for(actor, filters, today)
    door = next((d for d in found.skills if d.skill is not None and d.skill.id == skill.id), None)
    if door is None:
        door = Door(_any_job_opened(actor, skill, filters, today), skill=skill)
    return Opened(door, _listed(door.jobs, today))


def _any_job_opened(
    actor: User, skill: EscoName, filters: MatchFilters, today: date
) -> tuple[int, ...]:
    profile = _profile(actor)
    holder = matching_engine.holder
    engine = holder.engine()
    if engine is None:
        return ()
    with holder.lock:
        ids = engine.jobs_opened(
            profile_doc(profile),
            skill_uri=skill.uri,
            filters=filters,
            exclude=hidden_of(actor),
            today=today,
        )
    return tuple(int(i) for i in ids)
