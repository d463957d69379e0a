"""Opportunities of every kind: the input all kinds share, its rules, and landing-page reads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    CEFRLevel,
    CourseCost,
    CourseFormat,
    EmploymentType,
    LifecycleRefused,
    Opportunity,
    OpportunityKind,
    OpportunityLanguage,
    OpportunitySkill,
    RemoteMode,
)
from talentmatch.models.enums import MUNICIPALITIES
from talentmatch.services.errors import InvalidInput
from talentmatch.services.opportunity_texts import (
    MAX_DESCRIPTION,
    MAX_TITLE,
    TranslatedText,
    apply_texts,
    check_texts,
)
from talentmatch.services.skills import SkillChoice, SkillsInput, resolve
from talentmatch.services.vetting import listed
from talentmatch.services.web_addresses import web_address, web_address_problem

MAX_URL = 500


def latest_open(today: date, limit: int = 6) -> list[Opportunity]:
    """The newest opportunities open today, as the catalogue lists them."""
    return list(
        db.session.scalars(
            select(Opportunity)
            .where(Opportunity.open_on(today), listed())
            .order_by(Opportunity.created_at.desc(), Opportunity.id.desc())
            .limit(limit)
        )
    )


def open_counts_by_kind(today: date) -> dict[OpportunityKind, int]:
    """How many of each kind the catalogue lists today."""
    rows = db.session.execute(
        select(Opportunity.kind, func.count())
        .where(Opportunity.open_on(today), listed())
        .group_by(Opportunity.kind)
    )
    return {kind: count for kind, count in rows}


@dataclass(frozen=True)
class LanguageRequirement:
    code: str  # ISO 639-1
    min_level: CEFRLevel


@dataclass(frozen=True)
class OpportunityInput:
    """What a job, programme, community, event or course form carries, as plain values: the
    title and description in the language `written_in`, and `translations` into others."""

    title: str
    description: str = ""
    written_in: str = "en"
    translations: tuple[TranslatedText, ...] = ()
    municipality: str | None = None
    remote_mode: RemoteMode = RemoteMode.ON_SITE
    url: str | None = None
    deadline: date | None = None
    required_skills: SkillsInput = SkillsInput()
    nice_to_have_skills: SkillsInput = SkillsInput()
    languages: list[LanguageRequirement] = field(default_factory=list)
    employment_type: EmploymentType | None = None
    salary_min: int | None = None
    salary_max: int | None = None
    sponsors_permit: bool | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    capacity: int | None = None
    community_id: int | None = None  # events: the community whose page lists it
    # Courses (services.courses checks them); starts_at/ends_at are then the first and last day
    instruction_language: str | None = None
    teaches_language: str | None = None
    level_from: CEFRLevel | None = None
    level_to: CEFRLevel | None = None
    cost: CourseCost | None = None
    price_eur: int | None = None
    course_format: CourseFormat | None = None
    self_paced: bool | None = None
    details_checked_on: date | None = None


@dataclass(frozen=True)
class CheckedSkills:
    required: list[SkillChoice]
    nice_to_have: list[SkillChoice]


def check_input(
    data: OpportunityInput, today: date, existing: Opportunity | None = None
) -> CheckedSkills:
    """Rules every kind shares; raises InvalidInput naming every offending field at once."""
    errors: dict[str, str] = {}
    resolved: dict[str, list[SkillChoice]] = {}
    for name, raw in (
        ("required_skills", data.required_skills),
        ("nice_to_have_skills", data.nice_to_have_skills),
    ):
        try:
            resolved[name] = resolve(list(raw.tokens), raw.typed, field=name)
        except InvalidInput as error:
            errors.update(error.errors)
    if not data.title.strip():
        errors["title"] = _("Please give a title.")
    elif len(data.title) > MAX_TITLE:
        errors["title"] = _("Keep the title under %(n)d characters.", n=MAX_TITLE)
    if len(data.description) > MAX_DESCRIPTION:
        errors["description"] = _("Keep the description under %(n)d characters.", n=MAX_DESCRIPTION)
    errors.update(check_texts(data.written_in, data.description, data.translations))
    if data.municipality and data.municipality not in MUNICIPALITIES:
        errors["municipality"] = _("Choose a municipality from the list.")
    # An unchanged past deadline may stay when editing; a new one must not be in the past.
    if data.deadline is not None and data.deadline < today:
        if existing is None or existing.deadline != data.deadline:
            errors["deadline"] = _("The deadline cannot be in the past.")
    if data.salary_min is not None and data.salary_min < 0:
        errors["salary_min"] = _("Salary cannot be negative.")
    if data.salary_max is not None and data.salary_max < 0:
        errors["salary_max"] = _("Salary cannot be negative.")
    if (
        data.salary_min is not None
        and data.salary_max is not None
        and data.salary_min > data.salary_max
    ):
        errors["salary_max"] = _("The maximum salary must be at least the minimum.")
    if data.starts_at and data.ends_at and data.ends_at < data.starts_at:
        errors["ends_at"] = _("The end must be after the start.")
    if data.capacity is not None and data.capacity < 1:
        errors["capacity"] = _("Capacity must be at least 1.")
    if data.url:
        problem = web_address_problem(web_address(data.url), MAX_URL)
        if problem:
            errors["url"] = problem
    codes = [lang.code for lang in data.languages]
    if len(codes) != len(set(codes)):
        errors["languages"] = _("List each language only once.")
    if errors:
        raise InvalidInput(errors)
    required = resolved["required_skills"]
    return CheckedSkills(required, _not_also_in(resolved["nice_to_have_skills"], required))


def _not_also_in(nice: list[SkillChoice], required: list[SkillChoice]) -> list[SkillChoice]:
    """A skill both required and nice to have is required (an opportunity lists a skill once)."""
    seen = {c.skill_id if c.is_esco else c.label.lower() for c in required}
    return [c for c in nice if (c.skill_id if c.is_esco else c.label.lower()) not in seen]


def apply_input(opportunity: Opportunity, data: OpportunityInput, skills: CheckedSkills) -> None:
    """Copy the input onto the opportunity, replacing its skills and language requirements."""
    opportunity.title = data.title.strip()
    opportunity.description = data.description.strip()
    apply_texts(opportunity, data.written_in, data.translations)
    opportunity.municipality = data.municipality or None
    opportunity.remote_mode = data.remote_mode
    opportunity.url = web_address(data.url or "") or None
    opportunity.deadline = data.deadline
    opportunity.employment_type = data.employment_type
    opportunity.salary_min = data.salary_min
    opportunity.salary_max = data.salary_max
    opportunity.sponsors_permit = data.sponsors_permit
    opportunity.starts_at = data.starts_at
    opportunity.ends_at = data.ends_at
    opportunity.capacity = data.capacity
    opportunity.community_id = data.community_id
    opportunity.instruction_language = data.instruction_language
    opportunity.teaches_language = data.teaches_language
    opportunity.level_from = int(data.level_from) if data.level_from is not None else None
    opportunity.level_to = int(data.level_to) if data.level_to is not None else None
    opportunity.cost = data.cost
    opportunity.price_eur = data.price_eur
    opportunity.course_format = data.course_format
    opportunity.self_paced = data.self_paced
    opportunity.details_checked_on = data.details_checked_on
    opportunity.skills.clear()
    opportunity.languages.clear()
    # The old rows go before rows with the same unique (opportunity, skill/position/code) return.
    db.session.flush()
    position = 0
    for required, choices in ((True, skills.required), (False, skills.nice_to_have)):
        for choice in choices:
            opportunity.skills.append(
                OpportunitySkill(
                    skill_id=choice.skill_id,
                    label=choice.label,
                    required=required,
                    position=position,
                )
            )
            position += 1
    for requirement in data.languages:
        opportunity.languages.append(
            OpportunityLanguage(code=requirement.code, min_level=int(requirement.min_level))
        )


def skill_choices(opportunity: Opportunity, required: bool) -> list[SkillChoice]:
    """The opportunity's skills as choices, to fill an edit form."""
    return [SkillChoice(s.skill_id, s.label) for s in opportunity.skills if s.required == required]


@contextmanager
def lifecycle_rules() -> Iterator[None]:
    """Report a status change the opportunity refuses (Opportunity.publish, close, reopen) as
    invalid input, so every kind says no the same way."""
    try:
        yield
    except LifecycleRefused as refused:
        raise InvalidInput(refused.message, refused.field) from None
