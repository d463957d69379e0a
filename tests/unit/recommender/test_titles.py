"""Title normalisation: job titles in English and Swedish to ranked ESCO occupations."""

from __future__ import annotations

import io

import joblib
import pytest

from talentmatch.recommender.taxonomy import shipped_taxonomy
from talentmatch.recommender.titles import TitleNormaliser, shipped_training_titles


@pytest.fixture(scope="module")
def taxonomy():
    return shipped_taxonomy()


@pytest.fixture(scope="module")
def titles(taxonomy) -> TitleNormaliser:
    return TitleNormaliser.build(taxonomy, shipped_training_titles())


def labels(taxonomy, ranked) -> list[str]:
    by_uri = {occupation.uri: occupation.label_en for occupation in taxonomy.occupations}
    return [by_uri[uri] for uri, _ in ranked]


def test_a_junior_data_analyst_ranks_data_analyst_first(taxonomy, titles):
    assert labels(taxonomy, titles.rank("Junior Data Analyst", k=5))[0] == "data analyst"


def test_a_swedish_title_finds_its_occupation(taxonomy, titles):
    assert labels(taxonomy, titles.rank("Systemutvecklare", k=3))[0] == "ICT system developer"


def test_a_finnish_title_finds_its_occupation(taxonomy, titles):
    assert labels(taxonomy, titles.rank("ohjelmistokehittäjä", k=3))[0] == "software developer"


def test_scores_are_ranked_in_unit_range_and_k_is_respected(titles):
    ranked = titles.rank("Senior Software Engineer", k=7)
    scores = [score for _, score in ranked]
    assert len(ranked) == 7
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= score <= 1.0 for score in scores)
    assert titles.rank("", k=5) == []


def test_leaving_out_a_title_drops_its_own_examples_from_the_evidence(taxonomy, titles):
    # "Life400 Developer" is one of the shipped example titles, filed under software developer.
    developer = next(o.uri for o in taxonomy.occupations if o.label_en == "software developer")
    assert ("Life400 Developer", developer) in shipped_training_titles()
    with_example = dict(titles.rank("Life400 Developer", k=20))
    without_example = dict(titles.rank("life400  developer", k=20, exclude_training_title=True))
    assert with_example[developer] > without_example.get(developer, 0.0)
    assert titles.rank("Life400 Developer", k=1)[0][0] == developer


def test_ranking_is_deterministic_and_survives_pickling(titles):
    buffer = io.BytesIO()
    joblib.dump(titles, buffer)
    buffer.seek(0)
    restored = joblib.load(buffer)
    for title in ("Kitchen assistant", "Sjuksköterska", "Junior Data Analyst"):
        assert restored.rank(title) == titles.rank(title) == titles.rank(title)


def test_skill_evidence_weighs_in_for_swedish_titles_but_not_english_ones(titles, monkeypatch):
    english = titles.rank("Junior Data Analyst", k=10)
    swedish = titles.rank("Busschaufför", k=10)
    monkeypatch.setattr("talentmatch.recommender.titles.SKILL_WEIGHT", 0.0)
    assert titles.rank("Junior Data Analyst", k=10) == english
    assert titles.rank("Busschaufför", k=10) != swedish


def test_a_swedish_compound_title_finds_its_occupation(taxonomy, titles):
    assert labels(taxonomy, titles.rank("Busschaufför", k=3))[0] == "bus driver"
