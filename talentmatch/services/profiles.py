"""Graduate profiles: reading a graduate's own profile and saving it after checking every rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

from babel import Locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from talentmatch import formats
from talentmatch.extensions import db
from talentmatch.models import (
    CEFRLevel,
    DegreeLevel,
    GraduateProfile,
    ProfileLanguage,
    ProfileMunicipality,
    ProfileSkill,
    Role,
    University,
    User,
    Visibility,
    WorkPermit,
)
from talentmatch.models.enums import MUNICIPALITIES
from talentmatch.services import consent_records, skills
from talentmatch.services.errors import InvalidInput, NotAllowed
from talentmatch.services.row_locks import lock_for_update
from talentmatch.services.skills import SkillChoice, SkillsInput
from talentmatch.services.transaction import unit_of_work
from talentmatch.signals import announce_profile_withdrawn

MAX_HEADLINE = 160
MAX_ABOUT = 10_000
MAX_FIELD_OF_STUDY = 160
MAX_LANGUAGES = 10
EARLIEST_GRADUATION_YEAR = 1950
EARLIEST_MOVE_YEAR = 1930
# Students may list the year they expect to graduate; a doctorate can be this far away.
YEARS_AHEAD = 8

# Sections the profile page lists as missing, in the order they appear on the edit form.
SECTION_LABELS = {
    "headline": _l("a headline"),
    "studies": _l("your studies (university, field and graduation year)"),
    "skills": _l("your skills"),
    "languages": _l("the languages you speak"),
    "location": _l("where you want to work"),
    "work_permit": _l("your work-permit situation"),
    "open_to": _l("what kind of work you are open to"),
}


@dataclass(frozen=True)
class ProfileInput:
    """What the profile form carries, as plain values."""

    headline: str = ""
    about: str = ""
    university_id: int | None = None
    degree_level: DegreeLevel | None = None
    field_of_study: str = ""
    graduation_year: int | None = None
    moved_to_finland_year: int | None = None
    skills: SkillsInput = SkillsInput()
    languages: Sequence[tuple[str, CEFRLevel]] = field(default_factory=list)
    municipalities: Sequence[str] = field(default_factory=list)
    remote_ok: bool = False
    work_permit: WorkPermit | None = None
    permit_end_date: date | None = None
    open_to_full_time: bool = True
    open_to_part_time: bool = False
    open_to_internship: bool = False
    open_to_trainee: bool = False
    visibility: Visibility = Visibility.PRIVATE


@cache
def language_codes() -> frozenset[str]:
    """Every ISO 639-1 code (two letters) that Babel knows a name for."""
    languages = Locale.parse("en").languages
    return frozenset(code for code in languages if isinstance(code, str) and len(code) == 2)


def _require_graduate(actor: User) -> None:
    if not actor.has_role(Role.GRADUATE):
        raise NotAllowed(_("Only graduates have a profile."))


def get_profile(user: User) -> GraduateProfile:
    """The graduate's own profile; an empty one is created if the account has none yet."""
    _require_graduate(user)
    # Skills with their ESCO skill: the profile page names each in the reader's language.
    profile = db.session.scalar(
        select(GraduateProfile)
        .where(GraduateProfile.user_id == user.id)
        .options(selectinload(GraduateProfile.skills).selectinload(ProfileSkill.skill))
    )
    if profile is None:
        with unit_of_work():
            profile = GraduateProfile(user=user, university_id=user.university_id)
            db.session.add(profile)
    return profile


def skill_choices(profile: GraduateProfile) -> list[SkillChoice]:
    """The profile's skills as choices, to fill the skill picker."""
    return [SkillChoice(s.skill_id, s.label) for s in profile.skills]


def missing_sections(profile: GraduateProfile) -> list[str]:
    """What the graduate has not filled in yet, in words, so the profile page can prompt them."""
    gaps = []
    if not profile.headline.strip():
        gaps.append("headline")
    if not (profile.university_id and profile.field_of_study and profile.graduation_year):
        gaps.append("studies")
    if not profile.skills:
        gaps.append("skills")
    if not profile.languages:
        gaps.append("languages")
    if not (profile.municipalities or profile.remote_ok):
        gaps.append("location")
    if profile.work_permit is None:
        gaps.append("work_permit")
    if not (
        profile.open_to_full_time
        or profile.open_to_part_time
        or profile.open_to_internship
        or profile.open_to_trainee
    ):
        gaps.append("open_to")
    return [str(SECTION_LABELS[gap]) for gap in gaps]


def _check_text(data: ProfileInput, errors: dict[str, str]) -> None:
    limits = (
        ("headline", data.headline, MAX_HEADLINE),
        ("about", data.about, MAX_ABOUT),
        ("field_of_study", data.field_of_study, MAX_FIELD_OF_STUDY),
    )
    for name, value, limit in limits:
        if len(value) > limit:
            errors[name] = _(
                "Use at most %(limit)s characters (you used %(used)s).",
                limit=formats.number(limit),
                used=formats.number(len(value)),
            )


def _check_studies(data: ProfileInput, today: date, errors: dict[str, str]) -> None:
    if data.university_id is not None and db.session.get(University, data.university_id) is None:
        errors["university_id"] = _("Unknown university: choose one from the list.")
    if data.degree_level is not None and not isinstance(data.degree_level, DegreeLevel):
        errors["degree_level"] = _("Choose a degree level from the list.")
    latest = today.year + YEARS_AHEAD
    year = data.graduation_year
    if year is not None and not EARLIEST_GRADUATION_YEAR <= year <= latest:
        errors["graduation_year"] = _(
            "Enter a graduation year between %(first)d and %(last)d.",
            first=EARLIEST_GRADUATION_YEAR,
            last=latest,
        )
    moved = data.moved_to_finland_year
    if moved is not None and not EARLIEST_MOVE_YEAR <= moved <= today.year:
        errors["moved_to_finland_year"] = _(
            "Enter the year you moved to Finland, between %(first)d and %(last)d, or leave it "
            "empty.",
            first=EARLIEST_MOVE_YEAR,
            last=today.year,
        )


def _check_languages(languages: Sequence[tuple[str, CEFRLevel]], errors: dict[str, str]) -> None:
    codes = [code for code, _level in languages]
    unknown = [code for code in codes if code not in language_codes()]
    if unknown:
        shown = ", ".join(code[:10] for code in unknown[:5])
        errors["languages"] = _("Unknown language: %(codes)s.", codes=shown)
    elif any(not isinstance(level, CEFRLevel) for _code, level in languages):
        errors["languages"] = _("Choose a level from A1 to C2, or native.")
    elif len(codes) != len(set(codes)):
        errors["languages"] = _("List each language only once.")
    elif len(codes) > MAX_LANGUAGES:
        errors["languages"] = _("List at most %(n)d languages.", n=MAX_LANGUAGES)


def _keeps_end_date(data: ProfileInput) -> bool:
    """Only permits that run out have an end date worth keeping (for a graduate who needs a
    sponsored permit, the end of the permit they hold now, such as the one for studies)."""
    return data.work_permit in (
        WorkPermit.POST_STUDY_JOB_SEEKER,
        WorkPermit.PERMIT_ALLOWS_WORK,
        WorkPermit.NEEDS_SPONSORSHIP,
    )


def _check_where_and_permit(data: ProfileInput, today: date, errors: dict[str, str]) -> None:
    if any(name not in MUNICIPALITIES for name in data.municipalities):
        errors["municipalities"] = _("Choose municipalities from the list.")
    if data.work_permit is not None and not isinstance(data.work_permit, WorkPermit):
        errors["work_permit"] = _("Choose your work-permit situation from the list.")
    elif data.work_permit is WorkPermit.POST_STUDY_JOB_SEEKER and data.permit_end_date is None:
        errors["permit_end_date"] = _("Give the date your permit to look for work ends.")
    elif _keeps_end_date(data) and data.permit_end_date and data.permit_end_date < today:
        errors["permit_end_date"] = _("The permit end date cannot be in the past.")
    if not isinstance(data.visibility, Visibility):
        errors["visibility"] = _("Choose who can see your profile.")


def without_nul(text: str) -> str:
    """NUL characters are never typed on purpose, and PostgreSQL cannot store or search them."""
    return text.replace("\x00", "")


def clean_input(data: ProfileInput) -> ProfileInput:
    return replace(
        data,
        headline=without_nul(data.headline),
        about=without_nul(data.about),
        field_of_study=without_nul(data.field_of_study),
        skills=SkillsInput(
            tuple(without_nul(token) for token in data.skills.tokens),
            without_nul(data.skills.typed),
        ),
    )


def check_input(data: ProfileInput, today: date) -> list[SkillChoice]:
    """Every rule at once: raises one InvalidInput naming each offending field."""
    errors: dict[str, str] = {}
    chosen: list[SkillChoice] = []
    try:
        chosen = skills.resolve(list(data.skills.tokens), data.skills.typed, field="skills")
    except InvalidInput as error:
        errors.update(error.errors)
    _check_text(data, errors)
    _check_studies(data, today, errors)
    _check_languages(data.languages, errors)
    _check_where_and_permit(data, today, errors)
    if errors:
        raise InvalidInput(errors)
    return chosen


def update_profile(actor: User, data: ProfileInput, today: date) -> GraduateProfile:
    """The graduate saves their profile; skills, languages and places are replaced as a whole."""
    _require_graduate(actor)
    profile = get_profile(actor)
    data = clean_input(data)
    chosen = check_input(data, today)
    was_visible = profile.visibility is Visibility.EMPLOYERS
    with unit_of_work():
        lock_for_update(profile)
        profile.headline = data.headline.strip()
        profile.about = data.about.strip()
        profile.university_id = data.university_id
        profile.degree_level = data.degree_level
        profile.field_of_study = data.field_of_study.strip()
        profile.graduation_year = data.graduation_year
        profile.moved_to_finland_year = data.moved_to_finland_year
        profile.remote_ok = data.remote_ok
        profile.work_permit = data.work_permit
        profile.permit_end_date = data.permit_end_date if _keeps_end_date(data) else None
        profile.open_to_full_time = data.open_to_full_time
        profile.open_to_part_time = data.open_to_part_time
        profile.open_to_internship = data.open_to_internship
        profile.open_to_trainee = data.open_to_trainee
        if profile.visibility != data.visibility:
            consent_records.follow_visibility(actor, data.visibility)
        profile.visibility = data.visibility
        _replace_lists(profile, data, chosen)
    if was_visible and profile.visibility is not Visibility.EMPLOYERS:
        announce_profile_withdrawn(profile.id)
    return profile


def set_visibility(actor: User, visibility: Visibility) -> GraduateProfile:
    """Change only who may see the profile (from the privacy page), recording the consents."""
    _require_graduate(actor)
    if not isinstance(visibility, Visibility):
        raise InvalidInput(_("Choose who can see your profile."), "visibility")
    profile = get_profile(actor)
    was_visible = profile.visibility is Visibility.EMPLOYERS
    with unit_of_work():
        if profile.visibility != visibility:
            consent_records.follow_visibility(actor, visibility)
        profile.visibility = visibility
    if was_visible and visibility is not Visibility.EMPLOYERS:
        announce_profile_withdrawn(profile.id)  # out of the served model and every artefact
    return profile


def _replace_lists(profile: GraduateProfile, data: ProfileInput, chosen: list[SkillChoice]) -> None:
    profile.skills.clear()
    profile.languages.clear()
    profile.municipalities.clear()
    # Delete the old rows before rows with the same unique (profile, code/name) come back.
    db.session.flush()
    for position, choice in enumerate(chosen):
        profile.skills.append(
            ProfileSkill(skill_id=choice.skill_id, label=choice.label, position=position)
        )
    for code, level in data.languages:
        profile.languages.append(ProfileLanguage(code=code, level=int(level)))
    for name in dict.fromkeys(data.municipalities):
        profile.municipalities.append(ProfileMunicipality(name=name))
