"""ESCO v1.1.1 as shipped in talentmatch/data/: skills, occupations, relations, ISCO groups."""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np
from scipy import sparse

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Skill:
    uri: str
    label_en: str
    label_fi: str
    label_sv: str
    alt_labels_en: tuple[str, ...]
    skill_type: str
    reuse_level: str
    description: str
    broader_uris: tuple[str, ...] = ()  # direct parents: skill groups or other skills
    broader_labels_en: tuple[str, ...] = ()  # labels of the parents that are skill groups
    collections: tuple[str, ...] = ()  # language, digital, green, transversal, …

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label in every language, preferred ones first, without duplicates."""
        found = (self.label_en, self.label_fi, self.label_sv, *self.alt_labels_en)
        return tuple(dict.fromkeys(label for label in found if label))


@dataclass(frozen=True)
class Occupation:
    uri: str
    code: str
    isco_group: str  # 4-digit unit group
    label_en: str
    label_fi: str
    label_sv: str
    alt_labels_en: tuple[str, ...]
    alt_labels_sv: tuple[str, ...]
    description: str

    @property
    def labels(self) -> tuple[str, ...]:
        found = (
            self.label_en,
            self.label_fi,
            self.label_sv,
            *self.alt_labels_en,
            *self.alt_labels_sv,
        )
        return tuple(dict.fromkeys(label for label in found if label))


@dataclass(frozen=True)
class IscoGroup:
    code: str
    level: int
    parent_code: str
    label_en: str
    label_fi: str
    label_sv: str
    description: str


@dataclass(frozen=True)
class Taxonomy:
    skills: tuple[Skill, ...]
    occupations: tuple[Occupation, ...]
    isco_groups: tuple[IscoGroup, ...]
    # occupation × skill: 2.0 essential, 1.0 optional (rows follow `occupations`, columns `skills`)
    occupation_skill: sparse.csr_matrix

    @cached_property
    def skill_index(self) -> dict[str, int]:
        return _index(self.skills)

    @cached_property
    def occupation_index(self) -> dict[str, int]:
        return _index(self.occupations)


def _index(items: tuple) -> dict[str, int]:
    return {item.uri: position for position, item in enumerate(items)}


def _rows(path: Path):
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part for part in cell.split("|") if part)


def load_taxonomy(data_dir: Path = DATA_DIR) -> Taxonomy:
    """Read the shipped ESCO extracts; about two seconds, so callers keep the result."""
    skills = tuple(
        Skill(
            uri=row["uri"],
            label_en=row["preferred_label_en"],
            label_fi=row["preferred_label_fi"],
            label_sv=row["preferred_label_sv"],
            alt_labels_en=_split(row["alt_labels_en"]),
            skill_type=row["skill_type"],
            reuse_level=row["reuse_level"],
            description=row["description_en"],
            broader_uris=_split(row["broader_uris"]),
            broader_labels_en=_split(row["broader_labels_en"]),
            collections=_split(row["collections"]),
        )
        for row in _rows(data_dir / "esco_skills.csv.gz")
    )
    occupations = tuple(
        Occupation(
            uri=row["uri"],
            code=row["esco_code"],
            isco_group=row["isco_group"],
            label_en=row["preferred_label_en"],
            label_fi=row["preferred_label_fi"],
            label_sv=row["preferred_label_sv"],
            alt_labels_en=_split(row["alt_labels_en"]),
            alt_labels_sv=_split(row["alt_labels_sv"]),
            description=row["description_en"],
        )
        for row in _rows(data_dir / "esco_occupations.csv.gz")
    )
    isco_groups = tuple(
        IscoGroup(
            code=row["code"],
            level=int(row["level"]),
            parent_code=row["parent_code"],
            label_en=row["preferred_label_en"],
            label_fi=row["preferred_label_fi"],
            label_sv=row["preferred_label_sv"],
            description=row["description_en"],
        )
        for row in _rows(data_dir / "esco_isco_groups.csv.gz")
    )
    skill_at = _index(skills)
    occupation_at = _index(occupations)
    rows, cols, weights = [], [], []
    for row in _rows(data_dir / "esco_occupation_skills.csv.gz"):
        rows.append(occupation_at[row["occupation_uri"]])
        cols.append(skill_at[row["skill_uri"]])
        weights.append(2.0 if row["relation"] == "essential" else 1.0)
    matrix = sparse.csr_matrix(
        (np.array(weights, dtype=np.float32), (rows, cols)),
        shape=(len(occupations), len(skills)),
    )
    return Taxonomy(skills, occupations, isco_groups, matrix)


def load_skill_aliases(taxonomy: Taxonomy, path: Path | None = None) -> dict[str, str]:
    """Everyday names ESCO lacks ("Excel", "AWS") -> the ESCO skill URI they stand for."""
    by_label = {skill.label_en: skill.uri for skill in taxonomy.skills}
    path = path or DATA_DIR / "skill_aliases.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return {row["alias"]: by_label[row["esco_label_en"]] for row in csv.DictReader(lines)}


@cache
def shipped_taxonomy() -> Taxonomy:
    """The taxonomy from talentmatch/data/, loaded once per process."""
    return load_taxonomy()
