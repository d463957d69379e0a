"""Who career services may see, and cohorts: filters over their university's graduates who
consented to share their profile with them.

A cohort is decided each time it is read, so a graduate who starts sharing (or whose profile
comes to match) is in it from then on, and one who withdraws is out of it at once.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from flask_babel import gettext as _
from sqlalchemy import Exists, Select, and_, exists, func, select

from talentmatch.extensions import db
from talentmatch.models import (
    CEFRLevel,
    Cohort,
    ConsentPurpose,
    ConsentRecord,
    DegreeLevel,
    GraduateProfile,
    MatchSummary,
    ProfileLanguage,
    ProfileSkill,
    Promotion,
    Role,
    User,
    Visibility,
    WorkPermit,
)
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
from talentmatch.services.transaction import unit_of_work

SHARED_WITH_CAREER_SERVICES = (Visibility.CAREER_SERVICES, Visibility.EMPLOYERS)

# "Strong" is the engine's best band; fewer than this many strong matches flags a graduate.
STRONG_BAND = "strong"
FEW_STRONG_MATCHES = 3


def university_scope(actor: User) -> int | None:
    """The university whose graduates the actor may see: their own for career services, every
    university (None) for administrators; anyone else is refused."""
    if actor.role is Role.CAREER_SERVICES:
        if actor.university_id is None:
            raise NotAllowed(_("Your account is not linked to a university."))
        return actor.university_id
    if actor.role is Role.ADMIN:
        return None
    raise NotAllowed(_("Only career services and administrators see graduates' cohorts."))


def sharing_profiles(university_id: int | None) -> Select:
    """Profiles of active graduates of the university (all universities for None) who share
    their profile with its career services."""
    query = (
        select(GraduateProfile)
        .join(User, User.id == GraduateProfile.user_id)
        .where(
            User.role == Role.GRADUATE,
            User.active.is_(True),
            GraduateProfile.university_id.is_not(None),
            GraduateProfile.visibility.in_(SHARED_WITH_CAREER_SERVICES),
        )
    )
    if university_id is not None:
        query = query.where(GraduateProfile.university_id == university_id)
    return query


def outcome_sharing(user_id_column) -> Exists:
    """True where the graduate's consent to count their outcomes is in force."""
    return exists(
        select(ConsentRecord.id).where(
            ConsentRecord.user_id == user_id_column,
            ConsentRecord.purpose == ConsentPurpose.OUTCOME_SHARING,
            ConsentRecord.withdrawn_at.is_(None),
        )
    )


@dataclass(frozen=True)
class LanguageNeed:
    code: str  # ISO 639-1
    min_level: CEFRLevel


@dataclass(frozen=True)
class CohortCriteria:
    """Every criterion is optional; an empty one matches every consenting graduate."""

    field_of_study: str = ""  # words found in the field of study, case-insensitively
    degree_levels: tuple[DegreeLevel, ...] = ()
    graduation_year_from: int | None = None
    graduation_year_to: int | None = None
    work_permits: tuple[WorkPermit, ...] = ()
    languages: tuple[LanguageNeed, ...] = ()  # all of them, each at least at its level
    skill_ids: tuple[int, ...] = ()  # all of these ESCO skills
    few_strong_matches: bool = False  # fewer than FEW_STRONG_MATCHES strong matches

    @property
    def is_empty(self) -> bool:
        return not (
            self.field_of_study.strip()
            or self.degree_levels
            or self.graduation_year_from is not None
            or self.graduation_year_to is not None
            or self.work_permits
            or self.languages
            or self.skill_ids
            or self.few_strong_matches
        )

    def to_json(self) -> str:
        data = asdict(self)
        data["degree_levels"] = [level.value for level in self.degree_levels]
        data["work_permits"] = [permit.value for permit in self.work_permits]
        data["languages"] = [
            {"code": need.code, "min_level": need.min_level.name} for need in self.languages
        ]
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> CohortCriteria:
        """A saved cohort's criteria; values no longer known (a removed enum member) are
        dropped rather than failing the page."""
        try:
            data = json.loads(text or "{}")
        except ValueError:
            raise InvalidInput(_("This cohort's filter cannot be read.")) from None
        if not isinstance(data, dict):
            raise InvalidInput(_("This cohort's filter cannot be read."))

        def members(enum_cls, values):
            found = []
            for value in values or ():
                try:
                    found.append(enum_cls(value))
                except ValueError:
                    continue
            return tuple(found)

        languages = []
        for need in data.get("languages") or ():
            try:
                languages.append(LanguageNeed(str(need["code"]), CEFRLevel[need["min_level"]]))
            except (KeyError, TypeError):
                continue
        return cls(
            field_of_study=str(data.get("field_of_study") or ""),
            degree_levels=members(DegreeLevel, data.get("degree_levels")),
            graduation_year_from=_int_or_none(data.get("graduation_year_from")),
            graduation_year_to=_int_or_none(data.get("graduation_year_to")),
            work_permits=members(WorkPermit, data.get("work_permits")),
            languages=tuple(languages),
            skill_ids=tuple(
                int(value) for value in data.get("skill_ids") or () if _int_or_none(value)
            ),
            few_strong_matches=bool(data.get("few_strong_matches")),
        )


def _int_or_none(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def filtered(query: Select, criteria: CohortCriteria) -> Select:
    """`query` (over GraduateProfile) narrowed to the criteria."""
    conditions = []
    words = criteria.field_of_study.strip().lower()
    if words:
        conditions.append(func.lower(GraduateProfile.field_of_study).contains(words))
    if criteria.degree_levels:
        conditions.append(GraduateProfile.degree_level.in_(criteria.degree_levels))
    if criteria.graduation_year_from is not None:
        conditions.append(GraduateProfile.graduation_year >= criteria.graduation_year_from)
    if criteria.graduation_year_to is not None:
        conditions.append(GraduateProfile.graduation_year <= criteria.graduation_year_to)
    if criteria.work_permits:
        conditions.append(GraduateProfile.work_permit.in_(criteria.work_permits))
    for need in criteria.languages:
        conditions.append(
            exists(
                select(ProfileLanguage.id).where(
                    ProfileLanguage.profile_id == GraduateProfile.id,
                    ProfileLanguage.code == need.code,
                    ProfileLanguage.level >= int(need.min_level),
                )
            )
        )
    for skill_id in criteria.skill_ids:
        conditions.append(
            exists(
                select(ProfileSkill.id).where(
                    ProfileSkill.profile_id == GraduateProfile.id,
                    ProfileSkill.skill_id == skill_id,
                )
            )
        )
    if criteria.few_strong_matches:
        strong = (
            select(MatchSummary.strong_matches)
            .where(MatchSummary.user_id == GraduateProfile.user_id)
            .order_by(MatchSummary.computed_on.desc())
            .limit(1)
            .scalar_subquery()
        )
        # A graduate not yet summarised has no strong match that anyone has seen.
        conditions.append(func.coalesce(strong, 0) < FEW_STRONG_MATCHES)
    return query.where(and_(*conditions)) if conditions else query


def members_query(university_id: int | None, criteria: CohortCriteria) -> Select:
    """Consenting graduates of the university who meet the criteria, by name."""
    return filtered(sharing_profiles(university_id), criteria).order_by(User.full_name, User.id)


def member_user_ids(university_id: int | None, criteria: CohortCriteria) -> list[int]:
    """The user ids of the cohort's members today."""
    query = filtered(sharing_profiles(university_id), criteria).with_only_columns(
        GraduateProfile.user_id
    )
    return list(db.session.scalars(query))


# --- saved cohorts ------------------------------------------------------------------------------

MAX_COHORT_NAME = 120


def saved_cohorts(actor: User) -> list[Cohort]:
    """The cohorts saved by the actor's university (every university's for administrators)."""
    university_id = university_scope(actor)
    query = select(Cohort).order_by(Cohort.name, Cohort.id)
    if university_id is not None:
        query = query.where(Cohort.university_id == university_id)
    return list(db.session.scalars(query))


def get_saved(actor: User, cohort_id: int) -> Cohort:
    """A cohort of the actor's university (any for administrators); NotFound otherwise."""
    university_id = university_scope(actor)
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or (university_id is not None and cohort.university_id != university_id):
        raise NotFound(_("There is no such cohort."))
    return cohort


def save_cohort(actor: User, name: str, criteria: CohortCriteria) -> Cohort:
    """Save the filter under a name for the career services' university."""
    university_id = university_scope(actor)
    if university_id is None:
        raise NotAllowed(_("Cohorts are saved by a university's career services."))
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(_("Give the cohort a name."), "name")
    if len(name) > MAX_COHORT_NAME:
        raise InvalidInput(
            _("Keep the name under %(n)d characters.", n=MAX_COHORT_NAME + 1), "name"
        )
    with unit_of_work():
        cohort = Cohort(
            university_id=university_id,
            name=name,
            criteria=criteria.to_json(),
            created_by_id=actor.id,
        )
        db.session.add(cohort)
    return cohort


def delete_cohort(actor: User, cohort_id: int) -> Cohort:
    """Delete a saved cohort nothing was promoted to: a promoted cohort is kept, because its
    promotions still reach graduates who join it (and its counts would go with it)."""
    cohort = get_saved(actor, cohort_id)
    promoted = db.session.scalar(
        select(Promotion.id).where(Promotion.cohort_id == cohort.id).limit(1)
    )
    if promoted is not None:
        raise InvalidInput(
            _(
                "Something was promoted to this cohort, so it is kept: graduates who join it "
                "later still receive what was promoted."
            )
        )
    with unit_of_work():
        db.session.delete(cohort)
    return cohort
