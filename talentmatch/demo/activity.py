"""Six months of what demo graduates did with their best matches: views, saves and applications
that moved through the employers' pipelines, so the funnel from recommended to hired has
something at every step for every university. Also the hires through TalentMatch that filled in
a first-destination answer (demo/outcomes.py asks for them).
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select

from talentmatch.demo.applications import PATHS, add_application, skill_fit
from talentmatch.demo.match_history import Matches
from talentmatch.demo.outcomes import Hire
from talentmatch.extensions import db
from talentmatch.models import (
    Application,
    ApplicationStatus,
    GraduateProfile,
    Interaction,
    InteractionKind,
    OpportunityKind,
)
from talentmatch.models.timestamps import utcnow

SEED = 8008
HISTORY_DAYS = 182
STEP = timedelta(days=6)  # between the steps of an application in the history
HIRE_STEP = timedelta(days=8)
APPLIES = 0.15  # of the matches a graduate viewed, the share they applied to
S = ApplicationStatus
HIRED = (S.SUBMITTED, S.REVIEWED, S.INTERVIEW, S.OFFER, S.HIRED)
# Each university's applications take these paths in turn, so each has hires and offers.
HISTORY_PATHS = (HIRED, *PATHS)


class Activity:
    """Adds applications for demo graduates, remembering who applied where."""

    def __init__(self, ranked: dict[int, Matches], added: Counter[str]) -> None:
        self.ranked = ranked
        self.added = added
        self.applied: set[tuple[int, int]] = {
            (user_id, job_id)
            for user_id, job_id in db.session.execute(
                select(Application.user_id, Application.opportunity_id)
            )
        }
        self.paths: Counter[int | None] = Counter()  # applications per university, for the path
        self.rng = random.Random(SEED)

    def apply(self, profile: GraduateProfile, match_job, at: datetime, step: timedelta) -> bool:
        """An application from `at` on, as far along its path as now allows; False when the
        graduate applied there before (or `at` has not come yet)."""
        key = (profile.user_id, match_job.id)
        now = utcnow()
        if key in self.applied or match_job.kind is not OpportunityKind.JOB or at >= now:
            return False
        path = HISTORY_PATHS[self.paths[profile.university_id] % len(HISTORY_PATHS)]
        self.paths[profile.university_id] += 1
        while len(path) > 1 and at + step * (len(path) - 1) + timedelta(hours=len(path)) > now:
            path = path[:-1]
        _shared, explanation = skill_fit(profile, match_job)
        add_application(profile, match_job, explanation, path, at, step)
        self.applied.add(key)
        self.added["applications"] += 1
        return True

    def hire_for(self, profile: GraduateProfile, before: date) -> Hire | None:
        """A hire through TalentMatch a few weeks before `before`, at the graduate's best job
        they had not applied to."""
        matches = self.ranked.get(profile.user_id)
        best = matches.best if matches is not None else []
        jobs = [m.job for m in best if (profile.user_id, m.job.id) not in self.applied]
        if not jobs:
            return None
        job = jobs[0]
        hired_at = datetime.combine(before - timedelta(days=self.rng.randint(15, 45)), time(10))
        applied_at = hired_at - HIRE_STEP * (len(HIRED) - 1) - timedelta(hours=len(HIRED) - 1)
        _shared, explanation = skill_fit(profile, job)
        add_application(profile, job, explanation, HIRED, applied_at, HIRE_STEP)
        self.applied.add((profile.user_id, job.id))
        self.added["applications"] += 1
        return Hire(job.provider_name, job.municipality or "Helsinki", hired_at)


def load_activity(
    profiles: list[GraduateProfile], activity: Activity, today: date, added: Counter[str]
) -> None:
    """Views of their best matches, some saved and some applied to, over the past half year,
    for graduates who have no view on record."""
    viewed = set(
        db.session.scalars(
            select(Interaction.user_id).where(Interaction.kind == InteractionKind.VIEW).distinct()
        )
    )
    rng = random.Random(SEED)
    start = today - timedelta(days=HISTORY_DAYS)
    rows = []
    for profile in sorted(profiles, key=lambda p: p.user_id):
        best = activity.ranked[profile.user_id].best[:8]
        chosen = rng.sample(best, k=min(len(best), rng.randint(2, 5)))
        if profile.user_id in viewed:
            continue
        for match in chosen:
            day = start + timedelta(days=rng.randint(0, HISTORY_DAYS - 1))
            seen = datetime.combine(day, time(rng.randint(8, 21), rng.randint(0, 59)))
            row = {"user_id": profile.user_id, "opportunity_id": match.job.id}
            rows.append({**row, "kind": InteractionKind.VIEW, "created_at": seen})
            if rng.random() < 0.4:
                saved = seen + timedelta(minutes=rng.randint(1, 90))
                rows.append({**row, "kind": InteractionKind.SAVE, "created_at": saved})
            if rng.random() < APPLIES:
                activity.apply(profile, match.job, seen + timedelta(days=rng.randint(0, 3)), STEP)
    if rows:
        db.session.execute(insert(Interaction), rows)
    added["views and saves"] += len(rows)
