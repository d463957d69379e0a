"""ESCO skills named in the reader's language: the label in English, Finnish or Swedish, or the
English one, marked as such, when ESCO has none in that language. Free text stays as typed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from talentmatch.models import EscoSkill, OpportunitySkill, ProfileSkill
from talentmatch.recommender.types import Explanation
from talentmatch.services import esco_names
from talentmatch.services.esco_names import EscoName
from talentmatch.services.skills import SkillChoice

# ESCO's labels are complete in English; Finnish and Swedish ones may be missing.
FALLBACK_LANGUAGE = "en"


@dataclass(frozen=True)
class SkillLabel:
    """A skill's name to show. `lang` is set when the name is not in the language asked for
    (ESCO had no label in it), so the page marks it; free text has no `lang`: it is as typed."""

    text: str
    lang: str | None = None
    esco: bool = True

    @property
    def is_fallback(self) -> bool:
        return self.lang is not None

    def __str__(self) -> str:
        return self.text


class HasEscoLabels(Protocol):
    """An ESCO skill or occupation: a row of esco_skills or one of the engine's taxonomy."""

    @property
    def label_en(self) -> str: ...

    @property
    def label_fi(self) -> str: ...

    @property
    def label_sv(self) -> str: ...


def esco_label(skill: HasEscoLabels, locale: str) -> SkillLabel:
    """The ESCO skill's (or occupation's) label in `locale`, or its English label marked as
    English when ESCO has none in that language."""
    labels = {"en": skill.label_en, "fi": skill.label_fi, "sv": skill.label_sv}
    wanted = (labels.get(locale) or "").strip()
    if wanted:
        return SkillLabel(wanted)
    return SkillLabel(skill.label_en, None if locale == FALLBACK_LANGUAGE else FALLBACK_LANGUAGE)


def skill_label(
    item: ProfileSkill | OpportunitySkill | EscoSkill | EscoName | SkillChoice | SkillLabel | str,
    locale: str,
    skills: Mapping[int, EscoName] | None = None,
) -> SkillLabel:
    """How to name a skill in `locale`, wherever it is shown.

    A profile's or opportunity's skill (load its `skill` with it), an ESCO skill, a skill
    picker's choice (its ESCO skill from `skills`, by id) or a label already worked out. A
    skill with no ESCO link is free text and shows as it was typed.
    """
    if isinstance(item, SkillLabel):
        return item
    if isinstance(item, EscoSkill | EscoName):
        return esco_label(item, locale)
    if isinstance(item, str):
        return SkillLabel(item, esco=False)
    if isinstance(item, SkillChoice):
        found = (skills or {}).get(item.skill_id) if item.skill_id is not None else None
        if found is not None:
            return esco_label(found, locale)
        return SkillLabel(str(item.label), esco=item.is_esco)
    if item.skill is not None:
        return esco_label(item.skill, locale)
    return SkillLabel(str(item.label), esco=False)


def skills_of_choices(choices: Iterable[SkillChoice]) -> dict[int, EscoName]:
    """The ESCO skills of a skill picker's choices."""
    return esco_names.by_id(choice.skill_id for choice in choices if choice.skill_id is not None)


class SkillNames:
    """The ESCO skills behind the labels an explanation names (an explanation keeps the labels
    as they were stored: English for ESCO skills, as typed otherwise)."""

    def __init__(self, by_label: Mapping[str, EscoName] | None = None) -> None:
        self._by_label = dict(by_label or {})

    def label(self, name: str, locale: str) -> SkillLabel:
        skill = self._by_label.get(name)
        return esco_label(skill, locale) if skill is not None else SkillLabel(name, esco=False)

    def __len__(self) -> int:
        return len(self._by_label)


NO_NAMES = SkillNames()


def _names(explanation: Explanation) -> Iterable[str]:
    yield from explanation.shared_skills
    yield from explanation.missing_skills
    yield from explanation.offered_skills
    for have, wanted in explanation.related_skills:
        yield have
        yield wanted


def names_in(explanations: Iterable[Explanation | None]) -> SkillNames:
    """The ESCO skills the explanations name (services.esco_names keeps them in memory)."""
    names = {name for e in explanations if e is not None for name in _names(e)}
    if not names:
        return NO_NAMES
    return SkillNames(esco_names.by_label(names))
