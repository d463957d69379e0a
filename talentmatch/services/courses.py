"""Courses: the facts a course carries (what it teaches, in which language, cost, format and
dates) and the rules they keep, on top of the rules every curated item keeps (services.curation)."""

from __future__ import annotations

import dataclasses
from datetime import date

from flask_babel import gettext as _

from talentmatch.models import (
    CEFRLevel,
    CourseCost,
    CourseFormat,
    Opportunity,
    OpportunityStatus,
    RemoteMode,
)
from talentmatch.models.opportunities import course_day
from talentmatch.services.opportunities import OpportunityInput
from talentmatch.services.profiles import language_codes
from talentmatch.services.skills import SkillsInput

# How each format is taught, in the terms every kind's place is given in (search's "remote or
# hybrid only", the engine's location fit).
REMOTE_MODE_OF = {
    CourseFormat.ON_SITE: RemoteMode.ON_SITE,
    CourseFormat.ONLINE: RemoteMode.REMOTE,
    CourseFormat.BLENDED: RemoteMode.HYBRID,
}
TAUGHT_LEVELS = (CEFRLevel.A1, CEFRLevel.A2, CEFRLevel.B1, CEFRLevel.B2, CEFRLevel.C1, CEFRLevel.C2)
MAX_PRICE_EUR = 100_000


def fit(data: OpportunityInput) -> OpportunityInput:
    """A course's input as stored: its skills are all taught (one list), its language
    requirement follows from its language of instruction (Opportunity.instruction_requirement),
    its place from its format; no places or community. Its days are kept as course days."""
    return dataclasses.replace(
        data,
        nice_to_have_skills=SkillsInput(),
        languages=[],
        capacity=None,
        community_id=None,
        remote_mode=REMOTE_MODE_OF[data.course_format]
        if data.course_format
        else RemoteMode.ON_SITE,
        self_paced=bool(data.self_paced),
        starts_at=course_day(data.starts_at.date()) if data.starts_at else None,
        ends_at=course_day(data.ends_at.date()) if data.ends_at else None,
        teaches_language=data.teaches_language or None,
        instruction_language=data.instruction_language or None,
    )


def without_course_facts(data: OpportunityInput) -> OpportunityInput:
    """Another kind's input: no course column applies."""
    return dataclasses.replace(
        data,
        instruction_language=None,
        teaches_language=None,
        level_from=None,
        level_to=None,
        cost=None,
        price_eur=None,
        course_format=None,
        self_paced=None,
        details_checked_on=None,
    )


def check(
    data: OpportunityInput,
    today: date,
    opening: bool,
    errors: dict[str, str],
    existing: Opportunity | None = None,
) -> None:
    """Add a message to `errors` for every course rule `data` breaks."""
    _check_languages(data, errors)
    _check_cost(data, errors)
    if data.course_format is None:
        errors["course_format"] = _("Choose how the course is taught.")
    elif data.course_format is not CourseFormat.ONLINE and not data.municipality:
        errors["municipality"] = _(
            "Choose the municipality where the course is taught (only an online course has none)."
        )
    _check_dates(data, today, opening, errors, existing)
    if data.details_checked_on is not None and data.details_checked_on > today:
        errors["details_checked_on"] = _(
            "The day the details were checked cannot be in the future."
        )


def _check_languages(data: OpportunityInput, errors: dict[str, str]) -> None:
    if not data.instruction_language:
        errors["instruction_language"] = _("Choose the language the course is taught in.")
    elif data.instruction_language not in language_codes():
        errors["instruction_language"] = _("Choose a language from the list.")
    if data.teaches_language and data.teaches_language not in language_codes():
        errors["teaches_language"] = _("Choose a language from the list.")
    for name, level in (("level_from", data.level_from), ("level_to", data.level_to)):
        if level is not None and level not in TAUGHT_LEVELS:
            errors[name] = _("Choose a level from A1 to C2.")
    if not data.teaches_language:
        if data.level_from is not None or data.level_to is not None:
            errors["teaches_language"] = _(
                "Levels are for language courses: choose the language the course teaches, or "
                "leave the levels empty."
            )
        return
    if data.level_to is None:
        errors["level_to"] = _("Give the level a language course takes its participants to.")
    elif (
        data.level_from is not None
        and "level_from" not in errors
        and "level_to" not in errors
        and data.level_to <= data.level_from
    ):
        errors["level_to"] = _(
            "The level the course reaches must be above the level it starts from."
        )


def _check_cost(data: OpportunityInput, errors: dict[str, str]) -> None:
    if data.cost is None:
        errors["cost"] = _("Say whether the course is free or paid.")
    if data.price_eur is None:
        return
    if data.price_eur < 0:
        errors["price_eur"] = _("The price cannot be negative.")
    elif data.price_eur > MAX_PRICE_EUR:
        errors["price_eur"] = _("Give a price of at most €100,000.")
    elif data.cost is not CourseCost.PAID:
        errors["price_eur"] = _("Only a paid course has a price: choose paid, or leave it empty.")


def _check_dates(
    data: OpportunityInput,
    today: date,
    opening: bool,
    errors: dict[str, str],
    existing: Opportunity | None,
) -> None:
    if data.self_paced:
        if data.starts_at is not None or data.ends_at is not None:
            errors["starts_at"] = _(
                "A self-paced course has no dates: leave them empty, or untick self-paced."
            )
        return
    if data.starts_at is None:
        errors["starts_at"] = _("Give the course's first day, or tick self-paced.")
        return
    first_day = data.starts_at.date()
    unchanged_open = (
        existing is not None
        and existing.status is OpportunityStatus.OPEN
        and existing.starts_at is not None
        and existing.starts_at.date() == first_day
    )
    if opening and first_day < today and not unchanged_open:
        errors["starts_at"] = _(
            "This course has already started, so it cannot be published. Give a later first "
            "day, or save it as a draft."
        )
    if data.deadline is not None and data.deadline > first_day:
        errors["deadline"] = _("The enrolment deadline cannot be after the course's first day.")
