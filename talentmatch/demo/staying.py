"""Demo progress on the staying checklist: where graduates live now and the steps they have
ticked off, so the checklist page and career services' per-step counts show something real."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    GraduateProfile,
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
