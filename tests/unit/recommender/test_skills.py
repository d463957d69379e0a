"""Skill normalisation and suggestion against the shipped ESCO extract."""

from __future__ import annotations

import io

import joblib
import pytest

from talentmatch.recommender.skills import SkillNormaliser
from talentmatch.recommender.taxonomy import shipped_taxonomy
from talentmatch.recommender.types import SkillRef


@pytest.fixture(scope="module")
def skills() -> SkillNormaliser:
    return SkillNormaliser.build(shipped_taxonomy())


def best_label(skills: SkillNormaliser, typed: str) -> str:
    found = skills.normalise(typed)
    return skills.label(found[0][0]) if found else ""


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("machine learning", "machine learning"),
        ("MACHINE-LEARNING", "machine learning"),
        ("koneoppiminen", "machine learning"),
        ("maskininlärning", "machine learning"),
        ("projektinhallinta", "project management"),
        ("c#", "C#"),
    ],
)
def test_labels_in_english_finnish_and_swedish_in_any_case_find_the_skill(skills, typed, expected):
    assert best_label(skills, typed) == expected
    assert skills.normalise(typed)[0][1] >= 0.95


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Python", "Python (computer programming)"), ("java", "Java (computer programming)")],
)
def test_a_label_without_its_qualifier_finds_the_qualified_skill(skills, typed, expected):
    assert best_label(skills, typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("mashine learning", "machine learning"),
        ("koneopiminen", "machine learning"),
        ("project managment", "project management"),
    ],
)
def test_one_typo_still_finds_the_skill_with_lower_confidence(skills, typed, expected):
    found = skills.normalise(typed)
    assert skills.label(found[0][0]) == expected
    assert 0.7 <= found[0][1] < 0.95


@pytest.mark.parametrize("typed", ["xyzzy", "asdf qwer", "", "   ", "!!!"])
def test_garbage_finds_no_skill(skills, typed):
    assert skills.normalise(typed, k=5) == []
    assert skills.resolve(SkillRef(typed)) is None


def test_resolve_keeps_a_known_uri_and_normalises_a_label(skills):
    sql = skills.normalise("SQL")[0][0]
    assert skills.resolve(SkillRef("whatever", uri=sql)) == sql
    assert skills.resolve(SkillRef("sql")) == sql


def test_labels_come_in_the_requested_language(skills):
    uri = skills.normalise("machine learning")[0][0]
    assert skills.label(uri, "fi") == "koneoppiminen"
    assert skills.label(uri, "sv") == "maskininlärning"
    assert skills.label("http://example.org/unknown") == ""


def test_suggest_finds_sql_and_python_in_a_job_ad_sentence(skills):
    text = "We are looking for a data engineer with strong SQL and Python skills."
    suggested = [skills.label(uri) for uri, _ in skills.suggest(text, k=5)]
    assert "SQL" in suggested
    assert "Python (computer programming)" in suggested


def test_suggest_scores_are_ranked_in_unit_range_and_empty_text_gives_nothing(skills):
    scored = skills.suggest("Team player with excellent communication skills", k=10)
    scores = [score for _, score in scored]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= score <= 1.0 for score in scores)
    assert skills.suggest("", k=10) == []


def test_normalising_and_suggesting_are_deterministic(skills):
    text = "Experience with Java, JavaScript and cloud technologies"
    assert skills.suggest(text, k=10) == skills.suggest(text, k=10)
    assert skills.normalise("pyhton", k=3) == skills.normalise("pyhton", k=3)


def test_a_pickled_normaliser_answers_the_same(skills):
    buffer = io.BytesIO()
    joblib.dump(skills, buffer)
    buffer.seek(0)
    restored = joblib.load(buffer)
    assert restored.normalise("mashine learning", k=3) == skills.normalise("mashine learning", k=3)
    text = "SQL and Python"
    assert restored.suggest(text) == skills.suggest(text)
