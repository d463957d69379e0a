"""Why a profile and an opportunity match: shared, related and missing skills plus reasons."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from talentmatch.recommender.features import TaxonomySpace
from talentmatch.recommender.types import Explanation, Reason

RELATED_MIN = 0.35  # cosine of the two skills' ESCO occupation sets
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


def _key(label: str) -> str:
    return " ".join(label.casefold().split())


def explain_skills(
    profile: SkillList,
    opportunity: SkillList,
    space: TaxonomySpace,
    reasons: tuple[Reason, ...] = (),
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
    profile_known = [(label, p) for label, p in profile.all if p is not None]
    candidates = [(label, p) for label, p in unmatched if p is not None]
    if profile_known and candidates:
        mine = space.skill_occupations[[p for _, p in profile_known]]
        theirs = space.skill_occupations[[p for _, p in candidates]]
        closeness = (theirs @ mine.T).toarray()
        for row, (label, _) in enumerate(candidates):
            best = int(np.argmax(closeness[row]))
            if closeness[row, best] >= RELATED_MIN and label not in related_labels:
                related.append((profile_known[best][0], label))
                related_labels.add(label)
        order = np.argsort(-closeness.max(axis=1), kind="stable")
        rank = {candidates[i][0]: n for n, i in enumerate(order)}
        related.sort(key=lambda pair: rank[pair[1]])
    required = {label for label, _ in opportunity.required}
    missing = [label for label, _ in unmatched if label in required and label not in related_labels]
    return Explanation(
        shared_skills=tuple(shared[:MAX_SHARED]),
        related_skills=tuple(related[:MAX_RELATED]),
        missing_skills=tuple(dict.fromkeys(missing))[:MAX_MISSING],
        reasons=reasons,
    )
