"""`flask seed-demo`: load the demo data (idempotent: records already there are left alone).

Development only: the demo accounts are invented people, and the few with a password have it
printed in the terminal and kept in a file, so the command refuses the production config.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from talentmatch.demo import accounts
from talentmatch.demo.applications import load_applications
from talentmatch.demo.catalogue import (
    EVENTS,
    PROGRAMMES_AND_COMMUNITIES,
    PROVIDERS,
    SKILLS_BUILT,
    UNIVERSITIES,
)
from talentmatch.demo.courses import COURSE_PROVIDERS, load_courses
from talentmatch.demo.events import helsinki_to_utc, load_community_life
from talentmatch.demo.generate import plan_demo
from talentmatch.demo.history import load_history
from talentmatch.demo.messages import load_contact
from talentmatch.demo.notifications import load_notifications
from talentmatch.demo.occupations import load_occupations
from talentmatch.demo.people import load_employers, load_graduates, users_by_email
from talentmatch.demo.postings import JobPlan
from talentmatch.demo.staff import ADMIN, ADVISERS, load_admin, load_advisers
from talentmatch.demo.staying import load_checklists, load_course_takers
from talentmatch.demo.versions import FINNISH_EVENTS, FINNISH_ITEMS, HELSINKI_CITY_LIBRARY, VERSIONS
from talentmatch.extensions import db
from talentmatch.models import (
    EscoSkill,
    Opportunity,
    OpportunityKind,
    OpportunityLanguage,
    OpportunitySkill,
    OpportunityStatus,
    OpportunityText,
    Organisation,
    RemoteMode,
    University,
    User,
)
from talentmatch.services import skills
from talentmatch.services.transaction import unit_of_work

# What `seed-demo` says it added: (one, several), in the order it is printed.
SUMMARY_LABELS = {
    "universities": ("university", "universities"),
    "providers": (
        "programme, community and course provider",
        "programme, community and course providers",
    ),
    "employers": ("employer", "employers"),
    "programmes": ("talent programme", "talent programmes"),
    "communities": ("community", "communities"),
    "events": ("event", "events"),
    "courses": ("course", "courses"),
    "versions": ("version in another language", "versions in other languages"),
    "jobs": ("open job", "open jobs"),
    "graduates": ("graduate", "graduates"),
    "advisers": ("career-services adviser", "career-services advisers"),
    "administrators": ("administrator", "administrators"),
    "applications": ("application", "applications"),
    "invitations": ("invitation to apply", "invitations to apply"),
    "introductions": ("career-services introduction", "career-services introductions"),
    "notifications": ("notification", "notifications"),
    "memberships": ("community membership", "community memberships"),
    "registrations": ("event sign-up", "event sign-ups"),
    "outcome consents": ("consent to count outcomes", "consents to count outcomes"),
    "match summaries": ("weekly match summary", "weekly match summaries"),
    "views and saves": ("view or save", "views and saves"),
    "cohorts": ("saved cohort", "saved cohorts"),
    "promotions": ("promotion", "promotions"),
    "promotions received": ("promotion received", "promotions received"),
    "survey answers": ("first-destination answer", "first-destination answers"),
    "unanswered surveys": ("unanswered survey", "unanswered surveys"),
}
PRODUCTION_REFUSAL = (
    "seed-demo loads invented people, and gives some of them passwords it prints; it does not "
    "run under the production configuration (TALENTMATCH_CONFIG=production). Nothing was "
    "changed."
)

OpportunityKey = tuple[str, int | None, int | None]


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Load ESCO skills and the demo universities, organisations, opportunities and people."""
    if current_app.config.get("CONFIG_NAME") == "production":
        raise click.ClickException(PRODUCTION_REFUSAL)
    added = skills.import_esco()
    click.echo(f"ESCO skills: {added} added.")
    counts, fresh, order = load_demo(date.today())
    if not any(counts.values()):
        click.echo("Demo data is already there; nothing added.")
    else:
        parts = [
            f"{counts[key]} {one if counts[key] == 1 else several}"
            for key, (one, several) in SUMMARY_LABELS.items()
            if counts[key]
        ]
        click.echo("Demo data added: " + ", ".join(parts) + ".")
    _report_accounts(fresh, order)


def _report_accounts(fresh: list[accounts.DemoAccount], order: list[str]) -> None:
    """Print the passwords just made, once, and keep them in the accounts file."""
    path = accounts.accounts_file()
    if not fresh:
        if path.exists():
            click.echo(f"Demo accounts with a password: see {path}.")
        return
    try:
        accounts.save_accounts(path, fresh, order)
        where = f"also in {path}, readable by you only"
    except OSError as error:
        where = f"could not be saved in {path} ({error.strerror}): copy them now"
    click.echo(f"Demo accounts to sign in with (passwords shown only this once; {where}):")
    for line in accounts.format_accounts(fresh):
        click.echo("  " + line)


def load_demo(today: date) -> tuple[Counter[str], list[accounts.DemoAccount], list[str]]:
    """Add whatever part of the demo data is missing. Returns how many of each were added, the
    accounts given a password now, and the emails of every account with one, in order."""
    esco = {uri: (skill_id, label) for uri, skill_id, label in _esco_skills()}
    occupations = load_occupations(set(esco))
    plan = plan_demo(occupations, {uri: label for uri, (_id, label) in esco.items()}, today)
    with_password = accounts.password_emails(plan, today)
    added: Counter[str] = Counter()
    with unit_of_work():
        universities = _load_universities(added)
        providers = _load_providers(added)
        employers, recruiters = load_employers(plan.employers, added)
        db.session.flush()
        existing = _opportunity_keys()
        skill_ids = {label: skill_id for skill_id, label in esco.values()}
        _load_catalogue(universities, providers, skill_ids, existing, today, added)
        load_courses(universities, providers, skill_ids, existing, today, added)
        db.session.flush()
        _load_versions(added)
        _load_jobs(plan.jobs, employers, recruiters, esco, existing, added)
        load_graduates(plan.graduates, universities, esco, added)
        staff = users_by_email([adviser.email for adviser in ADVISERS] + [ADMIN.email])
        load_advisers(universities, staff, accounts.unusable_password_hash(), added)
        load_admin(staff, accounts.unusable_password_hash(), added)
        db.session.flush()
        load_applications(today, added)
        load_contact(plan, datetime.combine(today, time(12)), added)
        load_notifications(added)
        load_community_life(added)
        load_history(with_password, today, added)
        load_checklists(today, added)
        load_course_takers(added)
        fresh = accounts.give_passwords(with_password)
    return added, fresh, with_password


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
    entries = (*PROVIDERS, HELSINKI_CITY_LIBRARY, *COURSE_PROVIDERS)
    names = [entry.name for entry in entries]
    providers: dict[str, Organisation] = {}
    for organisation in db.session.scalars(
        select(Organisation).where(Organisation.name.in_(names)).order_by(Organisation.id)
    ):
        providers.setdefault(organisation.name, organisation)
    for entry in entries:
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
    for entry in (*PROGRAMMES_AND_COMMUNITIES, *FINNISH_ITEMS):
        provider = _provider_fields(entry.provider, universities, providers)
        if _key(entry.title, provider) in existing:
            continue
        who = entry.eligibility
        item = Opportunity(
            kind=entry.kind,
            status=OpportunityStatus.OPEN,
            title=entry.title,
            description=entry.description,
            written_in=entry.written_in,
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
    for event in (*EVENTS, *FINNISH_EVENTS):
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
                written_in=event.written_in,
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


def _load_versions(added: Counter[str]) -> None:
    """The Finnish, Swedish and English versions of demo items (demo.versions) that they do
    not have yet, also on items loaded before the versions were written."""
    items = db.session.scalars(select(Opportunity).where(Opportunity.title.in_(list(VERSIONS))))
    for item in items:
        given = {text.locale for text in item.texts} | {item.written_in}
        for locale, (title, description) in VERSIONS[item.title].items():
            if locale not in given:
                item.texts.append(
                    OpportunityText(locale=locale, title=title, description=description)
                )
                added["versions"] += 1


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
