"""Vetting: an organisation's jobs are unlisted, and its Candidates tab closed, until an
administrator verifies it; verifying and withdrawing are audited and take effect at once."""

from __future__ import annotations

import json
from html import unescape

import pytest
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import (
    AuditEvent,
    Interaction,
    InteractionKind,
    OpportunityKind,
    OpportunityStatus,
    Organisation,
    Role,
    Visibility,
)
from tests.factories import (
    make_employer,
    make_graduate,
    make_job,
    make_opportunity,
    make_organisation,
    make_skills,
    make_university,
    make_user,
)

UNVERIFIED_EMPLOYER = "uma@newcomer.example.fi"
VERIFIED_EMPLOYER = "vera@established.example.fi"
GRADUATE = "aino@example.com"
ADMIN = "ada@talentmatch.example"
UNLISTED_TITLE = "Data analyst at Newcomer"
LISTED_TITLE = "Data engineer at Established"


@pytest.fixture(autouse=True)
def _workers_check_for_changes_on_every_request(app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)


@pytest.fixture
def world(app) -> dict[str, int]:
    """A verified and an unverified organisation with one open data job each, a data graduate
    who shares their profile with employers, and an administrator."""
    with app.app_context():
        skills = make_skills()
        data_skills = [skills["SQL"], skills["Python (computer programming)"]]
        newcomer = make_organisation("Newcomer Analytics Oy", verified=False)
        established = make_organisation("Established Data Oy")
        make_employer(newcomer, email=UNVERIFIED_EMPLOYER)
        make_employer(established, email=VERIFIED_EMPLOYER)
        unlisted = make_job(
            newcomer,
            title=UNLISTED_TITLE,
            description="Analyse data with SQL and Python.",
            required_skills=data_skills,
        )
        listed = make_job(
            established,
            title=LISTED_TITLE,
            description="Build data pipelines with SQL and Python.",
            required_skills=data_skills,
        )
        make_graduate(
            email=GRADUATE,
            full_name="Aino Analyst",
            visibility=Visibility.EMPLOYERS,
            skills=[*data_skills, skills["data analytics"]],
        )
        admin = make_user(Role.ADMIN, email=ADMIN, full_name="Ada Admin")
        return {
            "unlisted": unlisted.id,
            "listed": listed.id,
            "newcomer": newcomer.id,
            "admin": admin.id,
        }


def _page(response) -> str:
    return unescape(response.get_data(as_text=True))


def _as(client, auth, email: str) -> None:
    auth.logout()
    auth.login(email)


def _audit_events(app, kind: str) -> list[dict[str, object]]:
    with app.app_context():
        rows = db.session.scalars(
            select(AuditEvent).where(AuditEvent.event == kind).order_by(AuditEvent.id)
        ).all()
        return [{"user_id": r.user_id, **json.loads(r.details)} for r in rows]


# --- unlisted until verified ------------------------------------------------------------------


def test_unverified_organisations_job_is_in_no_listing_for_anyone_else(app, client, auth, world):
    for page in (
        client.get("/"),
        client.get("/opportunities/"),
        client.get("/opportunities/?q=data"),
        client.get("/opportunities/?kind=job"),
    ):
        assert page.status_code == 200
        assert UNLISTED_TITLE not in _page(page)
        assert "Newcomer Analytics Oy" not in _page(page)
    assert LISTED_TITLE in _page(client.get("/opportunities/?q=data"))

    auth.login(GRADUATE)
    for_you = _page(client.get("/graduates/for-you"))
    assert LISTED_TITLE in for_you
    assert UNLISTED_TITLE not in for_you


def test_unlisted_job_page_is_404_to_all_but_its_employers_and_admins(app, client, auth, world):
    url = f"/opportunities/{world['unlisted']}"
    response = client.get(url)
    assert response.status_code == 404
    assert UNLISTED_TITLE not in _page(response)
    for email in (GRADUATE, VERIFIED_EMPLOYER):
        _as(client, auth, email)
        response = client.get(url)
        assert response.status_code == 404, email
        assert UNLISTED_TITLE not in _page(response)

    for email in (UNVERIFIED_EMPLOYER, ADMIN):
        _as(client, auth, email)
        page = _page(client.get(url))
        assert UNLISTED_TITLE in page
        assert "Not listed: Newcomer Analytics Oy awaits verification by TalentMatch" in page


def test_graduate_cannot_save_or_hide_an_unlisted_job(app, client, auth, world):
    auth.login(GRADUATE)
    for action in ("save", "unsave", "hide", "not-interested"):
        response = client.post(f"/graduates/opportunities/{world['unlisted']}/{action}")
        assert response.status_code == 404, action
        assert UNLISTED_TITLE not in _page(response)
    assert UNLISTED_TITLE not in _page(client.get("/graduates/saved"))


# --- the employer is told why and what to do --------------------------------------------------


def test_unverified_employer_is_told_why_and_what_to_do_everywhere(
    app, client, auth, world, monkeypatch
):
    monkeypatch.setitem(app.config, "VERIFICATION_WORKING_DAYS", 3)
    monkeypatch.setitem(app.config, "VERIFICATION_CONTACT", "vetting@example.fi")
    auth.login(UNVERIFIED_EMPLOYER)
    for url in (
        "/employers/",
        "/employers/jobs/new",
        f"/employers/jobs/{world['unlisted']}",
        f"/employers/jobs/{world['unlisted']}/edit",
        f"/employers/jobs/{world['unlisted']}/candidates",
    ):
        page = _page(client.get(url))
        assert "Your organisation awaits verification by TalentMatch" in page, url
        assert "its jobs are not listed" in page, url
        assert "check that the business ID (Y-tunnus) and the details match" in page, url
        assert "usually takes 3 working days" in page, url
        assert "vetting@example.fi" in page, url
    assert "Published, not yet listed" in _page(client.get(f"/employers/jobs/{world['unlisted']}"))

    _as(client, auth, VERIFIED_EMPLOYER)
    for url in ("/employers/", "/employers/jobs/new", f"/employers/jobs/{world['listed']}/edit"):
        assert "awaits verification" not in _page(client.get(url)), url


def test_publishing_before_verification_says_when_graduates_will_see_the_job(app, client, auth):
    with app.app_context():
        make_employer(make_organisation("Fresh Oy", verified=False), email=UNVERIFIED_EMPLOYER)
    auth.login(UNVERIFIED_EMPLOYER)
    response = client.post(
        "/employers/jobs/new",
        data={
            "title": "Junior developer",
            "employment_type": "full_time",
            "remote_mode": "on_site",
            "municipality": "Espoo",
            "publish": "Publish",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Graduates will see it once TalentMatch has verified your organisation." in _page(
        response
    )


# --- the Candidates tab -----------------------------------------------------------------------


def test_unverified_employer_candidates_tab_is_closed_and_names_no_one(app, client, auth, world):
    auth.login(UNVERIFIED_EMPLOYER)
    response = client.get(f"/employers/jobs/{world['unlisted']}/candidates")
    page = _page(response)
    assert response.status_code == 403
    assert "The Candidates tab opens when your organisation is verified" in page
    assert "Aino Analyst" not in page

    _as(client, auth, VERIFIED_EMPLOYER)
    response = client.get(f"/employers/jobs/{world['listed']}/candidates")
    assert response.status_code == 200
    assert "Aino Analyst" in _page(response)


# --- verification takes effect at once, and is audited ----------------------------------------


def test_verifying_lists_the_jobs_at_once_and_withdrawing_unlists_them(app, client, auth, world):
    auth.login(GRADUATE)
    assert UNLISTED_TITLE not in _page(client.get("/graduates/for-you"))  # the engine is fitted

    _as(client, auth, ADMIN)
    response = client.post(
        f"/admin/organisations/{world['newcomer']}/verify", follow_redirects=True
    )
    assert "Newcomer Analytics Oy is now verified." in _page(response)

    _as(client, auth, GRADUATE)
    assert UNLISTED_TITLE in _page(client.get("/opportunities/?q=data"))
    assert UNLISTED_TITLE in _page(client.get("/graduates/for-you"))
    assert client.get(f"/opportunities/{world['unlisted']}").status_code == 200
    _as(client, auth, UNVERIFIED_EMPLOYER)
    candidates = client.get(f"/employers/jobs/{world['unlisted']}/candidates")
    assert candidates.status_code == 200
    assert "Aino Analyst" in _page(candidates)

    _as(client, auth, ADMIN)
    client.post(f"/admin/organisations/{world['newcomer']}/unverify")
    _as(client, auth, GRADUATE)
    assert UNLISTED_TITLE not in _page(client.get("/graduates/for-you"))
    assert UNLISTED_TITLE not in _page(client.get("/opportunities/?q=data"))
    assert client.get(f"/opportunities/{world['unlisted']}").status_code == 404

    expected = {
        "user_id": world["admin"],
        "organisation_id": world["newcomer"],
        "organisation_name": "Newcomer Analytics Oy",
    }
    assert _audit_events(app, "organisation_verified") == [expected]
    assert _audit_events(app, "organisation_unverified") == [expected]


def test_admin_sees_who_registered_an_organisation_and_what_it_published(app, client, auth, world):
    auth.login(ADMIN)
    page = _page(client.get("/admin/organisations?show=awaiting"))
    assert "Newcomer Analytics Oy" in page
    assert "Established Data Oy" not in page
    row = page.split("Newcomer Analytics Oy", 1)[1].split("</tr>", 1)[0]
    assert f"<{UNVERIFIED_EMPLOYER}>" in row
    assert '<td>1<br><span class="meta">not listed until verified</span></td>' in row


def test_verifying_twice_records_one_event(app, client, auth, world):
    auth.login(ADMIN)
    for _ in range(2):
        client.post(f"/admin/organisations/{world['newcomer']}/verify")
    assert len(_audit_events(app, "organisation_verified")) == 1


def test_changing_the_business_id_unlists_the_jobs_until_verified_again(app, client, auth):
    with app.app_context():
        organisation = make_organisation("Established Data Oy", business_id="0112038-9")
        organisation_id = organisation.id
        make_employer(organisation, email=VERIFIED_EMPLOYER)
        job_id = make_job(organisation, title=LISTED_TITLE).id
        make_graduate(email=GRADUATE)
    auth.login(VERIFIED_EMPLOYER)
    form = _page(client.get("/employers/organisation"))
    assert "Changing its name or business ID sends it back for verification" in form
    response = client.post(
        "/employers/organisation",
        data={"name": "Established Data Oy", "business_id": "1572860-0"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "A new name or business ID needs to be verified again" in _page(response)
    assert "Your organisation awaits verification by TalentMatch" in _page(response)
    with app.app_context():
        assert db.session.get(Organisation, organisation_id).verified is False
        employer_id = db.session.scalar(
            select(AuditEvent.user_id).where(AuditEvent.event == "organisation_unverified")
        )
        assert employer_id is not None
    assert _audit_events(app, "organisation_unverified")[0]["reason"] == "business_id_changed"
    _as(client, auth, GRADUATE)
    assert client.get(f"/opportunities/{job_id}").status_code == 404
    assert LISTED_TITLE not in _page(client.get("/opportunities/"))


# --- nothing about an opportunity a graduate may not see --------------------------------------


@pytest.fixture
def hidden_things(app) -> dict[str, int]:
    """A draft item, a closed job, and a job and a programme the graduate saved before the job
    closed and the programme went back to draft."""
    with app.app_context():
        university = make_university()
        graduate = make_graduate(email=GRADUATE)
        draft = make_opportunity(
            OpportunityKind.EVENT,
            title="Secret draft meetup",
            university=university,
            status=OpportunityStatus.DRAFT,
        )
        closed = make_job(title="Closed role nobody saved", status=OpportunityStatus.CLOSED)
        saved_then_closed = make_job(title="Saved role, now closed")
        saved_draft = make_opportunity(
            OpportunityKind.PROGRAMME, title="Programme back in draft", university=university
        )
        for opportunity in (saved_then_closed, saved_draft):
            db.session.add(
                Interaction(
                    user_id=graduate.id, opportunity_id=opportunity.id, kind=InteractionKind.SAVE
                )
            )
        saved_then_closed.status = OpportunityStatus.CLOSED
        saved_draft.status = OpportunityStatus.DRAFT
        db.session.commit()
        return {
            "draft": draft.id,
            "closed": closed.id,
            "saved_then_closed": saved_then_closed.id,
            "saved_draft": saved_draft.id,
        }


def test_feedback_on_a_draft_or_closed_opportunity_reveals_no_title(
    app, client, auth, hidden_things
):
    auth.login(GRADUATE)
    titles = ("Secret draft meetup", "Closed role nobody saved", "Programme back in draft")
    for name in ("draft", "closed", "saved_draft"):
        for action in ("save", "unsave", "hide", "not-interested"):
            response = client.post(
                f"/graduates/opportunities/{hidden_things[name]}/{action}", follow_redirects=True
            )
            page = _page(response)
            assert response.status_code == 404, (name, action)
            assert not any(title in page for title in titles), (name, action)


def test_graduate_can_still_unsave_what_they_saved_before_it_closed(
    app, client, auth, hidden_things
):
    auth.login(GRADUATE)
    saved = _page(client.get("/graduates/saved"))
    assert "Saved role, now closed" in saved
    assert "Programme back in draft" not in saved
    response = client.post(
        f"/graduates/opportunities/{hidden_things['saved_then_closed']}/unsave",
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "“Saved role, now closed” is no longer saved." in _page(response)
    assert "Saved role, now closed" not in _page(client.get("/graduates/saved"))
