"""Generated demo job postings: each field's roles at the employers that hire for them."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from talentmatch.demo.employers import SIZE_JOB_WEIGHTS, EmployerPlan, weighted
from talentmatch.demo.fields import FIELDS, Field, Languages, Role
from talentmatch.demo.occupations import Occupation
from talentmatch.models import EmploymentType, RemoteMode
from talentmatch.models.enums import HELSINKI_REGION

LANGUAGE_NAMES = {
    "fi": "Finnish", "sv": "Swedish", "en": "English", "de": "German", "ru": "Russian",
    "ar": "Arabic", "so": "Somali", "ja": "Japanese", "zh": "Chinese",
}  # fmt: skip
SENIOR_WORDS = ("Senior", "Lead", "Head", "Vastaava", "Key Account")
TRAINING_SALARY = (2000, 2600)
DEMO_NOTE = "Demo posting: the employer and the details are fictional."


@dataclass(frozen=True)
class JobPlan:
    business_id: str
    field: str  # key of the field it belongs to
    occupation_uri: str
    title: str
    description: str
    required: tuple[str, ...]  # ESCO skill URIs
    nice_to_have: tuple[str, ...]
    languages: Languages
    municipality: str
    remote_mode: RemoteMode
    employment_type: EmploymentType
    salary_min: int
    salary_max: int
    sponsors_permit: bool
    deadline: date


@dataclass(frozen=True)
class RoleSkills:
    """A role's named skills as ESCO URIs: the ones its occupation requires, and the others."""

    essential: tuple[str, ...]
    other: tuple[str, ...]


def role_skills(role: Role, occupation: Occupation, skill_labels: dict[str, str]) -> RoleSkills:
    """The role's skill labels looked up among its occupation's ESCO skills; a typo fails loudly."""
    by_label = {skill_labels[uri]: uri for uri in occupation.essential + occupation.optional}
    missing = [label for label in role.skills if label not in by_label]
    if missing:
        raise ValueError(f"{occupation.label}: not among its ESCO skills: {missing}")
    uris = [by_label[label] for label in role.skills]
    essential = set(occupation.essential)
    return RoleSkills(
        essential=tuple(uri for uri in uris if uri in essential),
        other=tuple(uri for uri in uris if uri not in essential),
    )


def _choose_skills(rng: random.Random, skills: RoleSkills) -> tuple[list[str], list[str]]:
    # Leave at least two named skills over for the nice-to-have list.
    named = len(skills.essential) + len(skills.other)
    count = rng.randint(4, min(6, len(skills.essential), named - 2))
    # The first skills a role names are the ones nearly every ad asks for.
    head = list(skills.essential[: count + 2])
    required = sorted(rng.sample(head, count), key=head.index)
    rest = [uri for uri in skills.essential if uri not in required] + list(skills.other)
    nice = rng.sample(rest, min(len(rest), rng.randint(2, 3)))
    return required, nice


def _variant(rng: random.Random, field: Field, title: str) -> tuple[str, EmploymentType, str]:
    """The posting's title, employment type and level (regular, senior or training)."""
    level = "senior" if title.startswith(SENIOR_WORDS) else "regular"
    roll = rng.random()
    if field.internships and level == "regular" and roll < 0.07:
        return f"{title} (internship)", EmploymentType.INTERNSHIP, "training"
    if field.internships and level == "regular" and roll < 0.12:
        return f"Summer trainee: {title}", EmploymentType.TRAINEE, "training"
    if roll > 1 - field.part_time:
        return title, EmploymentType.PART_TIME, level
    return title, EmploymentType.FULL_TIME, level


def _salary(rng: random.Random, field: Field, level: str) -> tuple[int, int]:
    low, high = TRAINING_SALARY if level == "training" else field.salary
    factor = 1.25 if level == "senior" else 1.0
    salary_min = round(rng.uniform(low, high) * factor / 100) * 100
    return salary_min, salary_min + rng.choice((200, 300, 500, 700, 1000))


def _language_sentence(languages: Languages) -> str:
    parts = [
        f"{LANGUAGE_NAMES.get(code, code)} at {level.name} or better" for code, level in languages
    ]
    return "Languages: " + ", ".join(parts) + "."


def _description(
    rng: random.Random,
    role: Role,
    employer: EmployerPlan,
    municipality: str,
    remote_mode: RemoteMode,
    languages: Languages,
    sponsors: bool,
) -> str:
    team = rng.choice(employer.workplace.teams)
    where = {
        RemoteMode.ON_SITE: f"The work is done on site in {municipality}.",
        RemoteMode.HYBRID: f"Hybrid work: some days at our {municipality} office, some at home.",
        RemoteMode.REMOTE: f"Fully remote within Finland; the team meets now and then in "
        f"{municipality}.",
    }[remote_mode]
    permit = " We can support an employer-sponsored residence permit." if sponsors else ""
    return (
        f"{role.duties}\n\nYou will join the {team} team at {employer.name}, "
        f"{_article(employer.workplace.kind)} {employer.workplace.kind}. {where} "
        f"{_language_sentence(languages)}{permit}\n\n"
        f"{DEMO_NOTE}"
    )


def _article(words: str) -> str:
    return "an" if words[:1].lower() in "aeiou" else "a"


def _posting(
    rng: random.Random,
    field: Field,
    role: Role,
    occupation: Occupation,
    skills: RoleSkills,
    employer: EmployerPlan,
    title: str,
    today: date,
) -> JobPlan:
    title, employment_type, level = _variant(rng, field, title)
    municipality = employer.municipality if rng.random() < 0.8 else rng.choice(HELSINKI_REGION[:3])
    remote_mode = weighted(rng, tuple(zip(RemoteMode, field.remote, strict=True)))
    languages = weighted(rng, field.language_options(role))
    sponsors = rng.random() < field.sponsors
    required, nice = _choose_skills(rng, skills)
    salary_min, salary_max = _salary(rng, field, level)
    return JobPlan(
        business_id=employer.business_id,
        field=field.key,
        occupation_uri=occupation.uri,
        title=title,
        description=_description(
            rng, role, employer, municipality, remote_mode, languages, sponsors
        ),
        required=tuple(required),
        nice_to_have=tuple(nice),
        languages=languages,
        municipality=municipality,
        remote_mode=remote_mode,
        employment_type=employment_type,
        salary_min=salary_min,
        salary_max=salary_max,
        sponsors_permit=sponsors,
        deadline=today + timedelta(days=rng.randint(14, 56)),
    )


def _employers_for(field: Field, role: Role, employers: list[EmployerPlan]) -> list[EmployerPlan]:
    return [
        employer
        for employer in employers
        if field.key in employer.workplace.fields
        and (not role.workplaces or employer.workplace.key in role.workplaces)
    ]


def plan_jobs(
    rng: random.Random,
    employers: list[EmployerPlan],
    occupations: dict[str, Occupation],
    skill_labels: dict[str, str],
    today: date,
) -> list[JobPlan]:
    """Each field's open jobs, its roles taken in turn, no title twice at one employer."""
    jobs: list[JobPlan] = []
    taken: set[tuple[str, str]] = set()  # titles as the role names them
    posted: set[tuple[str, str]] = set()  # titles as posted, with internship and trainee marks
    for field in FIELDS:
        for n in range(field.jobs):
            role = field.posting_roles[n % len(field.posting_roles)]
            occupation = occupations[role.occupation]
            skills = role_skills(role, occupation, skill_labels)
            hiring = _employers_for(field, role, employers)
            # An employer with nothing posted yet goes first, so every recruiter has a job.
            idle = [e for e in hiring if e.business_id not in {j.business_id for j in jobs}]
            hiring = idle or hiring
            weights = [SIZE_JOB_WEIGHTS[employer.size] for employer in hiring]
            for _attempt in range(20):
                employer = rng.choices(hiring, weights=weights)[0]
                title = rng.choice(role.titles)
                if (employer.business_id, title) not in taken:
                    break
            taken.add((employer.business_id, title))
            job = _posting(rng, field, role, occupation, skills, employer, title, today)
            if (job.business_id, job.title) in posted:
                continue  # every title already taken there: the field gets one posting fewer
            posted.add((job.business_id, job.title))
            jobs.append(job)
    return jobs
