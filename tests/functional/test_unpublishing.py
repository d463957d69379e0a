"""Administrators unpublish any opportunity, with a reason its owners are told, and republish it:
an unpublished item leaves search and "For you" at once and its owners cannot reopen it."""

from __future__ import annotations

import json
from html import unescape

import pytest
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import (
    AuditEvent,
    CEFRLevel,
    Notification,
    NotificationKind,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Role,
)
from tests.factories import (
    make_career_services,
    make_employer,
    make_graduate,
    make_job,
    make_opportunity,
    make_organisation,
    make_skills,
    make_university,
    make_user,
)

GRACE = "grace@example.com"
ADMIN = "ada@example.com"
EMPLOYER = "erik@nordicdata.example"
STAFF = "aino@helsinki.example"
REASON = "Asks applicants to pay a registration fee."


@pytest.fixture(autouse=True)
def _workers_check_for_changes_on_every_request(app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)


@pytest.fixture
def catalogue(app) -> dict[str, int]:
    with app.app_context():
        skills = make_skills()
        python, sql = skills["Python (computer programming)"], skills["SQL"]
        make_graduate(
            email=GRACE,
            skills=[python, sql, skills["data analytics"]],
            languages={"en": CEFRLevel.C1},
        )
        organisation = make_organisation(name="Nordic Data Oy")
        make_employer(organisation, email=EMPLOYER)
        university = make_university(name="University of Helsinki")
        make_career_services(university, email=STAFF)
        make_user(Role.ADMIN, email=ADMIN, full_name="Ada Admin")
        job = make_job(
            organisation,
            title="Data analyst",
            description="Analyse open data with SQL and Python.",
            required_skills=[sql, python],
        )
        programme = make_opportunity(
            OpportunityKind.PROGRAMME,
            title="Data talent programme",
            university=university,
            required_skills=[skills["data analytics"]],
        )
        draft = make_job(organisation, title="Draft role", status=OpportunityStatus.DRAFT)
        return {"job": job.id, "programme": programme.id, "draft": draft.id}


def _as(auth, email: str) -> None:
    auth.logout()
    assert auth.login(email).status_code == 302


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


def _for_you(client) -> str:
    response = client.get("/graduates/for-you")
    assert response.status_code == 200
    return _text(response)


def _listed(client) -> str:
    response = client.get("/opportunities/")
    assert response.status_code == 200
    return _text(response)


def _status(app, opportunity_id: int) -> OpportunityStatus:
    with app.app_context():
        return db.session.get(Opportunity, opportunity_id).status


def test_an_unpublished_job_leaves_search_and_for_you_and_its_employers_are_told(
    app, client, auth, catalogue
):
    _as(auth, GRACE)
    assert "Data analyst" in _for_you(client)
    assert "Data analyst" in _listed(client)

    _as(auth, ADMIN)
    listing = _text(client.get("/admin/opportunities?text=analyst&kind=job"))
    assert "Data analyst" in listing and "Data talent programme" not in listing
    form = client.get(f"/admin/opportunities/{catalogue['job']}/unpublish")
    assert "Erik Employer" in _text(form)  # who will be told
    response = client.post(
        f"/admin/opportunities/{catalogue['job']}/unpublish?kind=job", data={"reason": REASON}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/opportunities?kind=job"
    page = _text(client.get(response.headers["Location"]))
    assert "“Data analyst” is unpublished; its owners have been told why." in page
    assert REASON in page and "Republish" in page
    assert _status(app, catalogue["job"]) is OpportunityStatus.CLOSED

    with app.app_context():
        [notice] = db.session.scalars(select(Notification)).all()
        assert notice.kind is NotificationKind.OPPORTUNITY_UNPUBLISHED
        assert notice.text == f"An administrator unpublished “Data analyst”: {REASON}"
        [event] = db.session.scalars(
            select(AuditEvent).where(AuditEvent.event == "opportunity_unpublished")
        ).all()
        assert json.loads(event.details)["reason"] == REASON

    _as(auth, GRACE)
    assert "Data analyst" not in _for_you(client)
    assert "Data analyst" not in _listed(client)
    assert "Data talent programme" in _listed(client)

    _as(auth, EMPLOYER)
    notifications = _text(client.get("/notifications/"))
    assert f"An administrator unpublished “Data analyst”: {REASON}" in notifications
    refused = client.post(f"/employers/jobs/{catalogue['job']}/reopen", follow_redirects=True)
    assert "only an administrator can publish it again" in _text(refused)
    assert _status(app, catalogue["job"]) is OpportunityStatus.CLOSED


def test_a_republished_job_comes_back_everywhere(app, client, auth, catalogue):
    _as(auth, ADMIN)
    client.post(f"/admin/opportunities/{catalogue['job']}/unpublish", data={"reason": REASON})
    response = client.post(
        f"/admin/opportunities/{catalogue['job']}/republish", follow_redirects=True
    )
    assert "“Data analyst” is published again." in _text(response)
    assert _status(app, catalogue["job"]) is OpportunityStatus.OPEN
    with app.app_context():
        job = db.session.get(Opportunity, catalogue["job"])
        assert job.unpublished_at is None and job.unpublished_reason is None
    _as(auth, GRACE)
    assert "Data analyst" in _for_you(client)
    assert "Data analyst" in _listed(client)


def test_an_unpublished_programme_is_told_to_its_career_services_who_cannot_reopen_it(
    app, client, auth, catalogue
):
    _as(auth, ADMIN)
    client.post(f"/admin/opportunities/{catalogue['programme']}/unpublish", data={"reason": REASON})
    _as(auth, STAFF)
    assert REASON in _text(client.get("/notifications/"))
    refused = client.post(f"/opportunities/{catalogue['programme']}/reopen", follow_redirects=True)
    assert "only an administrator can publish it again" in _text(refused)
    assert _status(app, catalogue["programme"]) is OpportunityStatus.CLOSED
    _as(auth, GRACE)
    assert "Data talent programme" not in _for_you(client)


def test_unpublishing_needs_a_reason_and_a_published_opportunity(app, client, auth, catalogue):
    _as(auth, ADMIN)
    response = client.post(
        f"/admin/opportunities/{catalogue['job']}/unpublish", data={"reason": "  "}
    )
    assert response.status_code == 400
    assert "Say why it is unpublished" in _text(response)
    response = client.post(
        f"/admin/opportunities/{catalogue['job']}/unpublish", data={"reason": "x" * 100_000}
    )
    assert response.status_code == 400
    assert _status(app, catalogue["job"]) is OpportunityStatus.OPEN

    response = client.post(
        f"/admin/opportunities/{catalogue['draft']}/unpublish", data={"reason": REASON}
    )
    assert response.status_code == 400
    assert "This opportunity is a draft: it is not published." in _text(response)
    response = client.post(
        f"/admin/opportunities/{catalogue['job']}/republish", follow_redirects=True
    )
    assert "This opportunity is not unpublished." in _text(response)
    assert client.get("/admin/opportunities/999999/unpublish").status_code == 404
    with app.app_context():
        assert db.session.scalars(select(Notification)).all() == []


def test_the_list_filters_by_title_kind_and_status_and_refuses_bad_filters(
    app, client, auth, catalogue
):
    _as(auth, ADMIN)
    everything = _text(client.get("/admin/opportunities"))
    for title in ("Data analyst", "Data talent programme", "Draft role"):
        assert title in everything
    drafts = _text(client.get("/admin/opportunities?status=draft"))
    assert "Draft role" in drafts and "Data analyst" not in drafts
    programmes = _text(client.get("/admin/opportunities?kind=programme&text=TALENT"))
    assert "Data talent programme" in programmes and "Data analyst" not in programmes
    assert "No opportunities match" in _text(client.get("/admin/opportunities?text=100%25"))
    for query in ("kind=spaceship", "status=lost", "page=0", "page=abc", "text=" + "x" * 300):
        assert client.get(f"/admin/opportunities?{query}").status_code == 400, query
