"""Why a profile and an opportunity match: shared, related and missing skills, reasons, and the
fit band a person sees, all decided from the same facts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np

from talentmatch.recommender.features import TaxonomySpace
from talentmatch.recommender.types import Explanation, Reason, ReasonCode

# Two skills are close when the occupations that require them (essential) largely coincide,
# or when one is a narrower form of the other in ESCO's hierarchy.
RELATED_MIN = 0.5  # cosine of the two skills' essential-occupation sets
MIN_SHARED_OCCUPATIONS = 3  # "many of the same occupations"
HIERARCHY_CLOSENESS = 0.8
MAX_SHARED = 10
MAX_RELATED = 5
MAX_PAIRS_PER_SKILL = 2  # one of the person's skills is not named in more pairs than this
MAX_MISSING = 10

# Bands, from facts a person can check: the share of required skills met (a close skill counts
# half) and whether the opportunity's own requirements (languages, permit) are met.
THIN_PROFILE_SKILLS = 3  # fewer skills than this: no band, a prompt to add skills instead
STRONG_COVERAGE = 0.5
GOOD_COVERAGE = 0.25
CLOSE_CREDIT = 0.5
BLOCKING = frozenset(
    {ReasonCode.LANGUAGE_BELOW, ReasonCode.LANGUAGE_MISSING, ReasonCode.PERMIT_NEEDS_SPONSORSHIP}
)
BANDS = ("strong", "good", "some")


@dataclass(frozen=True)
class SkillList:
    """Skills as given (label) with their ESCO position in the taxonomy, None for free text."""

    required: tuple[tuple[str, int | None], ...] = ()
    nice: tuple[tuple[str, int | None], ...] = ()
    # every ESCO skill a typed phrase was softly linked to: (the phrase as typed, position,
    # whether the link is sure enough to call the skill shared)
    soft: tuple[tuple[str, int, bool], ...] = ()

    @property
    def all(self) -> tuple[tuple[str, int | None], ...]:
        return self.required + self.nice


class Closeness:
    """How close a profile's ESCO skills are to another skill, at the skill level.

    Close means a narrower form of the other in ESCO's hierarchy, or required together
    (essential) by at least MIN_SHARED_OCCUPATIONS of the same occupations, measured as the
    cosine of the two skills' occupation sets; two specific technologies are alternatives,
    close only through the hierarchy.
    """

    def __init__(self, profile: SkillList, space: TaxonomySpace) -> None:
        self._known = known_skills(profile)
        self._positions = np.array([p for _, p in self._known], dtype=np.int64)
        self._space = space
        self._counts = space.essential_counts[self._positions].astype(np.float32)
        self._tech = space.technologies[self._positions]
        # the profile's skills by position, and by each of their broader skills
        self._rows_of: dict[int, list[int]] = {}
        self._below: dict[int, list[int]] = {}
        for row, position in enumerate(self._positions.tolist()):
            self._rows_of.setdefault(position, []).append(row)
            for parent in space.broader.get(position, ()):
                self._below.setdefault(parent, []).append(row)
        binary = space.essential_binary
        self._occupations = np.zeros((len(self._known), binary.shape[1]), dtype=np.float32)
        for row, position in enumerate(self._positions):
            start, stop = binary.indptr[position], binary.indptr[position + 1]
            self._occupations[row, binary.indices[start:stop]] = 1.0
        self._cache: dict[int, np.ndarray] = {}
        self._best: dict[int, tuple[str, float]] = {}

    def prepare(self, positions) -> None:
        """Work out the closeness to many skills at once (one sparse product)."""
        todo = sorted({int(p) for p in positions} - self._cache.keys())
        if not todo or not len(self._positions):
            return
        space = self._space
        common = self._shared_occupations(np.asarray(todo, dtype=np.int64))
        sizes = np.sqrt(
            np.maximum(space.essential_counts[todo][:, None] * self._counts[None, :], 1.0)
        )
        values = np.where(common >= MIN_SHARED_OCCUPATIONS, common / sizes, 0.0)
        values[np.ix_(space.technologies[todo], self._tech)] = 0.0
        for at, position in enumerate(todo):
            row = values[at]
            for parent in space.broader.get(position, ()):
                for mine in self._rows_of.get(parent, ()):
                    row[mine] = max(row[mine], HIERARCHY_CLOSENESS)
            for mine in self._below.get(position, ()):
                row[mine] = max(row[mine], HIERARCHY_CLOSENESS)
            for mine in self._rows_of.get(position, ()):
                row[mine] = 1.0
            self._cache[position] = row
            best = int(np.argmax(row))
            self._best[position] = (self._known[best][0], float(row[best]))

    def _shared_occupations(self, todo: np.ndarray) -> np.ndarray:
        """(len(todo), known) counts of occupations requiring both, without scipy's overhead."""
        binary = self._space.essential_binary
        starts = binary.indptr[todo].astype(np.int64)
        lengths = binary.indptr[todo + 1].astype(np.int64) - starts
        total = int(lengths.sum())
        if not total:
            return np.zeros((len(todo), len(self._positions)), dtype=np.float32)
        ends = np.cumsum(lengths)
        offsets = np.repeat(starts - ends + lengths, lengths) + np.arange(total)
        taken = self._occupations[:, binary.indices[offsets]]  # known x all their occupations
        running = np.concatenate(
            [np.zeros((len(self._positions), 1), dtype=np.float32), np.cumsum(taken, axis=1)],
            axis=1,
        )
        return (running[:, ends] - running[:, ends - lengths]).T

    def related_mask(self, threshold: float = RELATED_MIN) -> np.ndarray:
        """Every ESCO skill at least `threshold` close to one of the profile's skills, as one
        boolean per skill position: `values` for all skills at once, for counting over many
        opportunities (gaps.py)."""
        space = self._space
        found = np.zeros(space.essential_binary.shape[0], dtype=bool)
        if not len(self._positions):
            return found
        common = np.asarray(space.essential_binary @ self._occupations.T)  # skills x known
        sizes = np.sqrt(np.maximum(space.essential_counts[:, None] * self._counts[None, :], 1.0))
        values = np.where(common >= MIN_SHARED_OCCUPATIONS, common / sizes, 0.0)
        values[np.ix_(space.technologies, self._tech)] = 0.0
        found = np.asarray((values >= threshold).any(axis=1))
        if HIERARCHY_CLOSENESS >= threshold:
            found[list(self._below)] = True  # broader than one of mine
            found[space.narrower_of(self._rows_of)] = True  # a narrower form of one of mine
        found[self._positions] = True
        return found

    def values(self, position: int) -> np.ndarray:
        """Closeness of each of the profile's skills to the skill at `position`, 0 … 1."""
        if position not in self._cache:
            self.prepare((position,))
        return self._cache.get(position, np.zeros(len(self._positions)))

    def best(self, position: int) -> tuple[str, float]:
        """The profile skill closest to the skill at `position`, and how close it is."""
        if not self._known:
            return "", 0.0
        if position not in self._best:
            self.prepare((position,))
        return self._best[position]

    @classmethod
    def between(cls, space: TaxonomySpace, first: int, second: int) -> float:
        """Closeness of two skills."""
        return float(cls(SkillList(required=(("", first),)), space).values(second)[0])


def known_skills(skills: SkillList) -> list[tuple[str, int]]:
    """The ESCO skills of a list that closeness is measured from, (label, position), once each
    and in order: every linked skill, softly linked phrases included."""
    known = [(label, p) for label, p in skills.all if p is not None]
    known += [(label, p) for label, p, _sure in skills.soft]
    return list(dict.fromkeys(known))


class SkillCloseness(Protocol):
    """What explain_skills asks of a closeness: work out these skills, the closest to one."""

    def prepare(self, positions: Iterable[int]) -> None: ...

    def best(self, position: int) -> tuple[str, float]: ...


class OpportunityCloseness:
    """Closeness of many profiles to one opportunity's skills, from one table.

    Closeness is symmetric (shared occupations, the hierarchy either way, technologies), so one
    Closeness built from the opportunity's skills and prepared for every profile skill met
    answers what a Closeness built from each profile would (`for_profile`), without building
    one per profile: ranking candidates explains hundreds of profiles for one job."""

    def __init__(self, opportunity: SkillList, space: TaxonomySpace) -> None:
        self._table = Closeness(opportunity, space)
        self._column = {position: rows[0] for position, rows in self._table._rows_of.items()}

    def for_profile(self, profile: SkillList) -> ProfileCloseness:
        return ProfileCloseness(self, known_skills(profile))

    def rows(self, positions: list[int]) -> np.ndarray:
        """(len(positions), opportunity's skills): closeness of each skill at `positions` to
        each of the opportunity's skills."""
        if not self._column:  # an opportunity naming no ESCO skill: nothing to be close to
            return np.zeros((len(positions), 0))
        self._table.prepare(positions)
        cache = self._table._cache
        return np.array([cache[position] for position in positions])

    def column(self, position: int) -> int:
        """Where the opportunity's skill at `position` is in `rows`."""
        return self._column[position]


class ProfileCloseness:
    """One profile's view of an OpportunityCloseness: the same answers as Closeness(profile)."""

    def __init__(self, table: OpportunityCloseness, known: list[tuple[str, int]]) -> None:
        self._table = table
        self._known = known
        self._values: np.ndarray | None = None

    def prepare(self, positions: Iterable[int]) -> None:
        if self._values is None:
            self._values = self._table.rows([position for _, position in self._known])

    def best(self, position: int) -> tuple[str, float]:
        if not self._known:
            return "", 0.0
        self.prepare(())
        assert self._values is not None  # nosec B101 (prepare sets it)
        values = self._values[:, self._table.column(position)]
        best = int(np.argmax(values))
        return self._known[best][0], float(values[best])


@lru_cache(maxsize=100_000)
def _key(label: str) -> str:
    return " ".join(label.casefold().split())


def explain_skills(
    profile: SkillList,
    opportunity: SkillList,
    space: TaxonomySpace,
    reasons: tuple[Reason, ...] = (),
    closeness: SkillCloseness | None = None,
) -> Explanation:
    """Labels are the opportunity's own words, pairs are (profile's skill, opportunity's skill)."""
    have_positions = {position for _, position in profile.all if position is not None}
    have_positions |= {position for _, position, sure in profile.soft if sure}
    have_free = {_key(label) for label, position in profile.all if position is None}
    shared, unmatched = [], []
    for label, position in opportunity.all:
        if (position is not None and position in have_positions) or _key(label) in have_free:
            if label not in shared:
                shared.append(label)
        else:
            unmatched.append((label, position))
    related_labels: set[str] = set()
    closeness = closeness or Closeness(profile, space)
    closeness.prepare(position for _, position in unmatched if position is not None)
    scored: list[tuple[float, int, tuple[str, str]]] = []
    for label, position in unmatched:
        if position is None or label in related_labels:
            continue
        mine, value = closeness.best(position)
        if value >= RELATED_MIN:
            scored.append((-value, len(scored), (mine, label)))
            related_labels.add(label)
    ordered = [pair for _, _, pair in sorted(scored)]
    # each of the person's skills once before any of them twice, so the few pairs shown vary
    seen: set[str] = set()
    first = []
    for pair in ordered:
        if pair[0] not in seen:
            seen.add(pair[0])
            first.append(pair)
    uses = {mine: 1 for mine, _ in first}
    related = list(first)
    for pair in ordered:
        if pair not in first and uses[pair[0]] < MAX_PAIRS_PER_SKILL:
            related.append(pair)
            uses[pair[0]] += 1
    required = {label for label, _ in opportunity.required}
    missing = list(dict.fromkeys(label for label, _ in unmatched if label in required))
    met = sum(1 for label in dict.fromkeys(required) if label in shared)
    close = sum(1 for label in dict.fromkeys(required) if label in related_labels)
    band = fit_band(
        profile_skills=len(profile.all),
        required=len(required),
        met=met,
        close=close,
        shared=len(shared),
        reasons=reasons,
    )
    nice_labels = [label for label, _ in opportunity.nice]
    offered = [label for label in dict.fromkeys(nice_labels) if label not in shared]
    return Explanation(
        offered_skills=tuple(offered[:MAX_MISSING]) if not required else (),
        shared_skills=tuple(shared[:MAX_SHARED]),
        related_skills=tuple(related[:MAX_RELATED]),
        missing_skills=tuple(missing[:MAX_MISSING]),
        reasons=reasons,
        band=band,
        required_count=len(required),
        required_met=met,
        required_close=close,
        missing_count=len(missing),
    )


def fit_band(
    *,
    profile_skills: int,
    required: int,
    met: int,
    close: int,
    shared: int,
    reasons: tuple[Reason, ...] = (),
) -> str | None:
    """'strong', 'good', 'some' or None, from checkable facts only.

    Strong needs at least one required skill met directly, half of them met (close skills
    counting half) and the opportunity's languages and permit met. An opportunity that names
    no required skills is at most a good fit, by the skills of it the person has. A profile with
    fewer than THIN_PROFILE_SKILLS skills gets no band at all.
    """
    if profile_skills < THIN_PROFILE_SKILLS:
        return None
    blocked = any(reason.code in BLOCKING for reason in reasons)
    if required:
        coverage = (met + CLOSE_CREDIT * close) / required
        if met and coverage >= STRONG_COVERAGE and not blocked:
            return "strong"
        if (met or close) and coverage >= GOOD_COVERAGE and not blocked:
            return "good"
        if met or close:
            return "some"
        return None
    if shared >= 2 and not blocked:
        return "good"
    if shared:
        return "some"
    if any(reason.code == ReasonCode.ELIGIBLE for reason in reasons):
        return "some"
    return None


def band_rank(band: str | None) -> int:
    """0 for strong … 3 for no band, to order matches the way their labels read."""
    return BANDS.index(band) if band in BANDS else len(BANDS)
