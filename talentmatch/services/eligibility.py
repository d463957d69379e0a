"""Who may take part in a programme, community or event: checking and saving the criteria,
handing them to the engine, and telling a graduate whether they qualify."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import (
    DegreeLevel,
    GraduateProfile,
    Opportunity,
    Role,
    TargetGroup,
    University,
    User,
    WorkPermit,
)
from talentmatch.recommender import eligibility as rules
from talentmatch.recommender.types import Eligibility, ProfileDoc

MAX_YEARS_SINCE_GRADUATION = 50
MAX_KEYWORDS = 20
MAX_KEYWORD = 60
MAX_KEYWORDS_TEXT = 500  # the column's length, commas included


@dataclass(frozen=True)
class EligibilityInput:
    """The criteria as plain values; every empty one means open to everyone."""

    university_ids: tuple[int, ...] = ()
    degree_levels: tuple[DegreeLevel, ...] = ()
    max_years_since_graduation: int | None = None
    work_permits: tuple[WorkPermit, ...] = ()
    fields_of_study: tuple[str, ...] = ()
    target_groups: tuple[TargetGroup, ...] = ()
    # The provider's own students and alumni, in place of `university_ids` (curation decides
    # which university that is).
    own_graduates_only: bool = False


OPEN_TO_EVERYONE = EligibilityInput()

# How a reason names a target group: "For newcomers who moved to Finland in the last 5 years".
TARGET_GROUP_PHRASES = {
    TargetGroup.NEWCOMERS: _l("newcomers who moved to Finland in the last 5 years"),
    TargetGroup.INTERNATIONAL: _l("people who moved to Finland from abroad"),
}
VALUE_LABELS = {
    "degree_level": lambda value: DegreeLevel(value).label,
    "work_permit": lambda value: WorkPermit(value).label,
    "target_group": lambda value: str(TARGET_GROUP_PHRASES[TargetGroup(value)]),
}


def value_labels(criterion: str, values: str, separator: str = ", ") -> str:
    """A reason's comma-joined codes in words: ('degree_level', 'bachelor,master') ->
    "Bachelor's degree, Master's degree"; an unknown code is shown as it is."""
    label = VALUE_LABELS.get(criterion)
    words = []
    for value in (v for v in values.split(",") if v):
        try:
            words.append(label(value) if label else value)
        except (KeyError, ValueError):
            words.append(value)
    return separator.join(words)


def parse_keywords(text: str) -> tuple[str, ...]:
    """'Nursing, health care,, ' -> ('Nursing', 'health care'), each keyword once."""
    found: dict[str, str] = {}
    for part in text.replace("\n", ",").split(","):
        keyword = " ".join(part.split())
        if keyword and keyword.casefold() not in found:
            found[keyword.casefold()] = keyword
    return tuple(found.values())


def university_choices() -> list[University]:
    return list(db.session.scalars(select(University).order_by(University.name)))


def check_input(data: EligibilityInput, errors: dict[str, str]) -> list[University]:
    """The universities named, in order; each broken rule is added to `errors`."""
    universities = []
    if data.university_ids:
        found = {
            u.id: u
            for u in db.session.scalars(
                select(University).where(University.id.in_(data.university_ids))
            )
        }
        if len(found) != len(set(data.university_ids)):
            errors["eligible_universities"] = _("Choose universities from the list.")
        universities = sorted(found.values(), key=lambda u: u.name)
    years = data.max_years_since_graduation
    if years is not None and not 0 <= years <= MAX_YEARS_SINCE_GRADUATION:
        errors["max_years_since_graduation"] = _(
            "Give between 0 and %(n)d years, or leave it empty.", n=MAX_YEARS_SINCE_GRADUATION
        )
    for name, values, enum_cls in (
        ("eligible_degree_levels", data.degree_levels, DegreeLevel),
        ("eligible_work_permits", data.work_permits, WorkPermit),
        ("target_groups", data.target_groups, TargetGroup),
    ):
        if any(not isinstance(value, enum_cls) for value in values):
            errors[name] = _("Choose from the list.")
    keywords = data.fields_of_study
    if len(keywords) > MAX_KEYWORDS:
        errors["eligible_fields_of_study"] = _("List at most %(n)d fields.", n=MAX_KEYWORDS)
    elif any(len(k) > MAX_KEYWORD or "," in k for k in keywords):
        errors["eligible_fields_of_study"] = _(
            "Keep each field under %(n)d characters, separated by commas.", n=MAX_KEYWORD
        )
    elif len(",".join(keywords)) > MAX_KEYWORDS_TEXT:
        errors["eligible_fields_of_study"] = _(
            "Use at most %(n)d characters for the fields.", n=MAX_KEYWORDS_TEXT
        )
    return universities


def apply_input(
    opportunity: Opportunity, data: EligibilityInput, universities: list[University]
) -> None:
    opportunity.eligible_universities = list(universities)
    opportunity.eligible_degree_levels = list(dict.fromkeys(data.degree_levels))
    opportunity.max_years_since_graduation = data.max_years_since_graduation
    opportunity.eligible_work_permits = list(dict.fromkeys(data.work_permits))
    opportunity.eligible_fields_of_study = list(data.fields_of_study)
    opportunity.target_groups = list(dict.fromkeys(data.target_groups))


def input_of(opportunity: Opportunity) -> EligibilityInput:
    """The saved criteria, to fill an edit form."""
    return EligibilityInput(
        university_ids=tuple(u.id for u in opportunity.eligible_universities),
        degree_levels=tuple(opportunity.eligible_degree_levels),
        max_years_since_graduation=opportunity.max_years_since_graduation,
        work_permits=tuple(opportunity.eligible_work_permits),
        fields_of_study=tuple(opportunity.eligible_fields_of_study),
        target_groups=tuple(opportunity.target_groups),
    )


def criteria_doc(opportunity: Opportunity) -> Eligibility:
    """The criteria as the engine sees them (universities by id, named for the wording)."""
    universities = opportunity.eligible_universities
    return Eligibility(
        universities=tuple(str(u.id) for u in universities),
        university_names=tuple(u.name for u in universities),
        degree_levels=tuple(d.value for d in opportunity.eligible_degree_levels),
        max_years_since_graduation=opportunity.max_years_since_graduation,
        work_permits=tuple(p.value for p in opportunity.eligible_work_permits),
        fields_of_study=tuple(opportunity.eligible_fields_of_study),
        target_groups=tuple(g.value for g in opportunity.target_groups),
    )


def profile_facts(profile: GraduateProfile) -> dict[str, Any]:
    """What eligibility is checked against, as `ProfileDoc` fields."""
    return {
        "university": str(profile.university_id) if profile.university_id else None,
        "degree_level": profile.degree_level.value if profile.degree_level else None,
        "graduation_year": profile.graduation_year,
        "moved_to_finland_year": profile.moved_to_finland_year,
    }


def for_viewer(
    viewer: User | None, opportunity: Opportunity, today: date
) -> rules.EligibilityCheck | None:
    """Whether a signed-in graduate qualifies; None for anyone else or an item open to all."""
    if viewer is None or not viewer.is_authenticated or viewer.role is not Role.GRADUATE:
        return None
    if viewer.profile is None or not opportunity.has_eligibility:
        return None
    profile = viewer.profile
    facts = ProfileDoc(
        id=str(profile.id),
        field_of_study=profile.field_of_study or "",
        work_permit=profile.work_permit.value if profile.work_permit else None,
        **profile_facts(profile),
    )
    return rules.check(facts, criteria_doc(opportunity), today)
