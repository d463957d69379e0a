"""Generated demo graduates: international names, studies in a field, skills of its occupations."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from talentmatch.demo.employers import unique_email
from talentmatch.demo.fields import Field, Languages, Role
from talentmatch.demo.names import ORIGINS, Origin
from talentmatch.demo.occupations import Occupation
from talentmatch.demo.postings import role_skills
from talentmatch.models import CEFRLevel, DegreeLevel, Visibility, WorkPermit
from talentmatch.models.enums import HELSINKI_REGION

RESEARCH_UNIVERSITIES = (
    "University of Helsinki",
    "Aalto University",
    "Hanken School of Economics",
    "Uniarts Helsinki",
)
METROPOLIA = "Metropolia University of Applied Sciences"
HAAGA_HELIA = "Haaga-Helia University of Applied Sciences"
LAUREA = "Laurea University of Applied Sciences"
ARCADA = "Arcada University of Applied Sciences"
DIAK = "Diaconia University of Applied Sciences"
UH, AALTO, HANKEN, UNIARTS = RESEARCH_UNIVERSITIES

# Where a field is taught in the region; the first keyword found in the field name decides.
UNIVERSITIES_BY_FIELD = (
    (("Dentistry", "Veterinary Medicine", "Class Teacher", "Translation", "Linguistics"), (UH,)),
    (("Early Childhood",), (UH, UH, ARCADA)),
    (("Oral Hygiene", "Veterinary Nursing"), (METROPOLIA,)),
    (("Tourism", "Hospitality", "Culinary", "Event"), (HAAGA_HELIA, HAAGA_HELIA, LAUREA)),
    (("Urban Planning", "Geography"), (AALTO, UH)),
    (("Human-Computer", "Cognitive Science"), (AALTO, UH)),
    (("Youth Work", "Social Work"), (UH, DIAK, DIAK)),
    (("Law", "Education", "Humanities", "Psychology", "Journalism", "Languages"), (UH,)),
    (("Media Studies",), (UH, METROPOLIA)),
    (
        ("Chemical Engineering", "Bioproduct", "Structural", "Construction Management"),
        (AALTO, AALTO, METROPOLIA),
    ),
    (("Biochemistry", "Microbiology", "Biotechnology"), (UH, UH, METROPOLIA)),
    (("Mechatronics", "Energy Technology"), (AALTO, METROPOLIA)),
    (("Supply Chain",), (HANKEN, AALTO, HAAGA_HELIA, LAUREA)),
    (("Information Studies", "Cultural Heritage", "Social Sciences"), (UH,)),
    (("Fine Arts", "Music", "Theatre"), (UNIARTS, UNIARTS, METROPOLIA)),
    (("Film", "Design", "Architecture"), (AALTO, AALTO, METROPOLIA)),
    (("Social Services",), (DIAK, LAUREA, METROPOLIA)),
    (("Nursing", "Health", "Biomedical", "Pharmacy"), (UH, METROPOLIA, LAUREA, ARCADA, DIAK)),
    (("Culture", "Sports"), (METROPOLIA, HAAGA_HELIA, ARCADA)),
    (("Engineering", "Electrical", "Automation"), (AALTO, AALTO, METROPOLIA)),
    (
        ("Computer", "Software", "Information", "ICT", "Cyber", "Data"),
        (UH, AALTO, METROPOLIA, HAAGA_HELIA, LAUREA, ARCADA),
    ),
    (
        ("Physics", "Chemistry", "Geosciences", "Mathematics", "Biology", "Environmental"),
        (UH, UH, AALTO),
    ),
    (("Agricultural",), (UH,)),
    (("Economics",), (UH, HANKEN, AALTO)),
    (
        ("Business", "Finance", "Accounting", "Marketing", "Management", "Logistics"),
        (HANKEN, AALTO, HAAGA_HELIA, ARCADA, LAUREA, METROPOLIA),
    ),
    (("Communication",), (HANKEN, HAAGA_HELIA, UH)),
)

# Typical length of each degree, to date when a graduate came to Finland to study.
STUDY_YEARS = {
    DegreeLevel.BACHELOR: 4,
    DegreeLevel.MASTER: 2,
    DegreeLevel.DOCTORATE: 4,
    DegreeLevel.OTHER: 3,
}

DEGREE_WORDS = {
    DegreeLevel.BACHELOR: "Bachelor's",
    DegreeLevel.MASTER: "Master's",
    DegreeLevel.DOCTORATE: "doctorate",
    DegreeLevel.OTHER: "degree",
}


@dataclass(frozen=True)
class GraduatePlan:
    full_name: str
    email: str
    headline: str
    about: str
    university: str
    degree_level: DegreeLevel
    field_of_study: str
    graduation_year: int
    moved_to_finland_year: int  # came to study here
    skills: tuple[str, ...]  # ESCO skill URIs, in profile order
    languages: tuple[tuple[str, CEFRLevel], ...]
    municipalities: tuple[str, ...]
    remote_ok: bool
    work_permit: WorkPermit
    permit_end_date: date | None
    open_to_full_time: bool
    open_to_part_time: bool
    open_to_internship: bool
    open_to_trainee: bool
    visibility: Visibility


@dataclass(frozen=True)
class Placement:
    """Where and when a graduate studied, when the plan decides it rather than chance."""

    field_of_study: str
    university: str
    graduation_year: int


def universities_teaching(field: str) -> tuple[str, ...]:
    """The universities a field is taught at, repeated by how many of its students they have."""
    for keywords, universities in UNIVERSITIES_BY_FIELD:
        if any(keyword in field for keyword in keywords):
            return universities
    return (UH, HAAGA_HELIA, METROPOLIA)


def university_for(rng: random.Random, field: str) -> str:
    return rng.choice(universities_teaching(field))


def _degree(rng: random.Random, university: str) -> DegreeLevel:
    if university in RESEARCH_UNIVERSITIES:
        pairs = ((DegreeLevel.MASTER, 70), (DegreeLevel.BACHELOR, 15), (DegreeLevel.DOCTORATE, 15))
    else:
        pairs = ((DegreeLevel.BACHELOR, 78), (DegreeLevel.MASTER, 20), (DegreeLevel.OTHER, 2))
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _languages(
    rng: random.Random, origin: Origin, wanted: Languages
) -> tuple[tuple[str, CEFRLevel], ...]:
    if origin.english_native:
        english = CEFRLevel.NATIVE
    else:
        english = rng.choices((CEFRLevel.B2, CEFRLevel.C1, CEFRLevel.C2), weights=(3, 5, 2))[0]
    languages = {"en": english}
    if rng.random() < 0.65:
        levels = (CEFRLevel.A1, CEFRLevel.A2, CEFRLevel.B1, CEFRLevel.B2)
        languages["fi"] = rng.choices(levels, weights=(3, 3, 2, 1))[0]
    if origin.mother_tongue == "sv":
        languages["sv"] = CEFRLevel.NATIVE
    elif rng.random() < 0.12:
        languages["sv"] = rng.choice((CEFRLevel.A1, CEFRLevel.A2, CEFRLevel.B1))
    languages.setdefault(origin.mother_tongue, CEFRLevel.NATIVE)
    # Most people heading for a field where Finnish or Swedish is needed have learnt it.
    for code, level in wanted:
        if rng.random() < 0.8 and languages.get(code, 0) < level:
            languages[code] = rng.choice((level, min(CEFRLevel.C2, CEFRLevel(level + 1))))
    return tuple(languages.items())


def _permit(rng: random.Random, origin: Origin, today: date) -> tuple[WorkPermit, date | None]:
    if origin.eu_eea:
        return WorkPermit.EU_EEA_CITIZEN, None
    permit = rng.choices(
        (
            WorkPermit.PERMIT_ALLOWS_WORK,
            WorkPermit.POST_STUDY_JOB_SEEKER,
            WorkPermit.NEEDS_SPONSORSHIP,
        ),
        weights=(35, 35, 30),
    )[0]
    if permit is WorkPermit.POST_STUDY_JOB_SEEKER:
        return permit, today + timedelta(days=rng.randint(90, 700))
    return permit, None


def _headline(rng: random.Random, job: str, degree: str, field: str) -> str:
    headline = rng.choice(
        (
            f"{job[:1].upper()}{job[1:]} | {field} graduate",
            f"Aspiring {job} with a {degree} in {field}",
            f"{degree[:1].upper()}{degree[1:]} in {field}, looking for {job} roles",
        )
    )
    return headline[:160]


def plan_graduate(
    rng: random.Random,
    field_of_work: Field,
    role: Role,
    occupation: Occupation,
    skill_labels: dict[str, str],
    today: date,
    names: set[str],
    emails: set[str],
    placement: Placement | None = None,
) -> GraduatePlan:
    """A graduate of `field_of_work` heading for `role`; `placement` fixes their studies and
    makes them share their profile with career services (the rest is left to chance)."""
    while True:
        origin = rng.choice(ORIGINS)
        full_name = f"{rng.choice(origin.first_names)} {rng.choice(origin.last_names)}"
        if full_name not in names:
            break
    names.add(full_name)
    if placement is None:
        field = rng.choice(field_of_work.studies)
        university = university_for(rng, field)
        degree_level = _degree(rng, university)
        still_studying = rng.random() < 0.15
        graduation_year = (
            today.year + 1 if still_studying else today.year - rng.choice((0, 1, 1, 2, 3))
        )
    else:
        field, university = placement.field_of_study, placement.university
        degree_level = _degree(rng, university)
        graduation_year = placement.graduation_year
        still_studying = graduation_year > today.year
    optional_count = min(rng.randint(1, 3), len(occupation.optional))
    essential_count = min(rng.randint(6, 10) - optional_count, len(occupation.essential))
    skills = rng.sample(occupation.essential, essential_count) + rng.sample(
        occupation.optional, min(optional_count, len(occupation.optional))
    )
    if placement is not None:
        # Graduates of the filled-up classes studied for their role: they list some of the
        # skills its job ads name, as people who read those ads do.
        named = list(role_skills(role, occupation, skill_labels).essential)
        chosen = rng.sample(named, min(len(named), rng.randint(2, 4)))
        skills = chosen + [uri for uri in skills if uri not in chosen][: len(skills) - len(chosen)]
    rng.shuffle(skills)
    degree_word = DEGREE_WORDS[degree_level]
    strengths = ", ".join(skill_labels[uri] for uri in skills[:3])
    studies = "am finishing" if still_studying else "studied"
    about = (
        f"I {studies} {field} at {university} ({degree_level.value} level). I am looking for "
        f"work as {_article(role.name)} {role.name} in the Helsinki region. "
        f"Among my strengths: {strengths}."
    )
    region = list(HELSINKI_REGION)
    municipalities = tuple(
        rng.sample(region, rng.choices((1, 2, 3), weights=(4, 4, 2))[0], counts=(6, 4, 3, 1))
    )
    permit, permit_end = _permit(rng, origin, today)
    wanted = _local_languages(field_of_work, role)
    if placement is not None:  # studied for the role: its usual English level too
        wanted = _posting_languages(field_of_work, role)
    visibility = rng.choices(
        (Visibility.EMPLOYERS, Visibility.CAREER_SERVICES, Visibility.PRIVATE), weights=(70, 18, 12)
    )[0]
    if placement is not None and visibility is Visibility.PRIVATE:
        visibility = Visibility.CAREER_SERVICES
    return GraduatePlan(
        full_name=full_name,
        email=unique_email(full_name.replace(" ", "."), emails),
        headline=_headline(rng, role.name, degree_word, field),
        about=about,
        university=university,
        degree_level=degree_level,
        field_of_study=field,
        graduation_year=graduation_year,
        moved_to_finland_year=min(today.year, graduation_year - STUDY_YEARS[degree_level]),
        skills=tuple(skills),
        languages=_languages(rng, origin, wanted),
        municipalities=tuple(dict.fromkeys(municipalities)),
        remote_ok=rng.random() < 0.35,
        work_permit=permit,
        permit_end_date=permit_end,
        open_to_full_time=rng.random() < 0.9,
        open_to_part_time=rng.random() < 0.3,
        open_to_internship=still_studying or rng.random() < 0.25,
        open_to_trainee=rng.random() < 0.4,
        visibility=visibility,
    )


def _posting_languages(field: Field, role: Role) -> Languages:
    """The languages the field's most common posting for the role asks for, with levels."""
    return max(field.language_options(role), key=lambda option: option[1])[0]


def _local_languages(field: Field, role: Role) -> Languages:
    """Finnish or Swedish at the level the field's most common posting asks for, if it asks."""
    return tuple(
        (code, level) for code, level in _posting_languages(field, role) if code in ("fi", "sv")
    )


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
