"""The web benchmark's data: graduates, employers and their jobs, programmes, communities and
events built from the shipped ESCO occupations and the demo data's names, written with bulk
inserts (a few thousand rows a statement), not one ORM object at a time."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Table, select, text
from werkzeug.security import generate_password_hash

from talentmatch.demo.catalogue import UNIVERSITIES
from talentmatch.demo.names import COMPANY_WORDS, ORIGINS
from talentmatch.demo.occupations import Occupation, load_occupations
from talentmatch.extensions import db
from talentmatch.models import (
    ConsentPurpose,
    ConsentRecord,
    EscoSkill,
    GraduateProfile,
    Opportunity,
    OpportunityLanguage,
    OpportunitySkill,
    Organisation,
    ProfileLanguage,
    ProfileMunicipality,
    ProfileSkill,
    University,
    User,
)
from talentmatch.models.enums import HELSINKI_REGION, CEFRLevel
from talentmatch.models.timestamps import utcnow
from talentmatch.services.consent_texts import text_for

SEED = 2026
PASSWORD = "benchmark horse battery"
GRADUATE_EMAIL = "bench-graduate@example.com"
EMPLOYER_EMAIL = "bench-employer@example.com"
EMPLOYERS = 500
BATCH = 5000
# Jobs and graduates are drawn from these occupations, so "data" finds something and the
# signed-in graduate is a data professional with jobs to match.
DATA_OCCUPATIONS = ("data scientist", "data analyst", "database developer", "ICT business analyst")
OTHER_KINDS = ("programme", "community", "event")
# One statement inserts a batch, so every row names the same columns: these are set for some
# kinds only; the columns no row names take their defaults.
KIND_COLUMNS = dict.fromkeys(
    (
        "organisation_id",
        "university_id",
        "created_by_id",
        "employment_type",
        "salary_min",
        "salary_max",
        "sponsors_permit",
        "starts_at",
        "ends_at",
        "capacity",
    )
)


@dataclass(frozen=True)
class Counts:
    graduates: int
    jobs: int
    others: int  # programmes, communities and events together


@dataclass(frozen=True)
class Seeded:
    """What the benchmark signs in as and opens."""

    job_id: int  # the signed-in employer's job, for its Candidates tab
    detail_id: int  # an open job for the detail page


class Ids:
    """Primary keys handed out before the insert, so child rows can point at their parents."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def take(self, table: Table) -> int:
        value = self._next.get(table.name, 1)
        self._next[table.name] = value + 1
        return value

    def reset_sequences(self) -> None:
        for name in self._next:
            db.session.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), max(id)) FROM {name}")
            )


def _insert(table: Table, rows: Iterable[dict[str, Any]]) -> int:
    """Insert in batches with one statement each; returns how many rows were written."""
    batch: list[dict[str, Any]] = []
    written = 0
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            db.session.execute(table.insert(), batch)
            written += len(batch)
            batch = []
    if batch:
        db.session.execute(table.insert(), batch)
        written += len(batch)
    return written


def seed(counts: Counts, today: date) -> Seeded:
    """Write the benchmark's data into the (migrated, ESCO-loaded) database of the app."""
    rng = random.Random(SEED)
    ids = Ids()
    now = utcnow()
    password_hash = generate_password_hash(PASSWORD)
    esco = dict(db.session.execute(select(EscoSkill.uri, EscoSkill.id)).all())
    labels = dict(db.session.execute(select(EscoSkill.uri, EscoSkill.label_en)).all())
    occupations = load_occupations(set(esco))
    data_occupations = [o for o in occupations if o.label in DATA_OCCUPATIONS] or occupations[:4]

    universities = _universities(ids)
    organisations = _organisations(ids, rng, now)
    users, profiles, skills, languages, places, consents = [], [], [], [], [], []
    for number in range(counts.graduates):
        occupation = rng.choice(data_occupations if number % 10 == 0 else occupations)
        origin = rng.choice(ORIGINS)
        user_id = ids.take(User.__table__)
        email = GRADUATE_EMAIL if number == 0 else f"graduate{number}@bench.example.com"
        users.append(
            _user(
                user_id,
                email,
                f"{rng.choice(origin.first_names)} {rng.choice(origin.last_names)}",
                "graduate",
                password_hash,
                now,
            )
        )
        profile_id = ids.take(GraduateProfile.__table__)
        profiles.append(_profile(profile_id, user_id, occupation, rng, universities, now, today))
        picked = rng.sample(occupation.essential, min(6, len(occupation.essential)))
        picked += rng.sample(occupation.optional, min(2, len(occupation.optional)))
        for position, uri in enumerate(picked):
            skills.append(
                {
                    "id": ids.take(ProfileSkill.__table__),
                    "profile_id": profile_id,
                    "skill_id": esco[uri],
                    "label": labels[uri],
                    "position": position,
                }
            )
        known = {"en": int(CEFRLevel.C1), origin.mother_tongue: int(CEFRLevel.NATIVE)}
        known.setdefault("fi", rng.choice((1, 2, 3, 4)))
        for code, level in known.items():
            languages.append(
                {
                    "id": ids.take(ProfileLanguage.__table__),
                    "profile_id": profile_id,
                    "code": code,
                    "level": level,
                }
            )
        places.append(
            {
                "id": ids.take(ProfileMunicipality.__table__),
                "profile_id": profile_id,
                "name": rng.choice(HELSINKI_REGION),
            }
        )
        for purpose in (
            ConsentPurpose.CAREER_SERVICES_VISIBILITY,
            ConsentPurpose.EMPLOYER_VISIBILITY,
        ):
            consents.append(
                {
                    "id": ids.take(ConsentRecord.__table__),
                    "user_id": user_id,
                    "purpose": purpose.value,
                    "text_version": text_for(purpose).version,
                    "given_at": now,
                    "withdrawn_at": None,
                }
            )
    employer_ids = []
    for number, organisation_id in enumerate(organisations):
        user_id = ids.take(User.__table__)
        email = EMPLOYER_EMAIL if number == 0 else f"employer{number}@bench.example.com"
        user = _user(user_id, email, "Erik Employer", "employer", password_hash, now)
        user["organisation_id"] = organisation_id
        users.append(user)
        employer_ids.append(user_id)
    _insert(User.__table__, users)
    _insert(GraduateProfile.__table__, profiles)
    _insert(ProfileSkill.__table__, skills)
    _insert(ProfileLanguage.__table__, languages)
    _insert(ProfileMunicipality.__table__, places)
    _insert(ConsentRecord.__table__, consents)

    opportunities, opportunity_skills, opportunity_languages = [], [], []
    first_job = None
    for number in range(counts.jobs + counts.others):
        opportunity_id = ids.take(Opportunity.__table__)
        is_job = number < counts.jobs
        occupation = rng.choice(data_occupations if number % 10 == 0 else occupations)
        if is_job:
            owner = number % len(organisations)
            row = _job(opportunity_id, occupation, organisations[owner], employer_ids[owner], rng)
            first_job = first_job or opportunity_id
        else:
            kind = OTHER_KINDS[number % len(OTHER_KINDS)]
            row = _other(opportunity_id, kind, occupation, rng, universities, organisations, now)
        row = {**KIND_COLUMNS, **row}
        # Posted over the last two months, as a real catalogue is. (When thousands of rows
        # share the newest timestamp, every worker re-applies all of them one by one after
        # loading the model, since the model's data is dated by the newest row.)
        posted = now - timedelta(minutes=rng.randint(60, 60 * 24 * 60))
        row.update(
            status="open",
            created_at=posted,
            updated_at=posted,
            deadline=today + timedelta(days=60),
            municipality=rng.choice(HELSINKI_REGION),
            remote_mode=rng.choice(("on_site", "hybrid", "remote")),
        )
        opportunities.append(row)
        wanted = rng.sample(occupation.essential, min(5, len(occupation.essential)))
        nice = rng.sample(occupation.optional, min(2, len(occupation.optional)))
        for position, uri in enumerate(wanted + nice):
            opportunity_skills.append(
                {
                    "id": ids.take(OpportunitySkill.__table__),
                    "opportunity_id": opportunity_id,
                    "skill_id": esco[uri],
                    "label": labels[uri],
                    "required": position < len(wanted),
                    "position": position,
                }
            )
        opportunity_languages.append(
            {
                "id": ids.take(OpportunityLanguage.__table__),
                "opportunity_id": opportunity_id,
                "code": "en",
                "min_level": int(CEFRLevel.B2),
            }
        )
    _insert(Opportunity.__table__, opportunities)
    _insert(OpportunitySkill.__table__, opportunity_skills)
    _insert(OpportunityLanguage.__table__, opportunity_languages)
    ids.reset_sequences()
    db.session.commit()
    assert first_job is not None, "the benchmark needs at least one job"
    return Seeded(job_id=first_job, detail_id=first_job)


def _universities(ids: Ids) -> list[int]:
    rows = [
        {
            "id": ids.take(University.__table__),
            "name": entry.name,
            "short_name": entry.short_name,
            "municipality": entry.municipality,
            "website": entry.website,
        }
        for entry in UNIVERSITIES
    ]
    _insert(University.__table__, rows)
    return [row["id"] for row in rows]


def _organisations(ids: Ids, rng: random.Random, now: datetime) -> list[int]:
    rows = []
    for number in range(EMPLOYERS):
        name = f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_WORDS)} {number} Oy"
        rows.append(
            {
                "id": ids.take(Organisation.__table__),
                "name": name,
                "business_id": None,
                "industry": None,
                "size": None,
                "website": None,
                "description": None,
                "verified": True,
                "created_at": now,
            }
        )
    _insert(Organisation.__table__, rows)
    return [row["id"] for row in rows]


def _user(
    user_id: int, email: str, name: str, role: str, password_hash: str, now: datetime
) -> dict[str, Any]:
    return {
        "id": user_id,
        "email": email,
        "password_hash": password_hash,
        "full_name": name,
        "role": role,
        "locale": "en",
        "active": True,
        "email_verified": True,
        "organisation_id": None,
        "university_id": None,
        "created_at": now,
        "last_login_at": None,
        "session_version": 1,
        "demo": False,
    }


def _profile(
    profile_id: int,
    user_id: int,
    occupation: Occupation,
    rng: random.Random,
    universities: list[int],
    now: datetime,
    today: date,
) -> dict[str, Any]:
    return {
        "id": profile_id,
        "user_id": user_id,
        "headline": f"{occupation.title} graduate",
        "about": occupation.description[:500],
        "university_id": rng.choice(universities),
        "degree_level": rng.choice(("bachelor", "master")),
        "field_of_study": occupation.title,
        "graduation_year": today.year - rng.randint(0, 3),
        "work_permit": rng.choice(("eu_eea_citizen", "permit_allows_work", "needs_sponsorship")),
        "permit_end_date": None,
        "remote_ok": rng.random() < 0.5,
        "open_to_full_time": True,
        "open_to_part_time": rng.random() < 0.5,
        "open_to_internship": rng.random() < 0.3,
        "open_to_trainee": rng.random() < 0.3,
        "visibility": "employers",
        "created_at": now,
        "updated_at": now,
        "moved_to_finland_year": None,
    }


def _job(
    opportunity_id: int,
    occupation: Occupation,
    organisation_id: int,
    employer_id: int,
    rng: random.Random,
) -> dict[str, Any]:
    salary = rng.randrange(2800, 5200, 100)
    return {
        "id": opportunity_id,
        "kind": "job",
        "title": occupation.title,
        "description": occupation.description,
        "organisation_id": organisation_id,
        "created_by_id": employer_id,
        "employment_type": rng.choice(("full_time", "full_time", "part_time", "internship")),
        "salary_min": salary,
        "salary_max": salary + 600,
        "sponsors_permit": rng.random() < 0.4,
    }


def _other(
    opportunity_id: int,
    kind: str,
    occupation: Occupation,
    rng: random.Random,
    universities: list[int],
    organisations: list[int],
    now: datetime,
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": opportunity_id,
        "kind": kind,
        "title": f"{occupation.title} {kind}",
        "description": f"A {kind} for people working as {occupation.label}. "
        + occupation.description,
    }
    if rng.random() < 0.5:
        row["university_id"] = rng.choice(universities)
    else:
        row["organisation_id"] = rng.choice(organisations)
    if kind == "event":
        starts = now + timedelta(days=rng.randint(3, 50), hours=rng.randint(8, 18))
        row.update(starts_at=starts, ends_at=starts + timedelta(hours=2), capacity=80)
    return row
