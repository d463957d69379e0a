"""ESCO skills: import from the shipped extract, autocomplete, resolving what people pick."""

from __future__ import annotations

import csv
import gzip
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from talentmatch.extensions import db
from talentmatch.models import EscoSkill
from talentmatch.recommender import language
from talentmatch.services.errors import InvalidInput
from talentmatch.services.transaction import unit_of_work
from talentmatch.url_converters import MAX_DATABASE_ID

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SKILLS_FILE = DATA_DIR / "esco_skills.csv.gz"
MAX_LABEL_LENGTH = 300
MAX_SKILLS = 60
LABEL_CANDIDATES = 400
LINKS = 10
# A linked skill this sure ranks right after exact labels ("Pyhton" -> Python); below
# LINK_MIN_CONFIDENCE a link is only a tie-breaker among label matches.
LINK_CONFIDENCE = 0.7
LINK_MIN_CONFIDENCE = 0.4


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


@dataclass(frozen=True)
class SkillMatch:
    """An autocomplete answer: the skill, and the label of it that the query matched."""

    skill: EscoSkill
    matched: str


@dataclass(frozen=True)
class _Query:
    """What was typed, ready for comparing with labels."""

    typed: str  # NFKC, spaces collapsed, case kept
    lowered: str
    patterns: tuple[re.Pattern[str], ...]  # label tiers 1, 2 and 4 below
    as_name: re.Pattern[str]  # the query as a whole word, capitalised: "Excel", "Python"

    @classmethod
    def of(cls, text: str) -> _Query:
        typed = " ".join(unicodedata.normalize("NFKC", text).split())[:100]
        lowered = typed.lower()
        word = re.escape(lowered)
        patterns = (
            re.compile(rf"{word}(?!\w)"),
            re.compile(rf"(?<!\w){word}(?!\w)"),
            re.compile(rf"(?<!\w){word}"),
        )
        as_name = re.compile(rf"(?<!\w){word}(?!\w)", re.IGNORECASE)
        return cls(typed, lowered, patterns, as_name)

    def tier(self, label: str) -> int | None:
        """0 the label itself, 1 its first words, 2 whole words inside it, 3 its beginning,
        4 the beginning of a word inside it, 5 anywhere; None when absent."""
        lowered = label.lower()
        if self.lowered not in lowered:
            return None
        if lowered == self.lowered:
            return 0
        whole_start, whole, word_start = self.patterns
        if whole_start.match(lowered):
            return 1
        if whole.search(lowered):
            return 2
        if lowered.startswith(self.lowered):
            return 3
        if word_start.search(lowered):
            return 4
        return 5


def _labels(skill: EscoSkill, locale: str) -> list[tuple[str, bool, bool]]:
    """(label, preferred, in the requested language) for every label of the skill."""
    alternatives = [(alt, False, locale == "en") for alt in skill.alt_labels_en.split("|") if alt]
    return [
        (skill.label_en, True, locale == "en"),
        (skill.label_fi, True, locale == "fi"),
        (skill.label_sv, True, locale == "sv"),
        *alternatives,
    ]


def _best_label(skill: EscoSkill, query: _Query, locale: str) -> tuple[tuple, str] | None:
    """How well the skill's best label matches, as a sort key, and that label."""
    best: tuple[tuple, str] | None = None
    for label, preferred, requested in _labels(skill, locale):
        tier = query.tier(label) if label else None
        if tier is None:
            continue
        # ESCO labels are lower case but for names: a query that is a capitalised word of the
        # label ("Microsoft Office Excel") names a tool, not the verb ("performers excel").
        is_name = tier <= 2 and _names_in(label, query)
        key = (tier, not is_name, not preferred, not requested, len(label))
        if best is None or key < best[0]:
            best = (key, label)
    return best


def _names_in(label: str, query: _Query) -> bool:
    return any(found.group(0)[0].isupper() for found in query.as_name.finditer(label))


def _label_candidates(query: _Query) -> list[EscoSkill]:
    escaped = _escape_like(query.lowered)
    label_start = EscoSkill.search_text.like(f"%\n{escaped}%", escape="\\")
    return list(
        db.session.scalars(
            select(EscoSkill)
            .where(EscoSkill.search_text.like(f"%{escaped}%", escape="\\"))
            # Labels that begin with the query first, so a common fragment keeps them.
            .order_by(case((label_start, 0), else_=1), EscoSkill.id)
            .limit(LABEL_CANDIDATES)
        )
    )


def _linked(query: _Query, k: int) -> dict[str, float]:
    """ESCO skills the engine's linker ties to the query; nothing while its models build."""
    if not language.is_built():
        return {}
    return dict(language.language_models().skills.link(query.typed, k=k))


def autocomplete(query: str, limit: int = 10, locale: str = "en") -> list[SkillMatch]:
    """ESCO skills for what is being typed into a skill picker, best first.

    Exact labels (preferred or alternative, any language) come first, then skills the linker
    is confident of (a typo, an inflection), then other label matches (whole words before
    parts of words) with the linker's confidence breaking ties, then less sure links.
    `locale` (en, fi, sv) prefers labels in that language and names linked skills in it.
    """
    parsed = _Query.of(query)
    if len(parsed.lowered) < 2:
        return []
    links = _linked(parsed, k=max(limit, LINKS))
    candidates = {skill.id: skill for skill in _label_candidates(parsed)}
    known = {skill.uri for skill in candidates.values()}
    missing = [uri for uri in links if uri not in known]
    if missing:
        for skill in db.session.scalars(select(EscoSkill).where(EscoSkill.uri.in_(missing))):
            candidates[skill.id] = skill
    ranked: list[tuple[tuple, SkillMatch]] = []
    for skill in candidates.values():
        confidence = links.get(skill.uri, 0.0)
        best = _best_label(skill, parsed, locale)
        if best is not None and best[0][0] == 0:
            key: tuple = (0, best[0][1:], -confidence)
        elif confidence >= LINK_CONFIDENCE:
            key = (1, -confidence)
        elif best is not None:
            key = (2, best[0][:2], -confidence, best[0][2:])
        elif confidence >= LINK_MIN_CONFIDENCE:
            key = (3, -confidence)
        else:
            continue
        matched = best[1] if best is not None else skill.label(locale)
        ranked.append(((*key, skill.label_en), SkillMatch(skill, matched)))
    ranked.sort(key=lambda item: item[0])
    return [match for _key, match in ranked[:limit]]


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
        # ASCII digits only ("²" is a digit to Python), and no id beyond what a row can have.
        if not (skill_id.isascii() and skill_id.isdigit()) or int(skill_id) > MAX_DATABASE_ID:
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
