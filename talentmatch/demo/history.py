"""The past the career-services pages draw: consent to count outcomes, weekly match summaries,
views, saves and applications, cohorts and promotions, and first-destination answers, for the
demo graduates. Loaded after the rest of the demo, part by part for what is not there yet."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from talentmatch.demo.activity import Activity, load_activity
from talentmatch.demo.applications import open_jobs
from talentmatch.demo.match_history import load_match_history, rank_matches
from talentmatch.demo.outcomes import load_outcome_consents, load_outcomes
from talentmatch.demo.promotions import load_promotions
from talentmatch.extensions import db
from talentmatch.models import GraduateProfile, Opportunity, User


def load_history(featured: list[str], today: date, added: Counter[str]) -> None:
    """Everything career services look back on; `featured` graduates (by email) get a
    personal promotion from their university first."""
    profiles = list(
        db.session.scalars(
            select(GraduateProfile)
            .join(User, User.id == GraduateProfile.user_id)
            .where(User.demo.is_(True))
            .options(
                selectinload(GraduateProfile.skills),
                selectinload(GraduateProfile.languages),
                selectinload(GraduateProfile.user),
            )
            .order_by(GraduateProfile.user_id)
        )
    )
    jobs = open_jobs(selectinload(Opportunity.languages), selectinload(Opportunity.organisation))
    if not profiles or not jobs:
        return
    load_outcome_consents(profiles, added)
    ranked = rank_matches(profiles, jobs)
    load_match_history(ranked, today, added)
    activity = Activity(ranked, added)
    load_activity(profiles, activity, today, added)
    db.session.flush()
    load_promotions(profiles, activity, set(featured), today, added)
    employers = sorted({job.provider_name for job in jobs})
    load_outcomes(profiles, employers, activity.hire_for, today, added, frozenset(featured))
