"""Input that once gave a 500: control characters, numbers beyond any column, deep JSON."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import Opportunity, Organisation, Role, User
from tests.factories import (
    make_employer,
    make_graduate,
    make_organisation,
    make_skills,
    make_university,
    make_user,
)
from tests.functional.test_career_services import event_form
from tests.functional.test_employers import _job_form, _skill_ids

HUGE = "9" * 20  # a 20-digit number: beyond every integer column


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_nul_in_the_search_is_dropped_and_the_search_runs(app, client):
    with app.app_context():
        from tests.factories import make_job

        make_job(title="Barista")

    response = client.get("/opportunities/?q=Bari%00sta")

    assert response.status_code == 200
    assert "Barista" in response.get_data(as_text=True)


def test_control_characters_are_dropped_from_a_registration(app, client):
    response = client.post(
        "/auth/register",
        data={
            "role": "graduate",
            "full_name": "Ana\x00 Cos\x07ta",
            "email": "ana.costa@example.com",
            "password": "northern lights 42",
            "confirm": "northern lights 42",
            "university_id": "0",
        },
    )

    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.full_name == "Ana Costa"


def test_tabs_and_line_breaks_stay_in_text(app, client, auth):
    with app.app_context():
        make_graduate("ana@example.com")
    auth.login("ana@example.com")
    from tests.functional.test_graduates import profile_form, profile_of

    response = client.post(
        "/graduates/profile/edit", data=profile_form(about="Line one\r\n\tLine\x00 two")
    )

    assert response.status_code == 302
    assert profile_of(app, "ana@example.com")["about"] == "Line one\r\n\tLine two"


@pytest.fixture
def skill_ids(app, auth) -> dict[str, int]:
    """A signed-in employer of a registered organisation; returns the sample skills' ids."""
    ids = _skill_ids(app)
    with app.app_context():
        make_employer(make_organisation(), email="erik@example.com")
    auth.login("erik@example.com")
    return ids


def test_control_characters_are_dropped_from_a_job_and_it_is_saved(app, client, skill_ids):
    response = client.post(
        "/employers/jobs/new",
        data=_job_form(
            skill_ids,
            title="Data\x00 engineer\x1b",
            description="Pipes\x00 and\x7f data",
            **{"required_skills-typed": "SQL\x00, Git\x00hub"},
        ),
    )

    assert response.status_code == 302
    with app.app_context():
        job = db.session.scalars(select(Opportunity)).one()
        assert (job.title, job.description) == ("Data engineer", "Pipes and data")
        assert "Github" in [s.label for s in job.skills]


def test_control_characters_are_dropped_from_a_catalogue_item(app, client, auth):
    with app.app_context():
        make_user(Role.CAREER_SERVICES, email="cs@example.com", university=make_university())
    auth.login("cs@example.com")

    response = client.post(
        "/opportunities/new/event",
        data=event_form(title="Meet\x00 employers", **{"nice_to_have_skills-typed": "net\x00work"}),
    )

    assert response.status_code == 302
    with app.app_context():
        item = db.session.scalars(select(Opportunity)).one()
        assert item.title == "Meet employers"
        assert [s.label for s in item.skills] == ["network"]


@pytest.mark.parametrize(
    "path",
    [
        f"/opportunities/?page={HUGE}",
        "/opportunities/?page=-3",
        "/opportunities/?page=two",
        f"/admin/users?page={HUGE}",
        "/admin/users?page=-1",
        "/admin/users?page=1.5",
    ],
)
def test_page_numbers_out_of_range_are_refused_with_a_message(app, client, auth, path):
    with app.app_context():
        make_user(Role.ADMIN, email="admin@example.com")
    auth.login("admin@example.com")

    response = client.get(path)

    assert response.status_code == 400
    assert "Choose a page between 1 and 100,000." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        f"/opportunities/{HUGE}",
        f"/employers/jobs/{HUGE}",
        f"/opportunities/{2**31}/edit",
        f"/graduates/opportunities/{HUGE}/save",
    ],
)
def test_ids_beyond_any_row_are_not_found(app, client, auth, path):
    with app.app_context():
        make_graduate("ana@example.com")
    auth.login("ana@example.com")

    response = client.post(path) if path.endswith("/save") else client.get(path)

    assert response.status_code == 404


@pytest.mark.parametrize(
    "token", [f"esco:{HUGE}:Python", f"esco:{2**31}:Python", "esco:-1:Python", "esco:²:Python"]
)
def test_a_skill_id_beyond_any_row_is_a_form_error(app, client, auth, token):
    with app.app_context():
        make_skills()
        make_graduate("ana@example.com")
    auth.login("ana@example.com")
    from tests.functional.test_graduates import profile_form

    response = client.post("/graduates/profile/edit", data=profile_form(skills=[token]))

    assert response.status_code == 400
    assert "Unknown skill: please pick one from the list." in response.get_data(as_text=True)


def test_huge_numbers_in_a_job_are_form_errors_and_nothing_is_saved(app, client, skill_ids):
    response = client.post(
        "/employers/jobs/new",
        data=_job_form(
            skill_ids,
            salary_min=HUGE,
            salary_max=f"-{HUGE}",
            required_skills=[f"esco:{HUGE}:Python"],
        ),
    )

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Give a monthly salary in euros, from 0 to 100,000." in page
    assert "Unknown skill: please pick one from the list." in page
    assert _count(app, Opportunity) == 0


@pytest.fixture
def graduate_client(app, client, auth):
    with app.app_context():
        make_skills()
        make_graduate("ana@example.com")
    auth.login("ana@example.com")
    return client


def test_deeply_nested_json_is_refused_with_a_json_400(graduate_client):
    body = "[" * 50_000 + "]" * 50_000

    response = graduate_client.post(
        "/api/suggestions/skills", data=body, content_type="application/json"
    )

    assert response.status_code in (400, 413)
    assert response.is_json
    assert response.json["error"]


def test_json_nested_deeper_than_twenty_levels_is_a_400_naming_the_limit(graduate_client):
    nested: object = "Python"
    for _level in range(21):
        nested = [nested]

    response = graduate_client.post(
        "/api/suggestions/skills", json={"text": "Python", "extra": nested}
    )

    assert response.status_code == 400
    assert response.json["message"] == "JSON nested deeper than 20 levels is refused."


def test_brackets_inside_json_strings_do_not_count_as_nesting(graduate_client):
    response = graduate_client.post(
        "/api/suggestions/skills", json={"text": "[" * 25 + " SQL " + "{" * 25}
    )

    assert response.status_code == 200
    assert response.is_json


def test_a_json_body_over_the_size_limit_is_refused(graduate_client):
    body = json.dumps({"text": "Python " * 20_000})

    response = graduate_client.post(
        "/api/suggestions/skills", data=body, content_type="application/json"
    )

    assert response.status_code == 413
    assert response.json["message"] == "Send at most 64 kB of JSON."


def test_nul_and_control_characters_are_dropped_from_json_strings(graduate_client):
    response = graduate_client.post(
        "/api/suggestions/skills", json={"text": "S\u0000Q\u001bL and Pyt\u0000hon", "limit": HUGE}
    )

    assert response.status_code == 200
    labels = [skill["label"] for skill in response.json["skills"]]
    assert "SQL" in labels


@pytest.mark.parametrize(
    "body",
    ['{"text": 12}', '{"text": null}', "[1, 2]", '"text"', "{", '{"text": "a", "limit": 1e999}'],
)
def test_odd_json_gets_a_message_not_an_error(graduate_client, body):
    response = graduate_client.post(
        "/api/suggestions/skills", data=body, content_type="application/json"
    )

    assert response.status_code in (200, 400)
    assert response.is_json


def test_api_query_arguments_out_of_range_are_answered(graduate_client):
    skills = graduate_client.get(f"/api/skills?q=Py%00thon&limit={HUGE}")
    occupations = graduate_client.get(f"/api/suggestions/occupations?title=Dev%00&limit=-{HUGE}")

    assert skills.status_code == 200
    assert skills.json["query"] == "Python"
    assert occupations.status_code == 200
    assert occupations.json["title"] == "Dev"


def test_a_choice_of_only_spaces_is_no_choice(app, client, auth):
    with app.app_context():
        organisation = make_organisation(name="Nordic Data Oy")
        make_employer(organisation, email="erik@example.com")
        business_id = organisation.business_id
    auth.login("erik@example.com")

    saved = client.post(
        "/employers/organisation",
        data={"name": "Nordic Data Oy", "business_id": business_id, "size": " "},
    )
    job = client.post(
        "/employers/jobs/new",
        data=_job_form(_skill_ids(app), **{"languages-0-level": "\u00a0"}),
    )

    assert saved.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Organisation.size)) is None
    assert job.status_code == 400
    assert "Choose both a language and a level." in job.get_data(as_text=True)
    assert _count(app, Opportunity) == 0
