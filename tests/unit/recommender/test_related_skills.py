"""Related-skill pairs are claimed only for skills close at the skill level."""

import pytest

from talentmatch.recommender.explain import Closeness, SkillList, explain_skills
from talentmatch.recommender.features import taxonomy_space


@pytest.fixture(scope="module")
def space():
    return taxonomy_space()


def position(space, label: str) -> int:
    return next(i for i, s in enumerate(space.taxonomy.skills) if s.label_en == label)


def closeness(space, first: str, second: str) -> float:
    return Closeness.between(space, position(space, first), position(space, second))


@pytest.mark.parametrize(
    ("narrow", "broad"),
    [
        ("Python (computer programming)", "computer programming"),
        ("SQL", "query languages"),
    ],
)
def test_a_narrower_form_of_a_skill_is_close_both_ways(space, narrow, broad):
    assert closeness(space, narrow, broad) >= 0.5
    assert closeness(space, broad, narrow) >= 0.5


def test_skills_many_occupations_require_together_are_close(space):
    assert closeness(space, "develop software prototype", "computer programming") >= 0.5


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("R", "ASP.NET"),  # two programming languages are alternatives, not the same skill
        ("JavaScript", "Python (computer programming)"),
        ("information categorisation", "Python (computer programming)"),
        ("SQL", "database"),
        ("nursing principles", "use spreadsheets software"),
    ],
)
def test_skills_that_merely_share_a_field_are_not_close(space, first, second):
    assert closeness(space, first, second) < 0.5
    assert closeness(space, second, first) < 0.5


def test_the_explanation_pairs_each_required_skill_with_the_closest_skill_only(space):
    profile = SkillList(
        required=(
            ("Python", position(space, "Python (computer programming)")),
            ("R", position(space, "R")),
        )
    )
    job = SkillList(
        required=(
            ("computer programming", position(space, "computer programming")),
            ("ASP.NET", position(space, "ASP.NET")),
        )
    )
    explanation = explain_skills(profile, job, space)
    assert explanation.related_skills == (("Python", "computer programming"),)
    assert set(explanation.missing_skills) == {"computer programming", "ASP.NET"}
