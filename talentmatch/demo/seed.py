"""`flask seed-demo`: load the demo data (idempotent: records already there are left alone)."""

from __future__ import annotations

import secrets
from collections import Counter
from datetime import date, datetime, time, timedelta

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from talentmatch.demo.applications import load_applications
from talentmatch.demo.catalogue import (
    EVENTS,
    PROGRAMMES_AND_COMMUNITIES,
    PROVIDERS,
    SKILLS_BUILT,
    UNIVERSITIES,
)
from talentmatch.demo.employers import EmployerPlan
from talentmatch.demo.events import helsinki_to_utc, load_community_life
from talentmatch.demo.generate import plan_demo
from talentmatch.demo.graduates import GraduatePlan
from talentmatch.demo.messages import load_contact
from talentmatch.demo.notifications import load_notifications
from talentmatch.demo.occupations import load_occupations
from talentmatch.demo.postings import JobPlan
from talentmatch.demo.staff import ADVISERS, load_advisers
from talentmatch.extensions import db
from talentmatch.models import (
    EscoSkill,
    GraduateProfile,
    Opportunity,
    OpportunityKind,
    OpportunityLanguage,
    OpportunitySkill,
    OpportunityStatus,
    Organisation,
    ProfileLanguage,
    ProfileMunicipality,
    ProfileSkill,
    RemoteMode,
    Role,
    University,
    User,
)
from talentmatch.services import consent_records, skills
from talentmatch.services.transaction import unit_of_work

# What the summary calls each kind of record, in the order it is printed.
# What `seed-demo` says it added: (one, several).
SUMMARY_LABELS = {
    "universities": ("university", "universities"),
    "providers": ("programme and community provider", "programme and community providers"),
    "employers": ("employer", "employers"),
    "programmes": ("talent programme", "talent programmes"),
    "communities": ("community", "communities"),
    "events": ("event", "events"),
    "jobs": ("open job", "open jobs"),
    "graduates": ("graduate", "graduates"),
    "advisers": ("career-services adviser", "career-services advisers"),
    "applications": ("application", "applications"),
    "invitations": ("invitation to apply", "invitations to apply"),
    "introductions": ("career-services introduction", "career-services introductions"),
    "notifications": ("notification", "notifications"),
    "memberships": ("community membership", "community memberships"),
    "registrations": ("event sign-up", "event sign-ups"),
}

OpportunityKey = tuple[str, int | None, int | None]


def unusable_password_hash() -> str:
    """A hash no password matches: werkzeug refuses anything without a method prefix."""
    return "!" + secrets.token_hex()


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Load ESCO skills and the demo universities, organisations, opportunities and people."""
    added = skills.import_esco()
    click.echo(f"ESCO skills: {added} added.")
    counts = load_demo(date.today())
    if not any(counts.values()):
        click.echo("Demo data is already there; nothing added.")
        return
    parts = [
        f"{counts[key]} {one if counts[key] == 1 else several}"
        for key, (one, several) in SUMMARY_LABELS.items()
        if counts[key]
    ]
    click.echo("Demo data added: " + ", ".join(parts) + ".")


def load_demo(today: date) -> Counter[str]:
    """Add whatever part of the demo data is missing; returns how many of each were added."""
    esco = {uri: (skill_id, label) for uri, skill_id, label in _esco_skills()}
    occupations = load_occupations(set(esco))
    plan = plan_demo(occupations, {uri: label for uri, (_id, label) in esco.items()}, today)
    added: Counter[str] = Counter()
    with unit_of_work():
        universities = _load_universities(added)
        providers = _load_providers(added)
        employers, recruiters = _load_employers(plan.employers, added)
        db.session.flush()
        existing = _opportunity_keys()
        skill_ids = {label: skill_id for skill_id, label in esco.values()}
        _load_catalogue(universities, providers, skill_ids, existing, today, added)
        _load_jobs(plan.jobs, employers, recruiters, esco, existing, added)
        _load_graduates(plan.graduates, universities, esco, added)
        advisers = [adviser.email for adviser in ADVISERS]
        load_advisers(universities, _users_by_email(advisers), unusable_password_hash(), added)
        db.session.flush()
        load_applications(today, added)
        load_contact(plan, datetime.combine(today, time(12)), added)
        load_notifications(added)
        load_community_life(added)
    return added


def _esco_skills() -> list[tuple[str, int, str]]:
    rows = db.session.execute(select(EscoSkill.uri, EscoSkill.id, EscoSkill.label_en))
    return [(uri, skill_id, label) for uri, skill_id, label in rows]


def _load_universities(added: Counter[str]) -> dict[str, University]:
    universities = {u.name: u for u in db.session.scalars(select(University))}
    for entry in UNIVERSITIES:
        if entry.name not in universities:
            university = University(
                name=entry.name,
                short_name=entry.short_name,
                municipality=entry.municipality,
                website=entry.website,
            )
            db.session.add(university)
            universities[entry.name] = university
            added["universities"] += 1
    return universities


def _load_providers(added: Counter[str]) -> dict[str, Organisation]:
    names = [entry.name for entry in PROVIDERS]
    providers: dict[str, Organisation] = {}
    for organisation in db.session.scalars(
        select(Organisation).where(Organisation.name.in_(names)).order_by(Organisation.id)
    ):
        providers.setdefault(organisation.name, organisation)
    for entry in PROVIDERS:
        if entry.name not in providers:
            organisation = Organisation(
                name=entry.name,
                business_id=None,
                industry=entry.industry,
                website=entry.website,
                description=entry.description,
                verified=True,
            )
            db.session.add(organisation)
            providers[entry.name] = organisation
            added["providers"] += 1
    return providers


def _users_by_email(emails: list[str]) -> dict[str, User]:
    return {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}


def _load_employers(
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
    users = _users_by_email([p.contact_email for p in plans])
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


def _opportunity_keys() -> set[OpportunityKey]:
    rows = db.session.execute(
        select(Opportunity.title, Opportunity.organisation_id, Opportunity.university_id)
    )
    return {(title, org_id, uni_id) for title, org_id, uni_id in rows}


def _provider_fields(
    name: str, universities: dict[str, University], providers: dict[str, Organisation]
) -> dict[str, Organisation | University]:
    if name in universities:
        return {"university": universities[name]}
    return {"organisation": providers[name]}


def _key(title: str, provider: dict[str, Organisation | University]) -> OpportunityKey:
    organisation = provider.get("organisation")
    university = provider.get("university")
    return (
        title,
        organisation.id if organisation is not None else None,
        university.id if university is not None else None,
    )


def _load_catalogue(
    universities: dict[str, University],
    providers: dict[str, Organisation],
    skill_ids: dict[str, int],
    existing: set[OpportunityKey],
    today: date,
    added: Counter[str],
) -> None:
    for entry in PROGRAMMES_AND_COMMUNITIES:
        provider = _provider_fields(entry.provider, universities, providers)
        if _key(entry.title, provider) in existing:
            continue
        who = entry.eligibility
        item = Opportunity(
            kind=entry.kind,
            status=OpportunityStatus.OPEN,
            title=entry.title,
            description=entry.description,
            municipality=entry.municipality,
            remote_mode=RemoteMode.ON_SITE,
            url=entry.url,
            eligible_universities=[universities[name] for name in who.universities],
            eligible_degree_levels=list(who.degree_levels),
            max_years_since_graduation=who.max_years_since_graduation,
            target_groups=list(who.target_groups),
            **provider,
        )
        built = [label for label in SKILLS_BUILT.get(entry.title, ()) if label in skill_ids]
        for position, label in enumerate(built):
            item.skills.append(
                OpportunitySkill(
                    skill_id=skill_ids[label], label=label, required=False, position=position
                )
            )
        db.session.add(item)
        added["programmes" if entry.kind is OpportunityKind.PROGRAMME else "communities"] += 1
    for event in EVENTS:
        provider = _provider_fields(event.provider, universities, providers)
        if _key(event.title, provider) in existing:
            continue
        day = today + timedelta(days=event.days_ahead)
        starts_at = helsinki_to_utc(datetime.combine(day, time(event.start_hour)))
        db.session.add(
            Opportunity(
                kind=OpportunityKind.EVENT,
                status=OpportunityStatus.OPEN,
                title=event.title,
                description=event.description,
                municipality=event.municipality,
                remote_mode=RemoteMode.ON_SITE,
                deadline=day - timedelta(days=1),
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=event.hours),
                capacity=event.capacity,
                **provider,
            )
        )
        added["events"] += 1


def _load_jobs(
    plans: list[JobPlan],
    employers: dict[str, Organisation],
    recruiters: dict[str, User],
    esco: dict[str, tuple[int, str]],
    existing: set[OpportunityKey],
    added: Counter[str],
) -> None:
    for plan in plans:
        organisation = employers[plan.business_id]
        if (plan.title, organisation.id, None) in existing:
            continue
        job = Opportunity(
            kind=OpportunityKind.JOB,
            status=OpportunityStatus.OPEN,
            title=plan.title,
            description=plan.description,
            organisation=organisation,
            created_by=recruiters[plan.business_id],
            municipality=plan.municipality,
            remote_mode=plan.remote_mode,
            deadline=plan.deadline,
            employment_type=plan.employment_type,
            salary_min=plan.salary_min,
            salary_max=plan.salary_max,
            sponsors_permit=plan.sponsors_permit,
        )
        skill_uris = [(uri, True) for uri in plan.required] + [
            (uri, False) for uri in plan.nice_to_have
        ]
        for position, (uri, required) in enumerate(skill_uris):
            skill_id, label = esco[uri]
            job.skills.append(
                OpportunitySkill(
                    skill_id=skill_id, label=label, required=required, position=position
                )
            )
        for code, level in plan.languages:
            job.languages.append(OpportunityLanguage(code=code, min_level=int(level)))
        db.session.add(job)
        added["jobs"] += 1


def _load_graduates(
    plans: list[GraduatePlan],
    universities: dict[str, University],
    esco: dict[str, tuple[int, str]],
    added: Counter[str],
) -> None:
    users = _users_by_email([plan.email for plan in plans])
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
    for user, plan in new_users:
        consent_records.follow_visibility(user, plan.visibility)
