"""What the matching engine knows of opportunities and profiles: the documents built from rows,
the queries that load them, and which opportunities may be recommended."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from talentmatch.extensions import db
from talentmatch.models import (
    EmploymentType,
    GraduateProfile,
    Opportunity,
    OpportunityKind,
    OpportunitySkill,
    ProfileSkill,
    User,
    Visibility,
)
from talentmatch.recommender.types import LanguageLevel, OpportunityDoc, ProfileDoc, SkillRef
from talentmatch.services import eligibility
from talentmatch.services.opportunity_texts import document_text
from talentmatch.services.vetting import is_listed, listed


def _skill_refs(skills: list[OpportunitySkill] | list[ProfileSkill]) -> tuple[SkillRef, ...]:
    return tuple(SkillRef(s.label, s.skill.uri if s.skill is not None else None) for s in skills)


def _language_levels(opportunity: Opportunity) -> tuple[LanguageLevel, ...]:
    """The minimum levels the opportunity asks for. A course lists none of its own: it asks
    for its language of instruction (at B1, enough to follow the teaching), unless that is the
    language it teaches — a Finnish course taught in Finnish is how people learn Finnish, so
    asking for Finnish would keep away exactly those it is for. Kept this simple on purpose:
    what a language course starts from (level_from) is for ranking courses by a graduate's
    gaps, not a requirement to filter on."""
    if opportunity.kind is OpportunityKind.COURSE:
        requirement = opportunity.instruction_requirement
        if requirement is None:
            return ()
        code, level = requirement
        return (LanguageLevel(code, int(level)),)
    return tuple(LanguageLevel(lang.code, lang.min_level) for lang in opportunity.languages)


def opportunity_doc(opportunity: Opportunity) -> OpportunityDoc:
    """A course's skills are the ones it teaches (all stored as `required`, so the same rows)."""
    return OpportunityDoc(
        id=str(opportunity.id),
        kind=opportunity.kind.value,
        title=opportunity.title,
        # with its translations: a job written in Finnish with an English version matches
        # profiles written in English too
        description=document_text(opportunity),
        skills=_skill_refs(opportunity.required_skills),
        nice_to_have_skills=_skill_refs(opportunity.nice_to_have_skills),
        languages=_language_levels(opportunity),
        municipality=opportunity.municipality,
        remote=opportunity.remote_mode.value,
        employment_type=opportunity.employment_type.value if opportunity.employment_type else None,
        sponsors_permit=opportunity.sponsors_permit,
        deadline=opportunity.deadline,
        provider=opportunity.provider_name,
        eligibility=eligibility.criteria_doc(opportunity),
    )


def profile_doc(profile: GraduateProfile) -> ProfileDoc:
    """The profile as the engine sees it; nationality and name are never part of it."""
    open_to = (
        (EmploymentType.FULL_TIME, profile.open_to_full_time),
        (EmploymentType.PART_TIME, profile.open_to_part_time),
        (EmploymentType.INTERNSHIP, profile.open_to_internship),
        (EmploymentType.TRAINEE, profile.open_to_trainee),
    )
    return ProfileDoc(
        id=str(profile.id),
        headline=profile.headline or "",
        about=profile.about or "",
        skills=_skill_refs(profile.skills),
        languages=tuple(LanguageLevel(lang.code, lang.level) for lang in profile.languages),
        municipalities=tuple(m.name for m in profile.municipalities),
        remote_ok=profile.remote_ok,
        work_permit=profile.work_permit.value if profile.work_permit else None,
        field_of_study=profile.field_of_study or "",
        open_to=tuple(kind.value for kind, wanted in open_to if wanted),
        **eligibility.profile_facts(profile),
    )


def opportunities_query():
    return select(Opportunity).options(
        selectinload(Opportunity.skills).selectinload(OpportunitySkill.skill),
        selectinload(Opportunity.languages),
        selectinload(Opportunity.organisation),
        selectinload(Opportunity.university),
        selectinload(Opportunity.eligible_universities),
    )


def profiles_query():
    return select(GraduateProfile).options(
        selectinload(GraduateProfile.skills).joinedload(ProfileSkill.skill),
        selectinload(GraduateProfile.languages),
        selectinload(GraduateProfile.municipalities),
    )


def visible_profiles_query():
    """Profiles of active graduates who let employers see them: the candidates an employer is
    shown and the only profiles a fit learns from (and so the only ones in a stored artefact)."""
    return (
        profiles_query()
        .join(User, User.id == GraduateProfile.user_id)
        .where(GraduateProfile.visibility == Visibility.EMPLOYERS, User.active.is_(True))
    )


def is_recommendable(opportunity: Opportunity, today: date) -> bool:
    """Open today (Opportunity.is_open_on) and listed (a job of an unverified organisation
    is not)."""
    return opportunity.is_open_on(today) and is_listed(opportunity)


def recommendable(today: date):
    return Opportunity.open_on(today) & listed()


def open_opportunity_docs(today: date | None = None) -> list[OpportunityDoc]:
    """Every opportunity that may be recommended today, as the engine sees it."""
    query = opportunities_query().where(recommendable(today or date.today()))
    return [opportunity_doc(o) for o in db.session.scalars(query)]
