"""The engine's language layer, built once per process from the shipped ESCO data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from talentmatch.recommender.skills import SkillNormaliser
from talentmatch.recommender.taxonomy import load_skill_aliases, shipped_taxonomy
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
