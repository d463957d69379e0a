"""The whole generated part of the demo (employers, jobs, graduates), planned deterministically."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from talentmatch.demo.classes import plan_classes
from talentmatch.demo.employers import EmployerPlan, plan_employers
from talentmatch.demo.fields import FIELDS
from talentmatch.demo.graduates import GraduatePlan, plan_graduate
from talentmatch.demo.occupations import Occupation, by_label
from talentmatch.demo.postings import JobPlan, plan_jobs
from talentmatch.demo.staff import STAFF_EMAILS, STAFF_NAMES

SEED = 2026
GRADUATE_COUNT = 150  # before each university's classes are filled up (demo/classes.py)


@dataclass(frozen=True)
class DemoPlan:
    employers: list[EmployerPlan]
    jobs: list[JobPlan]
    graduates: list[GraduatePlan]


def plan_demo(occupations: list[Occupation], skill_labels: dict[str, str], today: date) -> DemoPlan:
    """The same employers, jobs and people on every run; only dates follow `today`."""
    rng = random.Random(SEED)
    emails: set[str] = set(STAFF_EMAILS)  # no one else may take a staff member's address
    occupations_by_label = by_label(occupations)
    employers = plan_employers(rng, emails)
    jobs = plan_jobs(rng, employers, occupations_by_label, skill_labels, today)
    # Graduates come from the same fields, about as many per field as it has jobs, so every
    # employer's Candidates tab has people from its own field.
    names: set[str] = set(STAFF_NAMES)
    graduates = []
    for field in rng.choices(FIELDS, weights=[f.jobs for f in FIELDS], k=GRADUATE_COUNT):
        role = rng.choice(field.roles)
        occupation = occupations_by_label[role.occupation]
        graduates.append(
            plan_graduate(rng, field, role, occupation, skill_labels, today, names, emails)
        )
    graduates += plan_classes(graduates, occupations_by_label, skill_labels, today, names, emails)
    return DemoPlan(employers, jobs, graduates)
