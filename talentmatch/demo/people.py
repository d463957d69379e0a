"""Demo people with accounts: the employers' recruiters and the graduates with their profiles,
added where their email address is not taken yet."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from talentmatch.demo.accounts import unusable_password_hash
from talentmatch.demo.employers import EmployerPlan
from talentmatch.demo.graduates import GraduatePlan
from talentmatch.extensions import db
from talentmatch.models import (
    GraduateProfile,
    Organisation,
    ProfileLanguage,
    ProfileMunicipality,
    ProfileSkill,
    Role,
    University,
    User,
)
from talentmatch.services import consent_records


def users_by_email(emails: list[str]) -> dict[str, User]:
    return {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}


def load_employers(
    plans: list[EmployerPlan], added: Counter[str]
) -> tuple[dict[str, Organisation], dict[str, User]]:
    """Organisations by business ID and their recruiters; only missing ones are created."""
    organisations = {
        o.business_id: o
        for o in db.session.scalars(
            select(Organisation).where(Organisation.business_id.in_([p.business_id for p in plans]))
        )
        if o.business_id  # always, given the filter; tells the type checker too
    }
    users = users_by_email([p.contact_email for p in plans])
    recruiters: dict[str, User] = {}
    for plan in plans:
        organisation = organisations.get(plan.business_id)
        if organisation is None:
            organisation = Organisation(
                name=plan.name,
                business_id=plan.business_id,
                industry=plan.industry,
                size=plan.size,
                website=plan.website,
                description=plan.description,
                # Verified, so their jobs are listed: unverified organisations' jobs are not.
                verified=True,
            )
            db.session.add(organisation)
            organisations[plan.business_id] = organisation
            added["employers"] += 1
        user = users.get(plan.contact_email)
        if user is None:
            user = User(
                email=plan.contact_email,
                password_hash=unusable_password_hash(),
                full_name=plan.contact_name,
                role=Role.EMPLOYER,
                email_verified=True,
                organisation=organisation,
                demo=True,
            )
            db.session.add(user)
        user.demo = True  # also for accounts seeded before the demo tour existed
        recruiters[plan.business_id] = user
    return organisations, recruiters


def load_graduates(
    plans: list[GraduatePlan],
    universities: dict[str, University],
    esco: dict[str, tuple[int, str]],
    added: Counter[str],
) -> None:
    users = users_by_email([plan.email for plan in plans])
    new_users: list[tuple[User, GraduatePlan]] = []
    for plan in plans:
        if plan.email in users:
            users[plan.email].demo = True
            continue
        user = User(
            email=plan.email,
            password_hash=unusable_password_hash(),
            full_name=plan.full_name,
            role=Role.GRADUATE,
            email_verified=True,
            demo=True,
        )
        profile = GraduateProfile(
            user=user,
            headline=plan.headline,
            about=plan.about,
            university=universities[plan.university],
            degree_level=plan.degree_level,
            field_of_study=plan.field_of_study,
            graduation_year=plan.graduation_year,
            moved_to_finland_year=plan.moved_to_finland_year,
            work_permit=plan.work_permit,
            permit_end_date=plan.permit_end_date,
            remote_ok=plan.remote_ok,
            open_to_full_time=plan.open_to_full_time,
            open_to_part_time=plan.open_to_part_time,
            open_to_internship=plan.open_to_internship,
            open_to_trainee=plan.open_to_trainee,
            visibility=plan.visibility,
        )
        for position, uri in enumerate(plan.skills):
            skill_id, label = esco[uri]
            profile.skills.append(ProfileSkill(skill_id=skill_id, label=label, position=position))
        for code, level in plan.languages:
            profile.languages.append(ProfileLanguage(code=code, level=int(level)))
        for name in plan.municipalities:
            profile.municipalities.append(ProfileMunicipality(name=name))
        db.session.add(user)
        db.session.add(profile)
        new_users.append((user, plan))
        added["graduates"] += 1
    # The visibility each demo graduate chose is recorded as consent, as a real sign-up would be.
    db.session.flush()
    # New accounts have no consent to look up, so nothing needs flushing before each lookup.
    with db.session.no_autoflush:
        for user, plan in new_users:
            consent_records.follow_visibility(user, plan.visibility)
