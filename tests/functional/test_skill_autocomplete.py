"""The skill picker's autocomplete: GET /api/skills finds ESCO skills in any of our languages."""

from __future__ import annotations

import pytest

from tests.factories import make_skills


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
        "skills": [
            {
                "id": skill_ids["machine learning"],
                "uri": "http://data.europa.eu/esco/skill/3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43",
                "label": "machine learning",
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
