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

# ISCO-08 major groups 1-5: managers, professionals, technicians and associate professionals,
# and the clerical and service work (travel agents, cooks, tour guides) some graduates start in.
GRADUATE_MAJOR_GROUPS = ("1", "2", "3", "4", "5")
MIN_ESSENTIAL = 6
MIN_OPTIONAL = 1


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


def by_label(occupations: list[Occupation]) -> dict[str, Occupation]:
    """Occupations by their ESCO preferred label, the name the demo fields use."""
    return {occupation.label: occupation for occupation in occupations}
