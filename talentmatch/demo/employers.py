"""Generated demo employers and their open jobs, built from ESCO occupations."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from talentmatch.demo.names import COMPANY_WORDS, CONTACT_FIRST_NAMES, CONTACT_LAST_NAMES
from talentmatch.demo.occupations import Occupation
from talentmatch.models import CEFRLevel, EmploymentType, OrganisationSize, RemoteMode
from talentmatch.services.organisations import business_id_check_digit


@dataclass(frozen=True)
class Industry:
    name: str
    line_of_business: tuple[str, ...]  # the second word of a company name
    isco_prefixes: tuple[str, ...]  # where its graduate jobs come from
    teams: tuple[str, ...]


INDUSTRIES = (
    Industry(
        "Software and IT services",
        ("Software", "Digital", "Systems", "Cloud", "Data"),
        ("25", "25", "35", "2421", "2431", "1330", "2166"),
        ("product development", "platform", "data", "customer solutions"),
    ),
    Industry(
        "Engineering and manufacturing",
        ("Engineering", "Industries", "Technologies", "Machinery"),
        ("214", "215", "311", "1321", "2149", "3119"),
        ("engineering", "production", "research and development", "quality"),
    ),
    Industry(
        "Finance and insurance",
        ("Capital", "Finance", "Insurance", "Invest"),
        ("241", "331", "1211", "2511", "2120", "3311"),
        ("finance", "risk", "analytics", "customer service"),
    ),
    Industry(
        "Health and life sciences",
        ("Health", "Biotech", "Pharma", "Medical"),
        ("213", "22", "2113", "3212", "1342", "2141"),
        ("research", "clinical operations", "laboratory", "quality"),
    ),
    Industry(
        "Consulting and business services",
        ("Consulting", "Partners", "Advisory", "Group"),
        ("242", "243", "1211", "1212", "2631", "3339"),
        ("consulting", "strategy", "people and culture", "sales"),
    ),
    Industry(
        "Energy and cleantech",
        ("Energy", "Power", "Cleantech", "Circular"),
        ("2143", "2149", "2151", "3113", "2133", "1321"),
        ("energy systems", "sustainability", "project delivery", "engineering"),
    ),
    Industry(
        "Media, design and games",
        ("Studios", "Design", "Games", "Media"),
        ("2166", "2163", "264", "2654", "2512", "3521"),
        ("creative", "design", "content", "game development"),
    ),
    Industry(
        "Logistics and trade",
        ("Logistics", "Trading", "Shipping", "Supply"),
        ("1324", "3331", "2432", "3323", "1221", "3324"),
        ("logistics", "purchasing", "sales", "operations"),
    ),
    Industry(
        "Construction and real estate",
        ("Build", "Property", "Construction", "Architects"),
        ("2142", "2161", "1323", "3112", "3334", "2165"),
        ("construction", "design", "property management", "site"),
    ),
    Industry(
        "Education and research services",
        ("Learning", "Education", "Research", "Academy"),
        ("23", "2632", "2622", "2511", "1345", "2424"),
        ("learning design", "research", "education services", "product"),
    ),
)

SIZES = (
    (OrganisationSize.MICRO, 2),
    (OrganisationSize.SMALL, 4),
    (OrganisationSize.MEDIUM, 3),
    (OrganisationSize.LARGE, 2),
)
SIZE_JOB_WEIGHTS = {
    OrganisationSize.MICRO: 1,
    OrganisationSize.SMALL: 2,
    OrganisationSize.MEDIUM: 3,
    OrganisationSize.LARGE: 5,
}
EMPLOYER_MUNICIPALITIES = (("Helsinki", 55), ("Espoo", 25), ("Vantaa", 15), ("Kauniainen", 5))


@dataclass(frozen=True)
class EmployerPlan:
    name: str
    business_id: str
    industry: Industry
    size: OrganisationSize
    municipality: str
    verified: bool
    contact_name: str
    contact_email: str

    @property
    def slug(self) -> str:
        return slugify(self.name.removesuffix(" Oy Ab").removesuffix(" Oy"))

    @property
    def website(self) -> str:
        return f"https://{self.slug}.example.com"

    @property
    def description(self) -> str:
        return (
            f"{self.name} is a fictional {self.industry.name.lower()} company based in "
            f"{self.municipality}, created for the TalentMatch demo."
        )


@dataclass(frozen=True)
class JobPlan:
    business_id: str
    occupation_uri: str
    title: str
    description: str
    required: tuple[str, ...]  # ESCO skill URIs
    nice_to_have: tuple[str, ...]
    languages: tuple[tuple[str, CEFRLevel], ...]
    municipality: str
    remote_mode: RemoteMode
    employment_type: EmploymentType
    salary_min: int
    salary_max: int
    sponsors_permit: bool
    deadline: date


# Letters that Unicode does not decompose into a plain Latin letter plus an accent.
_UNDECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss"})


def slugify(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    ascii_text = plain.encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text.lower()).split())


def _weighted(rng: random.Random, pairs: tuple[tuple[object, int], ...]):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _business_id(rng: random.Random, taken: set[str]) -> str:
    while True:
        digits = f"{rng.randrange(2_000_000, 3_400_000):07d}"
        check = business_id_check_digit(digits)
        business_id = f"{digits}-{check}"
        if check is not None and business_id not in taken:
            taken.add(business_id)
            return business_id


def plan_employers(rng: random.Random, count: int, emails: set[str]) -> list[EmployerPlan]:
    """`count` fictional employers with valid, distinct business IDs and one recruiter each."""
    employers: list[EmployerPlan] = []
    names: set[str] = set()
    business_ids: set[str] = set()
    while len(employers) < count:
        industry = INDUSTRIES[len(employers) % len(INDUSTRIES)]
        word = rng.choice(COMPANY_WORDS)
        suffix = "Oy Ab" if rng.random() < 0.2 else "Oy"
        name = f"{word} {rng.choice(industry.line_of_business)} {suffix}"
        if name.rsplit(" Oy", 1)[0] in names:
            continue
        names.add(name.rsplit(" Oy", 1)[0])
        first, last = rng.choice(CONTACT_FIRST_NAMES), rng.choice(CONTACT_LAST_NAMES)
        employers.append(
            EmployerPlan(
                name=name,
                business_id=_business_id(rng, business_ids),
                industry=industry,
                size=_weighted(rng, SIZES),
                municipality=_weighted(rng, EMPLOYER_MUNICIPALITIES),
                verified=rng.random() < 0.9,
                contact_name=f"{first} {last}",
                contact_email=unique_email(f"{first}.{last}", emails),
            )
        )
    return employers


def unique_email(local_part: str, taken: set[str]) -> str:
    base = slugify(local_part).replace("-", ".") or "person"
    email, n = f"{base}@example.com", 2
    while email in taken:
        email, n = f"{base}{n}@example.com", n + 1
    taken.add(email)
    return email


# Monthly gross salaries in euros, roughly what such roles pay in the Helsinki region.
BASE_SALARY = {"1": (4500, 6500), "2": (3300, 4800), "3": (2700, 3700)}
TRAINING_SALARY = {"trainee": (2300, 2800), "intern": (2000, 2600)}
LEVEL_FACTOR = {"junior": 0.88, "senior": 1.3}


def _salary(rng: random.Random, occupation: Occupation, level: str) -> tuple[int, int]:
    low, high = TRAINING_SALARY.get(level) or BASE_SALARY[occupation.isco_group[0]]
    salary_min = round(rng.uniform(low, high) * LEVEL_FACTOR.get(level, 1.0) / 100) * 100
    spread = rng.choice((200, 300, 500, 700, 1000))
    return salary_min, salary_min + spread


def _languages(rng: random.Random, municipality: str) -> tuple[tuple[str, CEFRLevel], ...]:
    languages = [("en", CEFRLevel.C1 if rng.random() < 0.4 else CEFRLevel.B2)]
    if rng.random() < 1 / 3:
        languages.append(("fi", rng.choice((CEFRLevel.B1, CEFRLevel.B2, CEFRLevel.C1))))
    if rng.random() < (0.15 if municipality == "Kauniainen" else 0.06):
        languages.append(("sv", rng.choice((CEFRLevel.B1, CEFRLevel.B2))))
    return tuple(languages)


def _job_for(
    rng: random.Random, employer: EmployerPlan, occupation: Occupation, today: date
) -> JobPlan:
    level = "regular"
    employment_type = EmploymentType.FULL_TIME
    title = occupation.title
    roll = rng.random()
    if not occupation.is_manager and roll < 0.06:
        level, employment_type = "trainee", EmploymentType.TRAINEE
        title = f"Trainee {occupation.label}"
    elif not occupation.is_manager and roll < 0.12:
        level, employment_type = "intern", EmploymentType.INTERNSHIP
        title = f"{title} (internship)"
    elif not occupation.is_manager and roll < 0.3:
        level, title = "junior", f"Junior {occupation.label}"
    elif roll < 0.45:
        level, title = "senior", f"Senior {occupation.label}"
    elif roll < 0.5:
        employment_type = EmploymentType.PART_TIME
        title = f"{title} (part-time)"
    municipality = (
        employer.municipality if rng.random() < 0.8 else rng.choice(("Helsinki", "Espoo"))
    )
    remote_mode = _weighted(
        rng, ((RemoteMode.ON_SITE, 35), (RemoteMode.HYBRID, 50), (RemoteMode.REMOTE, 15))
    )
    team = rng.choice(employer.industry.teams)
    team_size = rng.randrange(4, 16)
    where = {
        RemoteMode.ON_SITE: f"The work is done at our office in {municipality}.",
        RemoteMode.HYBRID: f"Hybrid work: some days at our {municipality} office, some at home.",
        RemoteMode.REMOTE: f"Fully remote within Finland; the team meets now and then in "
        f"{municipality}.",
    }[remote_mode]
    description = (
        f"{occupation.description}\n\nYou will join our {team} team of {team_size} people at "
        f"{employer.name}. {where}"
    )
    required = rng.sample(occupation.essential, rng.randint(4, min(6, len(occupation.essential))))
    nice = rng.sample(occupation.optional, rng.randint(2, min(3, len(occupation.optional))))
    salary_min, salary_max = _salary(rng, occupation, level)
    return JobPlan(
        business_id=employer.business_id,
        occupation_uri=occupation.uri,
        title=title,
        description=description,
        required=tuple(required),
        nice_to_have=tuple(nice),
        languages=_languages(rng, municipality),
        municipality=municipality,
        remote_mode=remote_mode,
        employment_type=employment_type,
        salary_min=salary_min,
        salary_max=salary_max,
        sponsors_permit=rng.random() < 0.4,
        deadline=today + timedelta(days=rng.randint(14, 56)),
    )


def plan_jobs(
    rng: random.Random,
    employers: list[EmployerPlan],
    occupations_by_prefix: dict[str, list[Occupation]],
    count: int,
    today: date,
) -> list[JobPlan]:
    """About `count` open jobs spread over the employers, each fitting its employer's industry."""
    jobs: list[JobPlan] = []
    titles: set[tuple[str, str]] = set()
    # Every employer gets one job first; bigger employers then get more.
    weights = [SIZE_JOB_WEIGHTS[employer.size] for employer in employers]
    order = employers + rng.choices(employers, weights=weights, k=count * 3)
    for employer in order:
        if len(jobs) >= count:
            break
        prefix = rng.choice(employer.industry.isco_prefixes)
        candidates = occupations_by_prefix.get(prefix) or occupations_by_prefix["2"]
        job = _job_for(rng, employer, rng.choice(candidates), today)
        if (job.title, job.business_id) not in titles:
            titles.add((job.title, job.business_id))
            jobs.append(job)
    return jobs
