"""Suggestions: ESCO skills from free text and occupations from a title, by JSON and without JS."""

from __future__ import annotations

from html import unescape

from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import Opportunity, User
from tests.factories import make_employer, make_graduate, make_organisation, make_skills
from tests.functional.test_graduates import profile_form

GRACE = "grace@example.com"
ERIK = "erik@example.com"
DATA_ANALYST = "http://data.europa.eu/esco/occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2"


def _job_form(**fields: object) -> dict[str, object]:
    """A job form as a browser posts it, with no skills picked and no button pressed."""
    return {
        "title": "Data analyst",
        "description": "",
        "employment_type": "full_time",
        "required_skills-typed": "",
        "nice_to_have_skills-typed": "",
        "languages-0-code": "",
        "languages-0-level": "",
        "municipality": "Helsinki",
        "remote_mode": "on_site",
        "deadline": "",
        "url": "",
        **fields,
    }


def _people(app) -> dict[str, int]:
    with app.app_context():
        skills = make_skills()
        make_graduate(email=GRACE)
        make_employer(make_organisation(), email=ERIK)
        return {label: skill.id for label, skill in skills.items()}


def test_skills_are_suggested_from_a_description(app, client, auth):
    ids = _people(app)
    auth.login(ERIK)
    response = client.post(
        "/api/suggestions/skills",
        json={"text": "You will build reports with SQL and Python for our customers."},
    )
    assert response.status_code == 200
    found = {skill["label"]: skill for skill in response.get_json()["skills"]}
    assert {"SQL", "Python (computer programming)"} <= found.keys()
    assert found["SQL"]["token"] == f"esco:{ids['SQL']}:SQL"
    assert found["SQL"]["uri"].startswith("http://data.europa.eu/esco/skill/")
    assert 0 < found["SQL"]["score"] <= 1


def test_skill_suggestions_refuse_missing_or_huge_text(app, client, auth):
    _people(app)
    auth.login(GRACE)
    assert client.post("/api/suggestions/skills", json={"words": "SQL"}).status_code == 400
    response = client.post("/api/suggestions/skills", json={"text": "SQL " * 6000})
    assert response.status_code == 400
    assert "at most 20,000 characters" in response.get_json()["message"]
    assert client.post("/api/suggestions/skills", json={"text": "   "}).get_json()["skills"] == []


def test_an_occupation_is_suggested_from_a_job_title(app, client, auth):
    _people(app)
    auth.login(ERIK)
    response = client.get("/api/suggestions/occupations?title=Junior Data Analyst")
    assert response.status_code == 200
    occupations = response.get_json()["occupations"]
    assert occupations[0]["uri"] == DATA_ANALYST
    assert occupations[0]["label"] == "data analyst"
    assert len(occupations) == 5


def test_suggestion_endpoints_need_a_signed_in_user(client):
    assert client.post("/api/suggestions/skills", json={"text": "SQL"}).status_code == 302
    assert client.get("/api/suggestions/occupations?title=Analyst").status_code == 302


def test_graduate_gets_skill_suggestions_from_cv_text_without_javascript(app, client, auth):
    ids = _people(app)
    auth.login(GRACE)
    response = client.post(
        "/graduates/profile/edit",
        data=profile_form(
            headline="Not saved yet",
            cv_text="Three years of SQL and Python at a bank.",
            suggest_skills="1",
        ),
    )
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert f'name="skills" value="esco:{ids["SQL"]}:SQL"' in page
    assert "Suggested skills: tick the ones you have, then save your profile" in page
    assert 'value="Not saved yet"' in page  # what was typed comes back
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == GRACE))
        assert user.profile.headline == "Data analyst"  # nothing saved

    response = client.post(
        "/graduates/profile/edit",
        data=profile_form(skills=[f"esco:{ids['SQL']}:SQL"], cv_text="ignored"),
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == GRACE))
        assert [s.label for s in user.profile.skills] == ["SQL"]


def test_text_without_skills_says_so(app, client, auth):
    _people(app)
    auth.login(GRACE)
    response = client.post(
        "/graduates/profile/edit",
        data=profile_form(cv_text="zzzz qqqq", suggest_skills="1"),
    )
    assert "No ESCO skills were found in that text." in response.get_data(as_text=True)


def test_employer_gets_skill_and_occupation_suggestions_without_javascript(app, client, auth):
    ids = _people(app)
    auth.login(ERIK)
    form = _job_form(description="Dashboards in SQL and Python.")
    response = client.post("/employers/jobs/new", data={**form, "suggest_skills": "1"})
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    token = f"esco:{ids['SQL']}:SQL"
    assert f'name="required_skills" value="{token}"' in page
    assert f'name="nice_to_have_skills" value="{token}"' in page
    with app.app_context():
        assert db.session.scalars(select(Opportunity)).all() == []  # nothing saved

    response = client.post(
        "/employers/jobs/new",
        data={**form, "title": "Junior Data Analyst", "suggest_occupation": "1"},
    )
    page = unescape(response.get_data(as_text=True))
    assert "In ESCO, this title most likely means:" in page
    assert "<li>data analyst</li>" in page

    response = client.post(
        "/employers/jobs/new", data={**form, "required_skills": [token], "publish": "1"}
    )
    assert response.status_code == 302
    with app.app_context():
        job = db.session.scalar(select(Opportunity))
        assert [s.label for s in job.required_skills] == ["SQL"]


def test_the_job_form_offers_both_suggestion_buttons(app, client, auth):
    _people(app)
    auth.login(ERIK)
    page = unescape(client.get("/employers/jobs/new").get_data(as_text=True))
    assert "Suggest skills from the description" in page
    assert "Suggest occupation from the title" in page
    assert "js/suggestions.js" in page
