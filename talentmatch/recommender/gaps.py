"""What would open more doors: over every open job of the fitted index, how many more would be
good or strong fits for a graduate (by the band rules they read, explain.fit_band) if they
reached the next CEFR level of a language, or had one skill their near-miss jobs ask for.

Counted from arrays built once per index (each job's required ESCO skills, its languages and
permit terms from the constraint table), not by ranking again per change: one profile over
10,000 jobs takes a few milliseconds (`flask recommender gaps`, benchmarks/).

Simplifications, on purpose: a skill added counts only where a job requires it (it is not
also taken to make other required skills close), and a typed skill no ESCO skill fits is
never offered as a gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from talentmatch.recommender.constraints import needs_sponsorship
from talentmatch.recommender.explain import (
    CLOSE_CREDIT,
    GOOD_COVERAGE,
    STRONG_COVERAGE,
    THIN_PROFILE_SKILLS,
    Closeness,
    SkillList,
    _key,
)
from talentmatch.recommender.types import ProfileDoc

LANGUAGES = ("fi", "sv", "en")  # each counted separately, one CEFR level up
TOP_SKILLS = 5
NEAR_MISS_MISSING = 2  # a near miss is at most this many required skills from a good fit
HIGHEST_LEVEL = 6  # C2; native (7) has no next level


@dataclass(frozen=True)
class LanguageOpening:
    code: str
    level_now: int  # 0 when the language is not on the profile
    level_next: int
    jobs: tuple[str, ...]  # the jobs that would become good or strong fits


@dataclass(frozen=True)
class SkillOpening:
    uri: str  # the ESCO skill
    label: str  # its ESCO label in English
    jobs: tuple[str, ...]


@dataclass(frozen=True)
class GapReport:
    thin_profile: bool  # too few skills for fit labels: a prompt, not numbers
    jobs_considered: int
    fits_now: int  # good or strong fits today
    languages: tuple[LanguageOpening, ...]
    skills: tuple[SkillOpening, ...]  # most jobs opened first


class JobFacts:
    """The jobs of a fitted index as arrays: rows, required skills, all skills."""

    def __init__(
        self,
        rows: np.ndarray,
        ids: Sequence[str],
        skill_lists: Sequence[SkillList],
        n_skills: int,
        uris: Sequence[str],
        labels: Sequence[str],
    ) -> None:
        self.rows = rows
        self.ids = list(ids)
        self.uris = uris
        self.labels = labels
        required_cells: list[tuple[int, int]] = []
        all_cells: list[tuple[int, int]] = []
        self.required_total = np.zeros(len(rows), dtype=np.int32)
        self.free_required: dict[str, list[int]] = {}
        self.free_all: dict[str, list[int]] = {}
        for at, skills in enumerate(skill_lists):
            required = dict.fromkeys(label for label, _ in skills.required)
            self.required_total[at] = len(required)
            seen: set[str] = set()
            for label, position in skills.required:
                if label in seen:
                    continue
                seen.add(label)
                if position is None:
                    self.free_required.setdefault(_key(label), []).append(at)
                else:
                    required_cells.append((at, position))
            seen = set()
            for label, position in skills.all:
                if label in seen:
                    continue
                seen.add(label)
                if position is None:
                    self.free_all.setdefault(_key(label), []).append(at)
                else:
                    all_cells.append((at, position))
        shape = (len(rows), n_skills)
        self.required = _counts(required_cells, shape)
        self.every = _counts(all_cells, shape)


def _counts(cells: list[tuple[int, int]], shape: tuple[int, int]) -> sparse.csr_matrix:
    if not cells:
        return sparse.csr_matrix(shape, dtype=np.float32)
    at, position = zip(*cells, strict=True)
    data = np.ones(len(cells), dtype=np.float32)
    matrix = sparse.csr_matrix((data, (at, position)), shape=shape)
    matrix.sum_duplicates()
    return matrix


def fits(
    met: np.ndarray,
    close: np.ndarray,
    total: np.ndarray,
    shared: np.ndarray,
    blocked: np.ndarray,
) -> np.ndarray:
    """Good or strong, as explain.fit_band has it, for many jobs at once."""
    coverage = (met + CLOSE_CREDIT * close) / np.maximum(total, 1)
    with_required = total > 0
    good = with_required & ((met > 0) | (close > 0)) & (coverage >= GOOD_COVERAGE)
    strong = with_required & (met > 0) & (coverage >= STRONG_COVERAGE)
    without = ~with_required & (shared >= 2)
    return (good | strong | without) & ~blocked


@dataclass
class Situation:
    """One profile against every job: what it meets now, and what stops it."""

    met: np.ndarray
    close: np.ndarray
    shared: np.ndarray
    close_only: np.ndarray  # per skill: close to the profile but not on it
    have: np.ndarray  # per skill
    levels: np.ndarray  # per language column of the constraint table
    permit_short: np.ndarray
    allowed: np.ndarray  # shown whatever the languages (filters, hidden, deadline, kind)
    languages_met_filter: bool

    def short(self, minimums: np.ndarray, levels: np.ndarray | None = None) -> np.ndarray:
        """Per job: some language requirement above `levels` (the profile's by default)."""
        levels = self.levels if levels is None else levels
        if not minimums.shape[1]:
            return np.zeros(len(minimums), dtype=bool)
        return np.asarray((minimums > levels[None, :]).any(axis=1))

    def shown(self, short: np.ndarray) -> np.ndarray:
        return self.allowed & ~short if self.languages_met_filter else self.allowed


def situation(
    facts: JobFacts,
    profile: ProfileDoc,
    skills: SkillList,
    closeness: Closeness,
    language_columns: dict[str, int],
    sponsors: np.ndarray,
    allowed: np.ndarray,
    languages_met_filter: bool,
) -> Situation:
    n_skills = facts.required.shape[1]
    have = np.zeros(n_skills, dtype=bool)
    positions = [p for _, p in skills.all if p is not None]
    positions += [p for _, p, sure in skills.soft if sure]
    have[positions] = True
    free = {_key(label) for label, p in skills.all if p is None}
    met = np.asarray(facts.required @ have.astype(np.float32)).ravel()
    shared = np.asarray(facts.every @ have.astype(np.float32)).ravel()
    for key in free:
        for at in facts.free_required.get(key, ()):
            met[at] += 1
        for at in facts.free_all.get(key, ()):
            shared[at] += 1
    close_only = closeness.related_mask() & ~have
    close = np.asarray(facts.required @ close_only.astype(np.float32)).ravel()
    levels = np.zeros(len(language_columns), dtype=np.int8)
    for spoken in profile.languages:
        column = language_columns.get(spoken.code.lower())
        if column is not None:
            levels[column] = max(levels[column], spoken.level)
    return Situation(
        met=met,
        close=close,
        shared=shared,
        close_only=close_only,
        have=have,
        levels=levels,
        permit_short=(sponsors == 0) & needs_sponsorship(profile),
        allowed=allowed,
        languages_met_filter=languages_met_filter,
    )


def report(
    facts: JobFacts,
    now: Situation,
    minimums: np.ndarray,
    language_columns: dict[str, int],
    profile: ProfileDoc,
    skills: SkillList,
    top_skills: int = TOP_SKILLS,
) -> GapReport:
    total = facts.required_total
    if len(skills.all) < THIN_PROFILE_SKILLS:
        return GapReport(True, int(now.allowed.sum()), 0, (), ())
    short = now.short(minimums)
    fit_now = fits(now.met, now.close, total, now.shared, short | now.permit_short)
    fit_now &= now.shown(short)
    languages = tuple(
        _language(facts, now, minimums, language_columns, profile, code, fit_now)
        for code in LANGUAGES
    )
    return GapReport(
        thin_profile=False,
        jobs_considered=int(now.allowed.sum()),
        fits_now=int(fit_now.sum()),
        languages=tuple(opening for opening in languages if opening is not None),
        skills=_skills(facts, now, total, short, fit_now, top_skills),
    )


def _level_of(profile: ProfileDoc, code: str) -> int:
    return max((s.level for s in profile.languages if s.code.lower() == code), default=0)


def _language(
    facts: JobFacts,
    now: Situation,
    minimums: np.ndarray,
    language_columns: dict[str, int],
    profile: ProfileDoc,
    code: str,
    fit_now: np.ndarray,
    level: int | None = None,
) -> LanguageOpening | None:
    """The jobs a language at `level` (one above the profile's when None) would open."""
    have = _level_of(profile, code)
    if have >= HIGHEST_LEVEL:
        return None
    target = have + 1 if level is None else level
    column = language_columns.get(code)
    opened = np.zeros(len(facts.rows), dtype=bool)
    if column is not None and target > have:
        levels = now.levels.copy()
        levels[column] = max(levels[column], target)
        short = now.short(minimums, levels)
        after = fits(now.met, now.close, facts.required_total, now.shared, short | now.permit_short)
        opened = after & now.shown(short) & ~fit_now
    return LanguageOpening(code, have, target, _ids(facts, opened))


def _skills(
    facts: JobFacts,
    now: Situation,
    total: np.ndarray,
    short: np.ndarray,
    fit_now: np.ndarray,
    top_skills: int,
) -> tuple[SkillOpening, ...]:
    blocked = short | now.permit_short
    near = now.shown(short) & ~blocked & ~fit_now & (total > 0)
    # a near miss already shares some of its required skills (met or close), so it is in the
    # graduate's field, and one or two more of them would make it a good fit; a job asking
    # for skills the graduate has nothing near is no near miss, however few it asks for
    needed = np.ceil(GOOD_COVERAGE * total - now.met - CLOSE_CREDIT * now.close - 1e-9)
    near &= (now.met + now.close > 0) & (needed <= NEAR_MISS_MISSING)
    rows = np.flatnonzero(near)
    if not len(rows):
        return ()
    sub = facts.required[rows].tocoo()
    keep = ~now.have[sub.col]
    at, position, count = rows[sub.row[keep]], sub.col[keep], sub.data[keep]
    if not len(at):
        return ()
    met = now.met[at] + count
    close = now.close[at] - count * now.close_only[position]
    opened = fits(met, close, total[at], now.shared[at], np.zeros(len(at), dtype=bool))
    at, position = at[opened], position[opened]
    if not len(at):
        return ()
    counted = np.bincount(position, minlength=facts.required.shape[1])
    best = np.flatnonzero(counted)
    order = np.lexsort((best, -counted[best]))[:top_skills]
    return tuple(
        SkillOpening(
            facts.uris[int(skill)],
            facts.labels[int(skill)],
            tuple(facts.ids[int(row)] for row in sorted(set(at[position == skill].tolist()))),
        )
        for skill in best[order]
    )


def _ids(facts: JobFacts, chosen: np.ndarray) -> tuple[str, ...]:
    return tuple(facts.ids[int(at)] for at in np.flatnonzero(chosen))


def opened_by_language(
    facts: JobFacts,
    now: Situation,
    minimums: np.ndarray,
    language_columns: dict[str, int],
    profile: ProfileDoc,
    code: str,
    level: int,
) -> tuple[str, ...]:
    """The jobs reaching `level` in language `code` would open (for ranking courses)."""
    short = now.short(minimums)
    fit_now = fits(
        now.met, now.close, facts.required_total, now.shared, short | now.permit_short
    ) & now.shown(short)
    found = _language(facts, now, minimums, language_columns, profile, code, fit_now, level)
    return found.jobs if found is not None else ()


def opened_by_skill(
    facts: JobFacts, now: Situation, minimums: np.ndarray, position: int
) -> tuple[str, ...]:
    """The jobs having the skill at `position` would open (any job, not only near misses,
    since a course teaches the skill whatever else is missing)."""
    total = facts.required_total
    short = now.short(minimums)
    blocked = short | now.permit_short
    fit_now = fits(now.met, now.close, total, now.shared, blocked) & now.shown(short)
    if now.have[position]:
        return ()
    column = facts.required[:, position].toarray().ravel()
    met = now.met + column
    close = now.close - column * now.close_only[position]
    after = fits(met, close, total, now.shared, blocked) & now.shown(short)
    return _ids(facts, after & ~fit_now & (column > 0))
