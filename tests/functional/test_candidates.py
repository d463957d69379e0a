"""The employer's Candidates tab: consenting graduates ranked for a job, with the mutual why."""

from __future__ import annotations

from html import unescape

import pytest

from talentmatch.engine import EXTENSION_KEY
from talentmatch.models import CEFRLevel, OpportunityStatus, Visibility
from tests.factories import (
    make_employer,
    make_graduate,
    make_job,
    make_organisation,
    make_skills,
)

ERIK = "erik@nordicdata.example.fi"


@pytest.fixture(autouse=True)
def _workers_check_for_changes_on_every_request(app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)


def _job_and_graduates(app) -> dict[str, int]:
    """A data job, three data graduates who differ only in who may see them, and a marketer."""
    with app.app_context():
        skills = make_skills()
        python, sql = skills["Python (computer programming)"], skills["SQL"]
        organisation = make_organisation(name="Nordic Data Oy")
        make_employer(organisation, email=ERIK)
        job = make_job(
            organisation,
            title="Data analyst",
            description="Analyse data with SQL and Python.",
            required_skills=[sql, python],
            languages={"fi": CEFRLevel.B2},
        )
        for name, email, visibility, skill_list in (
            (
                "Aino Open",
                "aino@example.com",
                Visibility.EMPLOYERS,
                [sql, python, skills["data analytics"]],
            ),
            ("Bo Private", "bo@example.com", Visibility.PRIVATE, [sql, python]),
            ("Chen Careers", "chen@example.com", Visibility.CAREER_SERVICES, [sql, python]),
            (
                "Dana Marketer",
                "dana@example.com",
                Visibility.EMPLOYERS,
                [skills["marketing principles"]],
            ),
        ):
            make_graduate(
                email=email,
                full_name=name,
                visibility=visibility,
                skills=skill_list,
                languages={"en": CEFRLevel.C1, "fi": CEFRLevel.A2},
            )
        other = make_job(make_organisation(name="Other Oy"), title="Other job")
        draft = make_job(organisation, title="Draft job", status=OpportunityStatus.DRAFT)
        return {"job": job.id, "other": other.id, "draft": draft.id}


def test_candidates_are_ranked_consenting_graduates_with_the_mutual_why(app, client, auth):
    ids = _job_and_graduates(app)
    auth.login(ERIK)
    response = client.get(f"/employers/jobs/{ids['job']}/candidates")
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Aino Open" in page
    assert "Dana Marketer" in page
    assert page.index("Aino Open") < page.index("Dana Marketer")
    # both required skills met, but the job's Finnish minimum is not: at most "some"
    assert "Some mutual fit" in page
    assert "2 of its 2 required skills met." in page
    assert "Shared skills: SQL, Python (computer programming)." in page
    assert "Has Finnish A2; the job asks for B2." in page
    assert "Missing skills: SQL, Python (computer programming)." in page


def test_private_and_career_services_only_graduates_never_appear(app, client, auth):
    ids = _job_and_graduates(app)
    auth.login(ERIK)
    page = client.get(f"/employers/jobs/{ids['job']}/candidates").get_data(as_text=True)
    assert "Bo Private" not in page
    assert "Chen Careers" not in page


def test_candidate_emails_are_not_shown(app, client, auth):
    ids = _job_and_graduates(app)
    auth.login(ERIK)
    page = client.get(f"/employers/jobs/{ids['job']}/candidates").get_data(as_text=True)
    assert "aino@example.com" not in page
    assert "dana@example.com" not in page


def test_job_page_links_to_its_candidates_tab(app, client, auth):
    ids = _job_and_graduates(app)
    auth.login(ERIK)
    page = client.get(f"/employers/jobs/{ids['job']}").get_data(as_text=True)
    assert f'href="/employers/jobs/{ids["job"]}/candidates"' in page


def test_another_organisations_job_is_forbidden(app, client, auth):
    ids = _job_and_graduates(app)
    auth.login(ERIK)
    response = client.get(f"/employers/jobs/{ids['other']}/candidates")
    assert response.status_code == 403
    assert "Aino Open" not in response.get_data(as_text=True)


def test_a_missing_job_is_not_found(app, client, auth):
    _job_and_graduates(app)
    auth.login(ERIK)
    assert client.get("/employers/jobs/999999/candidates").status_code == 404


def test_a_draft_job_has_no_candidates_until_published(app, client, auth):
    ids = _job_and_graduates(app)
    auth.login(ERIK)
    response = client.get(f"/employers/jobs/{ids['draft']}/candidates")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Candidates are ranked for open jobs." in page
    assert "Aino Open" not in page


def test_graduates_cannot_see_candidates(app, client, auth):
    ids = _job_and_graduates(app)
    auth.login("aino@example.com")
    assert client.get(f"/employers/jobs/{ids['job']}/candidates").status_code == 403


def test_while_the_pool_of_candidates_is_built_the_tab_says_so_then_ranks_them(
    app, client, auth, monkeypatch
):
    """In production the pool is built in a thread of its own, never in a request."""
    monkeypatch.setitem(app.config, "MATCHING_POOL_IN_BACKGROUND", True)
    ids = _job_and_graduates(app)
    auth.login(ERIK)
    first = client.get(f"/employers/jobs/{ids['job']}/candidates").get_data(as_text=True)
    assert "Candidates are being prepared. Please come back in a minute." in unescape(first)
    assert "Aino Open" not in first
    assert app.extensions[EXTENSION_KEY].wait_for_pool()
    page = client.get(f"/employers/jobs/{ids['job']}/candidates").get_data(as_text=True)
    assert "Aino Open" in page
    assert "being prepared" not in page
