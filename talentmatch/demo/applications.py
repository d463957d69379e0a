"""Demo applications: graduates who applied to the open jobs that fit them best, at every step of
the pipeline, with the employer's notes, so both sides' pages show a living product."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.interfaces import ORMOption

from talentmatch.extensions import db
from talentmatch.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    GraduateProfile,
    Interaction,
    InteractionKind,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Organisation,
)
from talentmatch.recommender.types import Explanation

S = ApplicationStatus
APPLICANTS = 40  # graduates who applied somewhere
PER_GRADUATE = 2  # the best-fitting jobs each of them applied to

# The steps an application took to where it is; the first is always the graduate's submission.
PATHS: tuple[tuple[ApplicationStatus, ...], ...] = (
    (S.SUBMITTED,),
    (S.SUBMITTED, S.REVIEWED),
    (S.SUBMITTED, S.REVIEWED, S.INTERVIEW),
    (S.SUBMITTED,),
    (S.SUBMITTED, S.REVIEWED, S.INTERVIEW, S.OFFER),
    (S.SUBMITTED, S.REVIEWED, S.REJECTED),
    (S.SUBMITTED, S.REVIEWED, S.INTERVIEW, S.OFFER, S.HIRED),
    (S.SUBMITTED, S.WITHDRAWN),
    (S.SUBMITTED, S.INTERVIEW),
    (S.SUBMITTED, S.REVIEWED),
)
EMPLOYER_NOTES = {
    S.REVIEWED: "Thank you for your application. We have read it and will be in touch within a "
    "week.",
    S.INTERVIEW: "We would like to meet you. Would Tuesday at 10:00 at our office, or on Teams, "
    "suit you? Reply to this message with a time that works.",
    S.OFFER: "We are happy to offer you the position. The written offer with the salary and the "
    "start date is in your email.",
    S.HIRED: "Welcome to the team! Your first day starts at 9:00; ask for us at the reception.",
    S.REJECTED: "Thank you for your interest. We chose a candidate whose experience was closer "
    "to this role; we would be glad to see your application for our next openings.",
}
WITHDRAWAL_NOTE = "I accepted another offer. Thank you for your time!"


def skill_fit(profile: GraduateProfile, job: Opportunity) -> tuple[int, Explanation]:
    """Shared required skills, worded as the engine's explanation would word them."""
    have = {s.skill_id for s in profile.skills if s.skill_id is not None}
    required = job.required_skills
    met = [s.label for s in required if s.skill_id in have]
    missing = [s.label for s in required if s.skill_id not in have]
    share = len(met) / len(required) if required else 0.0
    band = "strong" if share >= 0.75 else "good" if share >= 0.5 else "some" if met else None
    explanation = Explanation(
        shared_skills=tuple(met),
        missing_skills=tuple(missing[:5]),
        band=band,
        required_count=len(required),
        required_met=len(met),
        missing_count=len(missing),
    )
    return len(met), explanation


def _cover_note(profile: GraduateProfile, job: Opportunity, explanation: Explanation) -> str:
    skills = ", ".join(explanation.shared_skills[:3]) or "what I learnt in my studies"
    return (
        f"Hello,\n\nI am {profile.user.full_name}, {profile.headline.lower() or 'a graduate'}. "
        f"The {job.title} role at {job.provider_name} matches what I have done: {skills}.\n\n"
        "I would be glad to tell you more in an interview.\n\nBest regards,\n"
        f"{profile.user.full_name}"
    )


def open_jobs(*options: ORMOption) -> list[Opportunity]:
    """The open jobs graduates see (of verified organisations), with their skills loaded."""
    return list(
        db.session.scalars(
            select(Opportunity)
            .join(Organisation, Organisation.id == Opportunity.organisation_id)
            .where(
                Opportunity.kind == OpportunityKind.JOB,
                Opportunity.status == OpportunityStatus.OPEN,
                Organisation.verified.is_(True),
            )
            .options(selectinload(Opportunity.skills), *options)
            .order_by(Opportunity.id)
        )
    )


def load_applications(today: date, added: Counter[str]) -> None:
    """Add the demo applications that are not there yet (one per graduate and job)."""
    jobs = open_jobs()
    if not jobs:
        return
    profiles = db.session.scalars(
        select(GraduateProfile)
        .options(selectinload(GraduateProfile.skills), selectinload(GraduateProfile.user))
        .order_by(GraduateProfile.id)
        .limit(APPLICANTS)
    ).all()
    existing = set(db.session.execute(select(Application.user_id, Application.opportunity_id)))
    # Required skills read once; each graduate's two best jobs are the ones meeting most of them.
    required = [(job, [s.skill_id for s in job.required_skills]) for job in jobs]
    number = 0
    for profile in profiles:
        have = {s.skill_id for s in profile.skills if s.skill_id is not None}
        ranked = sorted(
            ((sum(skill in have for skill in skills), job) for job, skills in required),
            key=lambda r: (-r[0], r[1].id),
        )
        for shared, job in ranked[:PER_GRADUATE]:
            if shared == 0:
                break
            number += 1
            if (profile.user_id, job.id) in existing:
                continue
            _shared, explanation = skill_fit(profile, job)
            applied = datetime.combine(
                today - timedelta(days=3 + number % 20), time(9 + number % 8)
            )
            add_application(profile, job, explanation, PATHS[number % len(PATHS)], applied)
            added["applications"] += 1


def add_application(
    profile: GraduateProfile,
    job: Opportunity,
    explanation: Explanation,
    path: tuple[ApplicationStatus, ...],
    applied: datetime,
    step: timedelta = timedelta(days=1),
) -> Application:
    """An application made at `applied` that took the steps of `path`, `step` apart."""
    recorded = asdict(explanation)
    application = Application(
        user_id=profile.user_id,
        opportunity_id=job.id,
        status=path[-1],
        cover_note=_cover_note(profile, job, explanation),
        explanation=json.dumps({"graduate": recorded, "employer": recorded}, sort_keys=True),
        created_at=applied,
        updated_at=applied + step * (len(path) - 1),
    )
    for number, status in enumerate(path):
        by_graduate = status in (S.SUBMITTED, S.WITHDRAWN)
        application.events.append(
            ApplicationEvent(
                status=status,
                note=WITHDRAWAL_NOTE if status is S.WITHDRAWN else EMPLOYER_NOTES.get(status, ""),
                actor_id=profile.user_id if by_graduate else job.created_by_id,
                created_at=applied + step * number + timedelta(hours=number),
            )
        )
    db.session.add(application)
    db.session.add(
        Interaction(
            user_id=profile.user_id,
            opportunity_id=job.id,
            kind=InteractionKind.APPLY,
            created_at=applied,
        )
    )
    return application
