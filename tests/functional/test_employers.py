"""Employer pages: registering the organisation and posting, editing, closing and reopening jobs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    CEFRLevel,
    EmploymentType,
    Opportunity,
    OpportunityStatus,
    Organisation,
    User,
)
from tests.factories import (
    make_employer,
    make_graduate,
    make_job,
    make_organisation,
    make_skills,
)
from tests.mailbox import confirm_email

PASSWORD = "tram to Kallio at dawn"


def _job_form(skill_ids: dict[str, int], **overrides) -> dict[str, object]:
    form: dict[str, object] = {
        "title": "Junior data engineer",
        "description": "Pipelines for the city's open data.",
        "employment_type": "full_time",
        "required_skills": [f"esco:{skill_ids['Python (computer programming)']}:Python"],
        "required_skills-typed": "SQL",
        "nice_to_have_skills": [f"esco:{skill_ids['machine learning']}:machine learning"],
        "nice_to_have_skills-typed": "",
        "languages-0-code": "fi",
        "languages-0-level": "B2",
        "languages-1-code": "",
        "languages-1-level": "",
        "municipality": "Espoo",
        "remote_mode": "hybrid",
        "salary_min": "3200",
        "salary_max": "4000",
        "sponsors_permit": "y",
        "deadline": (date.today() + timedelta(days=30)).isoformat(),
        "url": "https://nordicdata.example.fi/jobs/42",
        "publish": "1",
    }
    form.update(overrides)
    return form


def _skill_ids(app) -> dict[str, int]:
    with app.app_context():
        return {label: skill.id for label, skill in make_skills().items()}


def _only_job(app) -> dict[str, object]:
    """What the database holds about the single job, read in a fresh session."""
    with app.app_context():
        job = db.session.scalars(select(Opportunity)).one()
        return {
            "id": job.id,
            "title": job.title,
            "status": job.status,
            "organisation_id": job.organisation_id,
            "employment_type": job.employment_type,
            "salary": (job.salary_min, job.salary_max),
            "sponsors_permit": job.sponsors_permit,
            "required": [s.label for s in job.required_skills],
            "nice": [s.label for s in job.nice_to_have_skills],
            "languages": {lang.code: lang.cefr for lang in job.languages},
            "deadline": job.deadline,
        }


def test_employer_registers_posts_edits_closes_and_reopens_a_job(app, client, smtp_server):
    skill_ids = _skill_ids(app)

    response = client.post(
        "/auth/register",
        data={
            "role": "employer",
            "full_name": "Erika Employer",
            "email": "erika@nordicdata.example.fi",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "university_id": "0",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/auth/check-inbox")
    inbox_page = client.get("/auth/check-inbox").get_data(as_text=True)
    assert "confirm your address; you are then logged in" in inbox_page
    assert "your profile" not in inbox_page  # employers have no profile, only an organisation
    response = confirm_email(client, smtp_server, "erika@nordicdata.example.fi")
    assert response.headers["Location"].endswith("/employers/organisation")

    page = client.get("/employers/")
    assert "Register your organisation" in page.get_data(as_text=True)

    response = client.post(
        "/employers/organisation",
        data={
            "name": "Nordic Data Oy",
            "business_id": "1572860-0",
            "industry": "Software",
            "size": "10-49",
            "website": "nordicdata.example.fi",
            "description": "Data platforms for Finnish cities.",
        },
        follow_redirects=True,
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Jobs at Nordic Data Oy" in text
    assert "Awaiting verification" in text
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email.like("erika@%"))).one()
        organisation = user.organisation
        assert organisation.business_id == "1572860-0"
        assert organisation.website == "https://nordicdata.example.fi"
        assert organisation.verified is False
        organisation_id = organisation.id

    form_page = client.get("/employers/jobs/new").get_data(as_text=True)
    assert "Save as draft" in form_page and "Publish" in form_page
    assert "js/skill-picker.js" in form_page
    assert 'name="languages-1-code"' in form_page  # two blank language rows
    assert "Minimum level" in form_page

    response = client.post("/employers/jobs/new", data=_job_form(skill_ids))
    assert response.status_code == 302
    job = _only_job(app)
    assert job["status"] is OpportunityStatus.OPEN
    assert job["organisation_id"] == organisation_id
    assert job["employment_type"] is EmploymentType.FULL_TIME
    assert job["required"] == ["Python (computer programming)", "SQL"]
    assert job["nice"] == ["machine learning"]
    assert job["languages"] == {"fi": CEFRLevel.B2}
    assert job["salary"] == (3200, 4000)
    assert job["sponsors_permit"] is True
    assert response.headers["Location"].endswith(f"/employers/jobs/{job['id']}")

    detail = client.get(f"/employers/jobs/{job['id']}").get_data(as_text=True)
    assert "Finnish: at least B2" in detail
    assert f"/opportunities/{job['id']}" in detail

    edit_page = client.get(f"/employers/jobs/{job['id']}/edit").get_data(as_text=True)
    assert 'value="Junior data engineer"' in edit_page
    assert 'name="languages-2-code"' in edit_page  # the saved row plus two blank ones

    edited = _job_form(
        skill_ids,
        title="Data engineer",
        **{"languages-0-level": "C1", "required_skills-typed": ""},
    )
    del edited["publish"]
    edited["save_draft"] = "1"  # labelled "Save changes" on a published job
    response = client.post(f"/employers/jobs/{job['id']}/edit", data=edited)
    assert response.status_code == 302
    job = _only_job(app)
    assert job["title"] == "Data engineer"
    assert job["languages"] == {"fi": CEFRLevel.C1}
    assert job["required"] == ["Python (computer programming)"]
    assert job["status"] is OpportunityStatus.OPEN  # saving changes keeps an open job open

    response = client.post(f"/employers/jobs/{job['id']}/close", follow_redirects=True)
    assert "is closed" in response.get_data(as_text=True)
    assert _only_job(app)["status"] is OpportunityStatus.CLOSED

    response = client.post(f"/employers/jobs/{job['id']}/reopen", follow_redirects=True)
    assert "is open again" in response.get_data(as_text=True)
    assert _only_job(app)["status"] is OpportunityStatus.OPEN


def _employer_with_organisation(app) -> str:
    with app.app_context():
        return make_employer(make_organisation(name="Nordic Data Oy")).email


def test_draft_is_listed_as_draft_and_published_from_the_edit_form(app, client, auth):
    skill_ids = _skill_ids(app)
    auth.login(_employer_with_organisation(app))
    form = _job_form(skill_ids, save_draft="1")
    del form["publish"]
    assert client.post("/employers/jobs/new", data=form).status_code == 302
    job_id = _only_job(app)["id"]
    assert _only_job(app)["status"] is OpportunityStatus.DRAFT
    dashboard = client.get("/employers/").get_data(as_text=True)
    assert "Junior data engineer" in dashboard
    assert "badge-draft" in dashboard

    response = client.post(f"/employers/jobs/{job_id}/edit", data=_job_form(skill_ids))
    assert response.status_code == 302
    assert _only_job(app)["status"] is OpportunityStatus.OPEN


def test_business_id_with_wrong_check_digit_shows_a_message_and_saves_nothing(app, client, auth):
    with app.app_context():
        email = make_employer().email
    auth.login(email)
    response = client.post(
        "/employers/organisation", data={"name": "Nordic Data Oy", "business_id": "1572860-1"}
    )
    assert response.status_code == 400
    assert "check digit does not match" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0
        assert db.session.scalars(select(User)).one().organisation_id is None


def test_business_id_already_registered_tells_the_employer_to_ask_for_an_invitation(
    app, client, auth
):
    with app.app_context():
        make_organisation(name="Nordic Data Oy", business_id="1572860-0")
        email = make_employer().email
    auth.login(email)
    response = client.post(
        "/employers/organisation", data={"name": "Nordic Data", "business_id": "1572860-0"}
    )
    assert response.status_code == 400
    assert "the colleague who registered it posts its jobs" in response.get_data(as_text=True)


def test_invalid_job_shows_messages_and_saves_nothing(app, client, auth):
    skill_ids = _skill_ids(app)
    auth.login(_employer_with_organisation(app))
    response = client.post(
        "/employers/jobs/new",
        data=_job_form(
            skill_ids,
            salary_min="5000",
            salary_max="4000",
            deadline=(date.today() - timedelta(days=3)).isoformat(),
            description="x" * 100_000,
            required_skills=["esco:987654:Ghost skill"],
        ),
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Field cannot be longer than 20000 characters." in text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Opportunity)) == 0

    response = client.post(
        "/employers/jobs/new",
        data=_job_form(
            skill_ids,
            salary_min="5000",
            salary_max="4000",
            deadline=(date.today() - timedelta(days=3)).isoformat(),
            required_skills=["esco:987654:Ghost skill"],
            employment_type="",
        ),
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose the type of employment." in text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Opportunity)) == 0

    response = client.post(
        "/employers/jobs/new",
        data=_job_form(
            skill_ids,
            salary_min="5000",
            salary_max="4000",
            deadline=(date.today() - timedelta(days=3)).isoformat(),
            required_skills=["esco:987654:Ghost skill"],
        ),
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The maximum salary must be at least the minimum." in text
    assert "The deadline cannot be in the past." in text
    assert "Unknown skill: please pick one from the list." in text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Opportunity)) == 0


def test_reopening_after_the_deadline_passed_asks_to_edit_the_deadline(app, client, auth):
    with app.app_context():
        organisation = make_organisation()
        email = make_employer(organisation).email
        job_id = make_job(
            organisation,
            status=OpportunityStatus.CLOSED,
            deadline=date.today() - timedelta(days=5),
        ).id
    auth.login(email)
    response = client.post(f"/employers/jobs/{job_id}/reopen")
    assert response.status_code == 400
    assert "Edit the deadline first" in response.get_data(as_text=True)
    assert _only_job(app)["status"] is OpportunityStatus.CLOSED


def test_employer_without_organisation_is_sent_to_register_it_before_posting(app, client, auth):
    with app.app_context():
        email = make_employer().email
    auth.login(email)
    for method in (client.get, client.post):
        response = method("/employers/jobs/new")
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/employers/organisation")


def test_employer_cannot_see_edit_close_or_reopen_another_organisations_job(app, client, auth):
    skill_ids = _skill_ids(app)
    with app.app_context():
        theirs = make_job(make_organisation(name="Rival Oy", business_id="0112038-9"))
        their_id, their_title = theirs.id, theirs.title
        email = make_employer(make_organisation(name="Us Oy", business_id="1572860-0")).email
    auth.login(email)
    assert client.get(f"/employers/jobs/{their_id}").status_code == 403
    assert client.get(f"/employers/jobs/{their_id}/edit").status_code == 403
    response = client.post(f"/employers/jobs/{their_id}/edit", data=_job_form(skill_ids))
    assert response.status_code == 403
    assert client.post(f"/employers/jobs/{their_id}/close").status_code == 403
    assert client.post(f"/employers/jobs/{their_id}/reopen").status_code == 403
    job = _only_job(app)
    assert (job["title"], job["status"]) == (their_title, OpportunityStatus.OPEN)
    assert their_title not in client.get("/employers/").get_data(as_text=True)


def test_missing_job_is_not_found(app, client, auth):
    auth.login(_employer_with_organisation(app))
    assert client.get("/employers/jobs/987654").status_code == 404
    assert client.get("/employers/jobs/987654/edit").status_code == 404
    assert client.post("/employers/jobs/987654/close").status_code == 404
    assert client.post("/employers/jobs/987654/reopen").status_code == 404


EMPLOYER_PAGES = [
    ("get", "/employers/"),
    ("get", "/employers/organisation"),
    ("post", "/employers/organisation"),
    ("get", "/employers/jobs/new"),
    ("post", "/employers/jobs/new"),
    ("get", "/employers/jobs/1"),
    ("get", "/employers/jobs/1/edit"),
    ("post", "/employers/jobs/1/edit"),
    ("post", "/employers/jobs/1/close"),
    ("post", "/employers/jobs/1/reopen"),
]


@pytest.mark.parametrize(("method", "path"), EMPLOYER_PAGES)
def test_anonymous_visitor_is_sent_to_login(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize(("method", "path"), EMPLOYER_PAGES)
def test_graduate_gets_403_on_employer_pages(app, client, auth, method, path):
    with app.app_context():
        email = make_graduate().email
    auth.login(email)
    assert getattr(client, method)(path).status_code == 403
