"""ESCO occupations the demo jobs and profiles are built from, read from talentmatch/data/."""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
OCCUPATIONS_FILE = DATA_DIR / "esco_occupations.csv.gz"
OCCUPATION_SKILLS_FILE = DATA_DIR / "esco_occupation_skills.csv.gz"

# ISCO-08 major groups 1-3: managers, professionals, technicians and associate professionals.
GRADUATE_MAJOR_GROUPS = ("1", "2", "3")
MIN_ESSENTIAL = 6
MIN_OPTIONAL = 3


@dataclass(frozen=True)
class Occupation:
    uri: str
    label: str
    isco_group: str  # 4-digit unit group
    description: str
    essential: tuple[str, ...]  # skill URIs
    optional: tuple[str, ...]

    @property
    def title(self) -> str:
        """The label as a title: first letter up, acronyms such as 'ICT' left alone."""
        return self.label[:1].upper() + self.label[1:]

    @property
    def is_manager(self) -> bool:
        return self.isco_group.startswith("1")


def _open(path: Path):
    return gzip.open(path, "rt", encoding="utf-8", newline="")


def load_occupations(known_skill_uris: set[str]) -> list[Occupation]:
    """Occupations for graduates with enough essential and optional skills that are loaded."""
    wanted: dict[str, dict[str, str]] = {}
    with _open(OCCUPATIONS_FILE) as handle:
        for row in csv.DictReader(handle):
            if row["isco_group"][:1] in GRADUATE_MAJOR_GROUPS and row["description_en"]:
                wanted[row["uri"]] = row
    skills: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    # This file has over 120,000 lines and is read on every start, so it is split by hand: its
    # columns (two URIs, the relation, the skill type) never contain commas or quotes.
    with _open(OCCUPATION_SKILLS_FILE) as handle:
        header = handle.readline().rstrip("\n").split(",")
        occ, skill, relation = (
            header.index(name) for name in ("occupation_uri", "skill_uri", "relation")
        )
        for line in handle:
            row = line.rstrip("\n").split(",")
            if row[occ] in wanted and row[skill] in known_skill_uris:
                skills[row[occ]][row[relation]].append(row[skill])
    occupations = []
    for uri in sorted(wanted):
        essential, optional = skills[uri]["essential"], skills[uri]["optional"]
        if len(essential) < MIN_ESSENTIAL or len(optional) < MIN_OPTIONAL:
            continue
        row = wanted[uri]
        occupations.append(
            Occupation(
                uri=uri,
                label=row["preferred_label_en"],
                isco_group=row["isco_group"],
                description=row["description_en"],
                essential=tuple(essential),
                optional=tuple(optional),
            )
        )
    return occupations


def by_isco_prefix(occupations: list[Occupation]) -> dict[str, list[Occupation]]:
    """Occupations indexed by every prefix of their ISCO code (1 to 4 digits)."""
    index: dict[str, list[Occupation]] = defaultdict(list)
    for occupation in occupations:
        for length in range(1, 5):
            index[occupation.isco_group[:length]].append(occupation)
    return index


# What a graduate heading for an ISCO sub-major group most likely studied, most specific first.
FIELDS_OF_STUDY = (
    ("251", ("Computer Science", "Software Engineering", "Information Technology")),
    ("252", ("Computer Science", "Information Networks", "Cyber Security")),
    ("25", ("Computer Science", "Information Technology")),
    ("35", ("Information Technology", "ICT Engineering")),
    ("211", ("Physics", "Chemistry", "Geosciences", "Mathematics")),
    ("212", ("Mathematics and Statistics", "Data Science")),
    ("213", ("Biology", "Environmental Sciences", "Agricultural Sciences")),
    ("214", ("Mechanical Engineering", "Civil Engineering", "Industrial Engineering")),
    ("215", ("Electrical Engineering", "Automation and Electrical Engineering")),
    ("216", ("Architecture", "Design", "Landscape Architecture")),
    ("21", ("Engineering", "Natural Sciences")),
    ("31", ("Engineering Technology", "Mechanical Engineering", "Electrical Engineering")),
    ("22", ("Health Sciences", "Nursing", "Pharmacy")),
    ("32", ("Health Care", "Nursing", "Biomedical Laboratory Science")),
    ("23", ("Education", "Educational Sciences")),
    ("241", ("Finance", "Accounting", "Economics")),
    ("242", ("Business Administration", "Management", "Human Resource Management")),
    ("243", ("Marketing", "International Business", "Communication")),
    ("24", ("Business Administration", "Economics")),
    ("261", ("Law",)),
    ("262", ("Information Studies", "Cultural Heritage")),
    ("263", ("Social Sciences", "Economics", "Psychology")),
    ("264", ("Journalism", "Languages and Literature", "Communication")),
    ("265", ("Fine Arts", "Music", "Theatre and Dance", "Film and Media")),
    ("26", ("Social Sciences", "Humanities")),
    ("33", ("Business Administration", "International Business", "Logistics")),
    ("34", ("Social Services", "Culture and Arts", "Sports and Leisure")),
    ("1", ("Business Administration", "Industrial Engineering and Management", "Management")),
)


def fields_of_study(occupation: Occupation) -> tuple[str, ...]:
    for prefix, fields in FIELDS_OF_STUDY:
        if occupation.isco_group.startswith(prefix):
            return fields
    return ("Business Administration",)
