"""Why a profile and an opportunity match: shared, related and missing skills plus reasons."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from talentmatch.recommender.features import TaxonomySpace
from talentmatch.recommender.types import Explanation, Reason

RELATED_MIN = 0.4  # cosine of the ISCO unit groups of the two skills' ESCO occupations
MAX_SHARED = 10
MAX_RELATED = 5
MAX_MISSING = 10


@dataclass(frozen=True)
class SkillList:
    """Skills as given (label) with their ESCO position in the taxonomy, None for free text."""

    required: tuple[tuple[str, int | None], ...] = ()
    nice: tuple[tuple[str, int | None], ...] = ()

    @property
    def all(self) -> tuple[tuple[str, int | None], ...]:
        return self.required + self.nice


class Closeness:
    """How close a profile's ESCO skills are to another skill, through the occupations."""

    def __init__(self, profile: SkillList, space: TaxonomySpace) -> None:
        self._known = [(label, p) for label, p in profile.all if p is not None]
        self._rows = space.skill_groups
        self._dense = np.zeros((len(self._known), self._rows.shape[1]), dtype=np.float32)
        indptr, indices, data = self._rows.indptr, self._rows.indices, self._rows.data
        for row, (_, position) in enumerate(self._known):
            start, stop = indptr[position], indptr[position + 1]
            self._dense[row, indices[start:stop]] = data[start:stop]

    def best(self, position: int) -> tuple[str, float]:
        """The profile skill closest to the skill at `position`, and the cosine between them."""
        if not self._known:
            return "", 0.0
        start, stop = self._rows.indptr[position], self._rows.indptr[position + 1]
        values = self._dense[:, self._rows.indices[start:stop]] @ self._rows.data[start:stop]
        best = int(np.argmax(values))
        return self._known[best][0], float(values[best])


def _key(label: str) -> str:
    return " ".join(label.casefold().split())


def explain_skills(
    profile: SkillList,
    opportunity: SkillList,
    space: TaxonomySpace,
    reasons: tuple[Reason, ...] = (),
    closeness: Closeness | None = None,
) -> Explanation:
    """Labels are the opportunity's own words, pairs are (profile's skill, opportunity's skill)."""
    have_positions = {position for _, position in profile.all if position is not None}
    have_free = {_key(label) for label, position in profile.all if position is None}
    shared, unmatched = [], []
    for label, position in opportunity.all:
        if (position is not None and position in have_positions) or _key(label) in have_free:
            if label not in shared:
                shared.append(label)
        else:
            unmatched.append((label, position))
    related: list[tuple[str, str]] = []
    related_labels: set[str] = set()
    closeness = closeness or Closeness(profile, space)
    scored = []
    for label, position in unmatched:
        if position is None or label in related_labels:
            continue
        mine, value = closeness.best(position)
        if value >= RELATED_MIN:
            scored.append((-value, len(scored), (mine, label)))
            related_labels.add(label)
    related = [pair for _, _, pair in sorted(scored)]
    required = {label for label, _ in opportunity.required}
    missing = [label for label, _ in unmatched if label in required]
    return Explanation(
        shared_skills=tuple(shared[:MAX_SHARED]),
        related_skills=tuple(related[:MAX_RELATED]),
        missing_skills=tuple(dict.fromkeys(missing))[:MAX_MISSING],
        reasons=reasons,
    )
