"""The whole generated part of the demo (employers, jobs, graduates), planned deterministically."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from talentmatch.demo.employers import EmployerPlan, plan_employers
from talentmatch.demo.fields import FIELDS
from talentmatch.demo.graduates import GraduatePlan, plan_graduate
from talentmatch.demo.occupations import Occupation, by_label
from talentmatch.demo.postings import JobPlan, plan_jobs

SEED = 2026
GRADUATE_COUNT = 150


@dataclass(frozen=True)
class DemoPlan:
    employers: list[EmployerPlan]
    jobs: list[JobPlan]
    graduates: list[GraduatePlan]


def plan_demo(occupations: list[Occupation], skill_labels: dict[str, str], today: date) -> DemoPlan:
    """The same employers, jobs and people on every run; only dates follow `today`."""
    rng = random.Random(SEED)
    emails: set[str] = set()
    occupations_by_label = by_label(occupations)
    employers = plan_employers(rng, emails)
    jobs = plan_jobs(rng, employers, occupations_by_label, skill_labels, today)
    # Graduates come from the same fields, about as many per field as it has jobs, so every
    # employer's Candidates tab has people from its own field.
    names: set[str] = set()
    graduates = []
    for field in rng.choices(FIELDS, weights=[f.jobs for f in FIELDS], k=GRADUATE_COUNT):
        role = rng.choice(field.roles)
        occupation = occupations_by_label[role.occupation]
        graduates.append(
            plan_graduate(rng, field, role, occupation, skill_labels, today, names, emails)
        )
    return DemoPlan(employers, jobs, graduates)
