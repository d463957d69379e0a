"""The engine's language layer, built once per process from the shipped ESCO data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from talentmatch.recommender.skills import SkillNormaliser
from talentmatch.recommender.taxonomy import load_skill_aliases, shipped_taxonomy
from talentmatch.recommender.text import fold
from talentmatch.recommender.titles import TitleNormaliser, shipped_training_titles


@dataclass(frozen=True)
class LanguageModels:
    skills: SkillNormaliser
    titles: TitleNormaliser


@cache
def language_models() -> LanguageModels:
    """Skill and title normalisers from talentmatch/data/; artefacts re-attach these on load."""
    taxonomy = shipped_taxonomy()
    return LanguageModels(
        skills=SkillNormaliser.build(taxonomy, load_skill_aliases(taxonomy)),
        titles=TitleNormaliser.build(taxonomy, shipped_training_titles()),
    )


def is_built() -> bool:
    """Whether this process has built `language_models()`, so calling it will not wait."""
    return language_models.cache_info().currsize > 0


@cache
def _occupations_by_label() -> dict[str, tuple[int, ...]]:
    found: dict[str, list[int]] = {}
    for position, occupation in enumerate(shipped_taxonomy().occupations):
        # Swedish alternative labels are left out: ESCO gives some to one narrow occupation only
        # (it names "cloud engineer" "mjukvaruutvecklare", a software developer in general).
        names = (occupation.label_en, occupation.label_fi, occupation.label_sv)
        for label in dict.fromkeys((*names, *occupation.alt_labels_en)):
            if not label:
                continue
            owners = found.setdefault(fold(label), [])
            if position not in owners:
                owners.append(position)
    return {key: tuple(owners) for key, owners in found.items()}


def occupation_labels(phrase: str) -> tuple[str, ...]:
    """The English, Finnish and Swedish names of the ESCO occupations `phrase` exactly names.

    Exact labels only (any case; preferred labels and English alternatives): a near miss would
    send a search to the wrong occupation.
    """
    owners = _occupations_by_label().get(fold(phrase[:200]), ())
    occupations = shipped_taxonomy().occupations
    labels = (
        label
        for position in owners
        for label in (
            occupations[position].label_en,
            occupations[position].label_fi,
            occupations[position].label_sv,
        )
    )
    return tuple(dict.fromkeys(label for label in labels if label))
