"""The whole generated part of the demo (employers, jobs, graduates), planned deterministically."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from talentmatch.demo.employers import EmployerPlan, JobPlan, plan_employers, plan_jobs
from talentmatch.demo.graduates import GraduatePlan, plan_graduate
from talentmatch.demo.occupations import Occupation, by_isco_prefix

SEED = 2026
EMPLOYER_COUNT = 60
JOB_COUNT = 300
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
    index = by_isco_prefix(occupations)
    employers = plan_employers(rng, EMPLOYER_COUNT, emails)
    jobs = plan_jobs(rng, employers, index, JOB_COUNT, today)
    # Most graduates aim at occupations that are hiring, so the demo has matches to show.
    hiring = sorted({job.occupation_uri for job in jobs})
    by_uri = {occupation.uri: occupation for occupation in occupations}
    pool = [o for o in occupations if o.isco_group[:2] in {"12", "21", "22", "24", "25", "26"}]
    names: set[str] = set()
    graduates = []
    for _ in range(GRADUATE_COUNT):
        occupation = by_uri[rng.choice(hiring)] if rng.random() < 0.6 else rng.choice(pool)
        graduates.append(plan_graduate(rng, occupation, skill_labels, today, names, emails))
    return DemoPlan(employers, jobs, graduates)
