"""The skill picker's autocomplete: GET /api/skills finds ESCO skills in any of our languages."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from talentmatch.recommender import language
from talentmatch.services.skills import import_esco
from tests.factories import ESCO_SAMPLE, make_skills


@pytest.fixture
def skill_ids(app) -> dict[str, int]:
    with app.app_context():
        return {label: skill.id for label, skill in make_skills().items()}


@pytest.mark.parametrize(
    ("query", "expected", "matched"),
    [
        ("machine", "machine learning", "machine learning"),
        ("koneopp", "machine learning", "koneoppiminen"),
        ("maskininlärning", "machine learning", "maskininlärning"),
        ("projektinhallinta", "project management", "projektinhallinta"),
        ("projektledning", "project management", "projektledning"),
        ("ML", "machine learning", "ML"),
        ("SEQUEL", "SQL", "SEQUEL"),
        ("principles of marketing", "marketing principles", "principles of marketing"),
        ("python3", "Python (computer programming)", "Python3"),
    ],
)
def test_finnish_swedish_english_and_alternative_labels_find_the_skill_first(
    client, skill_ids, query, expected, matched
):
    response = client.get("/api/skills", query_string={"q": query})

    assert response.status_code == 200
    first = response.get_json()["skills"][0]
    assert first["id"] == skill_ids[expected]
    assert first["label"] == expected
    assert first["matched"] == matched


@pytest.mark.parametrize("query", ["", "p", " m ", "ö"])
def test_queries_under_two_characters_return_an_empty_list(client, skill_ids, query):
    response = client.get("/api/skills", query_string={"q": query})

    assert response.status_code == 200
    assert response.get_json()["skills"] == []


def test_a_query_without_matches_returns_an_empty_list(client, skill_ids):
    response = client.get("/api/skills", query_string={"q": "underwater basket weaving"})

    assert response.get_json()["skills"] == []


def test_the_answer_is_json_with_id_uri_label_and_matched_label(client, skill_ids):
    response = client.get("/api/skills?q=koneoppiminen")

    assert response.mimetype == "application/json"
    assert response.get_json() == {
        "query": "koneoppiminen",
        "lang": "en",
        "skills": [
            {
                "id": skill_ids["machine learning"],
                "uri": "http://data.europa.eu/esco/skill/3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43",
                "label": "machine learning",
                "label_lang": None,
                "label_en": "machine learning",
                "matched": "koneoppiminen",
            }
        ],
    }


def test_limit_caps_the_number_of_suggestions(client, skill_ids):
    everything = client.get("/api/skills", query_string={"q": "in"}).get_json()["skills"]
    capped = client.get("/api/skills", query_string={"q": "in", "limit": "2"}).get_json()["skills"]

    assert len(everything) > 2
    assert capped == everything[:2]


def test_control_characters_in_the_query_are_ignored(client, skill_ids):
    response = client.get("/api/skills?q=koneopp%00")

    assert response.status_code == 200
    assert response.get_json()["skills"][0]["id"] == skill_ids["machine learning"]


# --- Order over the whole shipped ESCO, with the engine's linker --------------------------------


@pytest.fixture
def esco(app) -> None:
    """Every shipped ESCO skill, as `flask import-esco` loads them."""
    with app.app_context():
        import_esco()


@pytest.fixture
def models_ready() -> None:
    """The language models built, as after the app's warm-up."""
    language.language_models()


@pytest.fixture
def models_not_ready(monkeypatch) -> None:
    """The warm-up has not finished: building the models now would make the request wait."""

    def must_not_build():
        raise AssertionError("autocomplete waited for the language models")

    monkeypatch.setattr(language, "is_built", lambda: False)
    monkeypatch.setattr(language, "language_models", must_not_build)


def suggested(client, query: str, **extra) -> list[str]:
    response = client.get("/api/skills", query_string={"q": query, **extra})
    assert response.status_code == 200
    return [skill["label"] for skill in response.get_json()["skills"]]


@pytest.mark.parametrize("query", ["Excel", "excel"])
def test_excel_offers_spreadsheet_software_first(client, esco, models_ready, query):
    assert suggested(client, query)[0] == "use spreadsheets software"


def test_a_misspelt_skill_offers_the_intended_one_first(client, esco, models_ready):
    assert suggested(client, "Pyhton")[0] == "Python (computer programming)"


def test_hoitotyo_offers_a_nursing_skill_first(client, esco, models_ready):
    assert "nursing" in suggested(client, "hoitotyö")[0]


@pytest.mark.parametrize("query", ["koneoppiminen", "maskininlärning", "machine learning"])
def test_machine_learning_in_any_language_is_offered_first(client, esco, models_ready, query):
    assert suggested(client, query)[0] == "machine learning"


def test_a_linked_skill_is_named_in_the_requested_language(client, esco, models_ready):
    response = client.get("/api/skills", query_string={"q": "Pyhton", "lang": "fi"})

    first = response.get_json()["skills"][0]
    assert first["label"] == "Python (tietokoneohjelmointi)"
    assert first["label_en"] == "Python (computer programming)"
    assert first["matched"] == "Python (tietokoneohjelmointi)"


def test_without_the_language_models_the_label_search_answers_at_once(
    client, esco, models_not_ready
):
    assert suggested(client, "Excel")[0] == "use spreadsheets software"
    assert suggested(client, "koneoppiminen")[0] == "machine learning"
    assert suggested(client, "Pyhton") == []


class _Linker:
    """Stands in for the engine's linker with fixed answers, to test how they are merged."""

    def __init__(self, links: list[tuple[str, float]]) -> None:
        self.links = links

    def link(self, phrase: str, k: int = 10) -> list[tuple[str, float]]:
        return self.links[:k]


@pytest.fixture
def linker(monkeypatch):
    def answer(links: list[tuple[str, float]]) -> None:
        models = SimpleNamespace(skills=_Linker(links))
        monkeypatch.setattr(language, "is_built", lambda: True)
        monkeypatch.setattr(language, "language_models", lambda: models)

    return answer


def test_an_exact_label_beats_a_confident_link_to_another_skill(client, skill_ids, linker):
    uris = _uris()
    linker([(uris["SQL"], 1.0), (uris["machine learning"], 0.8)])

    assert suggested(client, "ML")[:2] == ["machine learning", "SQL"]
    assert suggested(client, "SEQUEL")[0] == "SQL"


def test_a_confident_link_beats_a_part_of_a_label(client, skill_ids, linker):
    uris = _uris()
    linker([(uris["SQL"], 0.9)])

    assert suggested(client, "koneopp") == ["SQL", "machine learning"]


def test_an_unsure_link_only_breaks_ties_between_label_matches(client, skill_ids, linker):
    uris = _uris()
    linker([])
    # Both begin with "ma"; the shorter label comes first when nothing else tells them apart.
    assert suggested(client, "ma")[:2] == ["machine learning", "marketing principles"]

    linker([(uris["marketing principles"], 0.3), (uris["SQL"], 0.3)])

    assert suggested(client, "ma")[:2] == ["marketing principles", "machine learning"]
    assert "SQL" not in suggested(client, "ma")


def _uris() -> dict[str, str]:
    return {label_en: uri for uri, label_en, *_rest in ESCO_SAMPLE}


@pytest.mark.parametrize(
    "query",
    [
        "\x00",
        "koneopp\x00iminen",
        "🙂🙂",
        "x" * 5000,
        "%_%",
        "\u202eML",
        "ｍａｃｈｉｎｅ",
    ],
)
def test_odd_input_gets_a_json_answer_never_an_error(client, skill_ids, models_ready, query):
    response = client.get("/api/skills", query_string={"q": query})

    assert response.status_code == 200
    assert isinstance(response.get_json()["skills"], list)


def test_invalid_utf8_in_the_query_gets_a_json_answer(client, skill_ids, models_ready):
    response = client.get("/api/skills?q=%ED%A0%80%FFexcel")

    assert response.status_code == 200
    assert isinstance(response.get_json()["skills"], list)
