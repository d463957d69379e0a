"""Catalogue search by meaning: ESCO skills and occupations in English, Finnish and Swedish,
results in order of relevance, and odd input answered without an error page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, select

from talentmatch.extensions import db
from talentmatch.models import CEFRLevel, EscoSkill, OpportunityKind
from talentmatch.recommender import language
from tests.factories import make_job, make_opportunity, make_organisation, make_skills


@pytest.fixture
def models_ready():
    """The language models built, as after the app's warm-up."""
    language.language_models()  # the warm-up has finished


@pytest.fixture
def models_not_ready(monkeypatch):
    """The warm-up has not finished: building the models now would make the request wait."""

    def must_not_build():
        raise AssertionError("search waited for the language models")

    monkeypatch.setattr(language, "is_built", lambda: False)
    monkeypatch.setattr(language, "language_models", must_not_build)


def found_titles(client, **query) -> list[str]:
    """Result titles in the order the page shows them."""
    response = client.get("/opportunities/", query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return re.findall(r'<h3><a href="/opportunities/\d+">([^<]+)</a></h3>', response.text)


@pytest.fixture
def ml_catalogue(app):
    """A job requiring ESCO "machine learning", and one that does not."""
    with app.app_context():
        skills = make_skills()
        make_job(title="Data scientist", required_skills=[skills["machine learning"]])
        make_job(title="Bookkeeper", required_skills=[skills["SQL"]])


@pytest.mark.parametrize(
    "query", ["koneoppiminen", "maskininlärning", "machine learning", "Machine Learning"]
)
def test_a_skill_in_english_finnish_or_swedish_finds_the_jobs_requiring_it(
    client, ml_catalogue, models_ready, query
):
    assert found_titles(client, q=query) == ["Data scientist"]


@pytest.mark.parametrize("query", ["koneoppiminen", "maskininlärning", "machine learning"])
def test_skill_labels_in_every_language_work_before_the_language_models_are_ready(
    client, ml_catalogue, models_not_ready, query
):
    assert found_titles(client, q=query) == ["Data scientist"]


@pytest.mark.parametrize("query", ["koneoppiminen", "maskininlärning"])
def test_a_finnish_or_swedish_skill_finds_a_job_that_names_it_only_in_english_text(
    app, client, models_ready, query
):
    with app.app_context():
        make_skills()
        make_job(title="Data scientist", description="You build machine learning models.")
        make_job(title="Bookkeeper", description="You keep the books.")
    assert found_titles(client, q=query) == ["Data scientist"]


def test_a_misspelt_skill_finds_the_job_once_the_language_models_are_ready(app, client):
    with app.app_context():
        skills = make_skills()
        python = skills["Python (computer programming)"]
        make_job(title="Backend developer", required_skills=[python])
        make_job(title="Bookkeeper", required_skills=[skills["SQL"]])
    language.language_models()  # the warm-up has finished

    assert found_titles(client, q="Pyhton") == ["Backend developer"]


def test_a_misspelt_skill_finds_nothing_rather_than_waiting_for_the_language_models(
    app, client, models_not_ready
):
    with app.app_context():
        skills = make_skills()
        python = skills["Python (computer programming)"]
        make_job(title="Backend developer", required_skills=[python])

    assert found_titles(client, q="Pyhton") == []


def test_an_occupation_named_in_finnish_finds_jobs_titled_in_english(app, client, models_ready):
    with app.app_context():
        make_job(title="Junior Software Developer")
        make_job(title="Sales assistant")

    assert found_titles(client, q="ohjelmistokehittäjä") == ["Junior Software Developer"]


def test_results_are_ordered_title_match_then_skill_then_description_newest_among_equals(
    app, client, models_ready
):
    with app.app_context():
        skills = make_skills()
        organisation = make_organisation()
        make_job(title="Machine learning engineer", organisation=organisation)
        make_job(
            title="Analyst",
            organisation=organisation,
            description="You will bring machine learning to our reports.",
        )
        make_job(
            title="Older data scientist",
            organisation=organisation,
            required_skills=[skills["machine learning"]],
        )
        make_job(
            title="Newer data scientist",
            organisation=organisation,
            nice_skills=[skills["machine learning"]],
        )
        make_job(title="Unrelated", organisation=organisation)

    assert found_titles(client, q="machine learning") == [
        "Machine learning engineer",
        "Newer data scientist",
        "Older data scientist",
        "Analyst",
    ]
    # Without words the catalogue stays newest first.
    assert found_titles(client)[:2] == ["Unrelated", "Newer data scientist"]


def test_filters_still_apply_to_a_search(app, client, models_ready):
    with app.app_context():
        skills = make_skills()
        ml = [skills["machine learning"]]
        make_job(title="Espoo ML job", municipality="Espoo", required_skills=ml)
        make_job(title="Helsinki ML job", municipality="Helsinki", required_skills=ml)
        make_opportunity(
            OpportunityKind.COMMUNITY,
            title="ML community",
            municipality="Espoo",
            organisation=make_organisation(),
            required_skills=ml,
        )

    assert found_titles(client, q="koneoppiminen", municipality="Espoo") == [
        "ML community",
        "Espoo ML job",
    ]
    assert found_titles(client, q="koneoppiminen", municipality="Espoo", kind="job") == [
        "Espoo ML job"
    ]


def test_every_word_must_be_found_somewhere(app, client, models_ready):
    with app.app_context():
        skills = make_skills()
        make_job(title="Data scientist in Espoo", required_skills=[skills["machine learning"]])
        make_job(title="Data scientist in Vantaa", required_skills=[skills["SQL"]])

    assert found_titles(client, q="koneoppiminen scientist") == ["Data scientist in Espoo"]


def test_search_pages_through_relevant_results(app, client, models_ready):
    app.config["OPPORTUNITIES_PER_PAGE"] = 2
    try:
        with app.app_context():
            skills = make_skills()
            organisation = make_organisation()
            for number in range(3):
                make_job(
                    title=f"Role {number}",
                    organisation=organisation,
                    required_skills=[skills["machine learning"]],
                )
        assert found_titles(client, q="maskininlärning") == ["Role 2", "Role 1"]
        assert found_titles(client, q="maskininlärning", page=2) == ["Role 0"]
        assert client.get("/opportunities/?q=maskininl%C3%A4rning&page=3").status_code == 404
    finally:
        app.config["OPPORTUNITIES_PER_PAGE"] = 20


@pytest.mark.parametrize(
    "query",
    [
        "koneoppiminen\x00",
        "\x00",
        "machine\u200blearning",  # a zero-width space inside a word
        "\u202emachine learning",  # a right-to-left override
        "🙂",
        "machine learning 🙂",
        "%_\\",
        "ｍａｃｈｉｎｅ ｌｅａｒｎｉｎｇ",  # full-width letters
        "ﬁ",
        "Ω" * 200,
    ],
)
def test_odd_characters_give_results_or_nothing_never_an_error(
    client, ml_catalogue, models_ready, query
):
    response = client.get("/opportunities/", query_string={"q": query})

    assert response.status_code == 200
    assert "opportunit" in response.text


def test_a_nul_byte_is_ignored_and_full_width_letters_are_plain_ones(
    client, ml_catalogue, models_ready
):
    assert found_titles(client, q="koneoppiminen\x00") == ["Data scientist"]
    assert found_titles(client, q="ｍａｃｈｉｎｅ ｌｅａｒｎｉｎｇ") == ["Data scientist"]


def test_an_invalid_utf8_query_string_is_not_an_error(client, ml_catalogue, models_ready):
    response = client.get("/opportunities/?q=%ED%A0%80%FF")

    assert response.status_code == 200


@pytest.mark.parametrize("length", [201, 5000])
def test_an_over_long_query_gets_a_message(client, ml_catalogue, models_ready, length):
    response = client.get("/opportunities/", query_string={"q": "koneoppiminen " * length})

    assert response.status_code == 400
    assert "at most 200 characters" in response.text


def test_too_many_words_get_a_message(client, ml_catalogue, models_ready):
    words = " ".join(f"w{number}" for number in range(13))

    response = client.get("/opportunities/", query_string={"q": words})

    assert response.status_code == 400
    assert "at most 12 words" in response.text


def _add_ml_jobs(app, count: int) -> None:
    with app.app_context():
        skills = {skill.label_en: skill for skill in db.session.scalars(select(EscoSkill))}
        organisation = make_organisation()
        for number in range(count):
            make_job(
                title=f"Role {number}",
                organisation=organisation,
                required_skills=[skills["SQL"], skills["machine learning"]],
                languages={"fi": CEFRLevel.B1},
            )


def _statements_during(app, client, **query) -> int:
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(_connection, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        client.get("/opportunities/", query_string=query)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def test_the_number_of_queries_does_not_grow_with_the_results(app, client, models_ready):
    with app.app_context():
        make_skills()
    _add_ml_jobs(app, 1)
    few = _statements_during(app, client, q="sql koneoppiminen")
    _add_ml_jobs(app, 15)
    many = _statements_during(app, client, q="sql koneoppiminen")

    assert len(found_titles(client, q="sql koneoppiminen")) == 16
    assert many == few
