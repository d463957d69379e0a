"""Demo progress on the staying checklist (where graduates live now, the steps they have ticked
off) and on language courses (who takes one), so the checklist page, the course lane and career
services' counts show something real."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    GraduateProfile,
    Interaction,
    InteractionKind,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    ProfileLanguage,
    ProfileMunicipality,
    Role,
    StayingSituation,
    StayingStepDone,
    User,
    WorkPermit,
)
from talentmatch.models.enums import HELSINKI_REGION
from talentmatch.services import staying, staying_steps

# How likely a demo graduate has taken each step that applies to them: registering and the
# tax card early, the steps of a new job less often.
TAKEN = {
    "eu_registration": 0.9,
    "dvv_registration": 0.85,
    "kela_coverage": 0.6,
    "tax_card": 0.55,
    "jobseeker_registration": 0.4,
    "first_payslip": 0.5,
    "pension_primer": 0.3,
    "union_primer": 0.25,
}


def load_checklists(today: date, added: Counter[str]) -> None:
    """Give every demo graduate a home and some steps done, unless the demo has some; a
    graduate who needs a sponsored permit gets the end date of the permit they hold now (for
    studies), so the checklist has deadlines to show and remind of."""
    if db.session.scalar(select(func.count()).select_from(StayingSituation)):
        return
    content = staying_steps.shipped()
    rows = db.session.execute(
        select(User, GraduateProfile)
        .join(GraduateProfile, GraduateProfile.user_id == User.id)
        .where(User.role == Role.GRADUATE)
        .order_by(User.id)
    ).all()
    homes = _first_municipalities()
    for user, profile in rows:
        rng = random.Random(f"staying-{user.email}")
        municipality = homes.get(profile.id) or rng.choice(HELSINKI_REGION)
        if profile.work_permit is WorkPermit.NEEDS_SPONSORSHIP and profile.permit_end_date is None:
            profile.permit_end_date = today + timedelta(days=rng.randint(30, 400))
        db.session.add(StayingSituation(user_id=user.id, municipality=municipality))
        added["checklist homes"] += 1
        db.session.flush()
        situation = staying.situation_of(user)  # with the offers and hires of the demo
        for item in staying.items_for(content, situation, {}):
            if rng.random() < TAKEN.get(item.step.key, 0.0):
                done_on = today - timedelta(days=rng.randint(20, 400))
                db.session.add(
                    StayingStepDone(user_id=user.id, step_key=item.step.key, done_on=done_on)
                )
                added["checklist steps done"] += 1


def _first_municipalities() -> dict[int, str]:
    """Each profile's first preferred municipality in the region, as where they live."""
    found: dict[int, str] = {}
    for profile_id, name in db.session.execute(
        select(ProfileMunicipality.profile_id, ProfileMunicipality.name).order_by(
            ProfileMunicipality.id
        )
    ):
        if name in HELSINKI_REGION:
            found.setdefault(profile_id, name)
    return found


def load_course_takers(added: Counter[str]) -> None:
    """Demo graduates taking the open courses that teach a language they know little of: one in
    three of them takes the first free course from their level, unless the demo has some."""
    taking = (InteractionKind.TAKING, InteractionKind.FINISHED)
    if db.session.scalar(
        select(func.count()).select_from(Interaction).where(Interaction.kind.in_(taking))
    ):
        return
    courses = [
        course
        for course in db.session.scalars(
            select(Opportunity)
            .where(
                Opportunity.kind == OpportunityKind.COURSE,
                Opportunity.status == OpportunityStatus.OPEN,
                Opportunity.teaches_language.is_not(None),
            )
            .order_by(Opportunity.cost, Opportunity.id)
        )
        if not course.has_eligibility  # open to anyone, not one university's students only
    ]
    rows = db.session.execute(
        select(User.id, GraduateProfile.id)
        .join(GraduateProfile, GraduateProfile.user_id == User.id)
        .where(User.role == Role.GRADUATE)
        .order_by(User.id)
    ).all()
    levels: dict[int, dict[str, int]] = {}
    for profile_id, code, level in db.session.execute(
        select(ProfileLanguage.profile_id, ProfileLanguage.code, ProfileLanguage.level)
    ):
        levels.setdefault(profile_id, {})[code] = level
    for index, (user_id, profile_id) in enumerate(rows):
        if index % 3:
            continue
        spoken = levels.get(profile_id, {})
        for course in courses:
            have = spoken.get(course.teaches_language or "", 0)
            starts_from = course.level_from or 0
            if starts_from <= have < (course.level_to or 0):
                db.session.add(
                    Interaction(
                        user_id=user_id, opportunity_id=course.id, kind=InteractionKind.TAKING
                    )
                )
                added["courses taken"] += 1
                break
