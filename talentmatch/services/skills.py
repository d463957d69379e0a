"""ESCO skills: import from the shipped extract, autocomplete, resolving what people pick."""

from __future__ import annotations

import csv
import gzip
import re
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import EscoSkill
from talentmatch.services.errors import InvalidInput
from talentmatch.services.transaction import unit_of_work

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SKILLS_FILE = DATA_DIR / "esco_skills.csv.gz"
MAX_LABEL_LENGTH = 300
MAX_SKILLS = 60


@dataclass(frozen=True)
class SkillChoice:
    """An ESCO skill (`skill_id` set) or free text kept when no ESCO skill fits."""

    skill_id: int | None
    label: str

    @property
    def token(self) -> str:
        """How a choice travels through a form: `esco:<id>:<label>` or `text:<label>`."""
        if self.skill_id is None:
            return f"text:{self.label}"
        return f"esco:{self.skill_id}:{self.label}"

    @property
    def is_esco(self) -> bool:
        return self.skill_id is not None


@dataclass(frozen=True)
class SkillsInput:
    """A skill picker's raw values: picked tokens plus what was typed into its text box."""

    tokens: tuple[str, ...] = ()
    typed: str = ""

    @classmethod
    def of(cls, choices: list[SkillChoice]) -> SkillsInput:
        return cls(tokens=tuple(choice.token for choice in choices))


def search_text_for(labels: list[str]) -> str:
    """Labels lower-cased, one per line, with newlines around so whole labels can be matched."""
    cleaned = [label.strip().lower() for label in labels if label.strip()]
    return "\n" + "\n".join(dict.fromkeys(cleaned)) + "\n"


def import_esco(path: Path = SKILLS_FILE, batch_size: int = 2000) -> int:
    """Load ESCO skills from the shipped extract; skills already present are left alone."""
    existing = set(db.session.scalars(select(EscoSkill.uri)))
    added = 0
    with unit_of_work(), gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        batch: list[dict[str, str]] = []
        for row in csv.DictReader(handle):
            if row["uri"] in existing:
                continue
            alt = [a for a in row["alt_labels_en"].split("|") if a]
            labels = [
                row["preferred_label_en"],
                row["preferred_label_fi"],
                row["preferred_label_sv"],
            ]
            batch.append(
                {
                    "uri": row["uri"],
                    "label_en": row["preferred_label_en"][:MAX_LABEL_LENGTH],
                    "label_fi": row["preferred_label_fi"][:MAX_LABEL_LENGTH],
                    "label_sv": row["preferred_label_sv"][:MAX_LABEL_LENGTH],
                    "alt_labels_en": "|".join(alt),
                    "skill_type": row["skill_type"],
                    "search_text": search_text_for(labels + alt),
                }
            )
            if len(batch) >= batch_size:
                db.session.execute(EscoSkill.__table__.insert(), batch)
                added += len(batch)
                batch = []
        if batch:
            db.session.execute(EscoSkill.__table__.insert(), batch)
            added += len(batch)
    return added


def count_skills() -> int:
    return db.session.scalar(select(func.count()).select_from(EscoSkill)) or 0


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _rank(skill: EscoSkill, query: str) -> tuple[int, int]:
    labels = [line for line in skill.search_text.split("\n") if line]
    best = (9, 999)
    for label in labels:
        if label == query:
            score = 0
        elif label.startswith(query):
            score = 1
        elif re.search(r"(^|[\s(/-])" + re.escape(query), label):
            score = 2
        elif query in label:
            score = 3
        else:
            continue
        # Preferred labels beat alternative ones; shorter labels are the more general skill.
        preferred = label in (
            skill.label_en.lower(),
            skill.label_fi.lower(),
            skill.label_sv.lower(),
        )
        best = min(best, (score * 2 + (0 if preferred else 1), len(label)))
    return best


def search_skills(query: str, limit: int = 10) -> list[EscoSkill]:
    """ESCO skills whose label in any language contains `query`, best matches first."""
    query = " ".join(query.lower().split())[:100]
    if len(query) < 2:
        return []
    pattern = f"%{_escape_like(query)}%"
    candidates = db.session.scalars(
        select(EscoSkill).where(EscoSkill.search_text.like(pattern, escape="\\")).limit(400)
    ).all()
    return sorted(candidates, key=lambda s: (_rank(s, query), s.label_en))[:limit]


def find_exact(label: str) -> EscoSkill | None:
    """The ESCO skill with exactly this label (any language, any case), if there is one."""
    needle = "\n" + " ".join(label.lower().split()) + "\n"
    matches = db.session.scalars(
        select(EscoSkill)
        .where(EscoSkill.search_text.like(f"%{_escape_like(needle)}%", escape="\\"))
        .order_by(EscoSkill.id)
        .limit(5)
    ).all()
    lowered = needle.strip()
    for skill in matches:
        if lowered in (skill.label_en.lower(), skill.label_fi.lower(), skill.label_sv.lower()):
            return skill
    return matches[0] if matches else None


def parse_token(token: str) -> SkillChoice:
    kind, _sep, rest = token.partition(":")
    if kind == "esco":
        skill_id, _sep, label = rest.partition(":")
        if not skill_id.isdigit():
            raise ValueError(token)
        return SkillChoice(int(skill_id), label)
    if kind == "text":
        return SkillChoice(None, rest)
    raise ValueError(token)


def resolve(tokens: list[str], typed: str = "", field: str = "skills") -> list[SkillChoice]:
    """Check picked skills against ESCO and turn typed text into skills.

    `tokens` come from the picker (`esco:<id>:<label>` / `text:<label>`); `typed` is what was left
    in the text box, comma- or line-separated, resolved to ESCO where a label matches exactly.
    Unknown skill ids and over-long labels are refused with a message for `field`.
    """
    choices: list[SkillChoice] = []
    for token in tokens:
        try:
            choices.append(parse_token(token))
        except ValueError:
            raise InvalidInput(_("Unknown skill: please pick one from the list."), field) from None
    for part in re.split(r"[,;\n]", typed):
        label = " ".join(part.split())
        if label:
            skill = find_exact(label)
            choices.append(
                SkillChoice(skill.id, skill.label_en) if skill else SkillChoice(None, label)
            )

    esco_ids = {c.skill_id for c in choices if c.skill_id is not None}
    known = {
        s.id: s for s in db.session.scalars(select(EscoSkill).where(EscoSkill.id.in_(esco_ids)))
    }
    if esco_ids - known.keys():
        raise InvalidInput(_("Unknown skill: please pick one from the list."), field)
    resolved: list[SkillChoice] = []
    seen: set[object] = set()
    for choice in choices:
        if choice.skill_id is not None:
            key: object = choice.skill_id
            label = known[choice.skill_id].label_en
        else:
            label = " ".join(choice.label.split())
            key = label.lower()
            if not label:
                continue
            if len(label) > 100:
                raise InvalidInput(_("A skill can be at most 100 characters long."), field)
        if key not in seen:
            seen.add(key)
            resolved.append(SkillChoice(choice.skill_id, label))
    if len(resolved) > MAX_SKILLS:
        raise InvalidInput(_("List at most %(n)d skills.", n=MAX_SKILLS), field)
    return resolved


def skills_by_ids(ids: list[int]) -> list[EscoSkill]:
    return list(db.session.scalars(select(EscoSkill).where(EscoSkill.id.in_(ids))))
