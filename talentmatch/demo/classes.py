"""Graduating classes big enough to chart: each demo university gets at least CLASS_SIZE
graduates who share their profile with its career services in each of the last four
graduation years, so no group the analytics draw is hidden for privacy (under five people)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from talentmatch.demo.catalogue import UNIVERSITIES
from talentmatch.demo.fields import FIELDS, Field
from talentmatch.demo.graduates import (
    UNIARTS,
    GraduatePlan,
    Placement,
    plan_graduate,
    universities_teaching,
)
from talentmatch.demo.occupations import Occupation
from talentmatch.models import Visibility

SEED = 9009  # a stream of its own, so the rest of the plan stays as it was
CLASS_SIZE = 8
YEARS_SHOWN = 4

# Uniarts teaches none of the fields the demo jobs come from; its graduates here studied arts
# management and communication and head for event and content work.
EXTRA_STUDIES = {UNIARTS: ("Event Management", "Communication")}


def class_years(today: date) -> range:
    """The graduation years the career-services charts show: this year and the three before."""
    return range(today.year - YEARS_SHOWN + 1, today.year + 1)


def _studies_at(university: str) -> list[tuple[Field, str]]:
    extra = EXTRA_STUDIES.get(university, ())
    return [
        (field, study)
        for field in FIELDS
        for study in field.studies
        if university in universities_teaching(study) or study in extra
    ]


def plan_classes(
    planned: list[GraduatePlan],
    occupations: dict[str, Occupation],
    skill_labels: dict[str, str],
    today: date,
    names: set[str],
    emails: set[str],
) -> list[GraduatePlan]:
    """The graduates each university's classes need beyond those `planned` already."""
    rng = random.Random(SEED)
    sharing = Counter(
        (g.university, g.graduation_year) for g in planned if g.visibility is not Visibility.PRIVATE
    )
    added = []
    for entry in UNIVERSITIES:
        studies = _studies_at(entry.name)
        for year in class_years(today):
            for _ in range(CLASS_SIZE - sharing[entry.name, year]):
                field, study = rng.choice(studies)
                role = rng.choice(field.roles)
                placement = Placement(study, entry.name, year)
                added.append(
                    plan_graduate(
                        rng,
                        field,
                        role,
                        occupations[role.occupation],
                        skill_labels,
                        today,
                        names,
                        emails,
                        placement,
                    )
                )
    return added
