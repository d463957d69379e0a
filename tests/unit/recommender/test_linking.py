"""The skill linker: what people type, in three languages, with typos and everyday words."""

from __future__ import annotations

import pytest

from talentmatch.recommender.language import language_models
from talentmatch.recommender.taxonomy import load_skill_aliases, shipped_taxonomy


@pytest.fixture(scope="module")
def skills():
    return language_models().skills


def linked(skills, phrase: str, k: int = 3) -> list[str]:
    return [skills.label(uri) for uri, _ in skills.link(phrase, k=k)]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Excel", "use spreadsheets software"),  # an everyday tool name ESCO has no label for
        ("excel", "use spreadsheets software"),
        ("Pyhton", "Python (computer programming)"),  # a typo
        ("koneoppiminen", "machine learning"),  # Finnish
        ("maskininlärning", "machine learning"),  # Swedish
        ("customer care", "customer service"),  # an everyday alternative
        ("piano", "play the piano"),
        ("CRM", "customer relationship management"),
    ],
)
def test_typed_phrases_link_to_the_skill_a_person_means_first(skills, typed, expected):
    assert linked(skills, typed)[0] == expected


def test_inflected_finnish_links_like_its_base_form(skills):
    base = linked(skills, "hoitotyö", k=1)
    assert base == linked(skills, "hoitotyötä", k=1) == linked(skills, "hoitotyössä", k=1)
    assert "nursing" in base[0]


def test_an_exact_label_is_sure_and_a_guess_is_not(skills):
    exact = skills.link("SQL", k=1)[0]
    assert skills.label(exact[0]) == "SQL" and exact[1] == 1.0
    guesses = skills.link("podcast production", k=3)
    assert guesses and all(confidence < 0.7 for _, confidence in guesses)


def test_confidence_orders_the_candidates_and_lies_in_the_unit_interval(skills):
    found = skills.link("process optimisation", k=10)
    assert len(found) == 10
    assert all(0.0 <= confidence <= 1.0 for _, confidence in found)


def test_nothing_to_link_gives_no_candidates(skills):
    assert skills.link("", k=5) == []
    assert skills.link("   ", k=5) == []
    assert skills.link("the and of", k=5) == []


def test_every_shipped_alias_names_a_real_esco_skill():
    aliases = load_skill_aliases(shipped_taxonomy())
    assert len(aliases) > 50
    assert set(aliases.values()) <= set(shipped_taxonomy().skill_index)


def test_a_listed_skill_in_pasted_cv_text_is_suggested_as_the_picker_links_it(skills):
    found = [skills.label(uri) for uri, _ in skills.suggest("Skills: Excel, Pyhton, hoitotyö", 5)]
    assert "use spreadsheets software" in found
    assert "Python (computer programming)" in found
    assert "provide professional care in nursing" in found
