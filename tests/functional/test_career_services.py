"""Career services curate programmes, communities and events, and see their dashboard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Role,
    University,
    Visibility,
)
from tests.factories import (
    make_graduate,
    make_opportunity,
    make_organisation,
    make_skills,
    make_university,
    make_user,
)

SOON = date.today() + timedelta(days=20)


@pytest.fixture
def staff(app, auth):
    """A signed-in career-services member; returns (university id, email)."""
    with app.app_context():
        university = make_university(name="University of Helsinki")
        user = make_user(Role.CAREER_SERVICES, university=university)
        ids = university.id, user.email
    auth.login(ids[1])
    return ids


def event_form(**changes) -> dict[str, str]:
    form = {
        "title": "Meet Helsinki employers",
        "description": "An evening with twenty employers hiring in English.",
        "municipality": "Helsinki",
        "remote_mode": "on_site",
        "url": "https://helsinki.example/events/meet",
        "deadline": SOON.isoformat(),
        "starts_at": f"{SOON.isoformat()}T17:00",
        "ends_at": f"{SOON.isoformat()}T20:00",
        "capacity": "80",
        "languages-0-code": "en",
        "languages-0-level": "B1",
        "required_skills-typed": "",
        "nice_to_have_skills-typed": "networking",
        "publish": "Publish",
    }
    form.update(changes)
    return form


def saved(app, **where) -> Opportunity | None:
    with app.app_context():
        opportunity = db.session.scalar(select(Opportunity).filter_by(**where))
        if opportunity is not None:
            db.session.expunge(opportunity)
        return opportunity


def test_career_services_create_edit_close_and_reopen_an_event(app, client, staff):
    university_id, _email = staff
    with app.app_context():
        sql = make_skills()["SQL"]
        sql_token = f"esco:{sql.id}:SQL"

    response = client.post("/opportunities/new/event", data=event_form(required_skills=sql_token))
    assert response.status_code == 302
    event = saved(app, title="Meet Helsinki employers")
    assert event.university_id == university_id
    assert event.status is OpportunityStatus.OPEN
    assert event.capacity == 80
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Published" in page and "SQL" in page and "networking" in page

    edit_page = client.get(f"/opportunities/{event.id}/edit").get_data(as_text=True)
    assert 'value="Meet Helsinki employers"' in edit_page
    assert sql_token in edit_page
    response = client.post(
        f"/opportunities/{event.id}/edit",
        data=event_form(title="Meet Espoo employers", municipality="Espoo", save="Save"),
    )
    assert response.status_code == 302
    event = saved(app, id=event.id)
    assert event.title == "Meet Espoo employers" and event.municipality == "Espoo"

    response = client.post(f"/opportunities/{event.id}/close", data={"next": "/career-services/"})
    assert response.headers["Location"] == "/career-services/"
    assert saved(app, id=event.id).status is OpportunityStatus.CLOSED
    assert "Closed" in client.get("/career-services/").get_data(as_text=True)
    assert "Meet Espoo employers" not in client.get("/opportunities/").get_data(as_text=True)

    client.post(f"/opportunities/{event.id}/reopen")
    assert saved(app, id=event.id).status is OpportunityStatus.OPEN
    assert "Meet Espoo employers" in client.get("/opportunities/").get_data(as_text=True)


def test_saving_as_draft_keeps_it_private(app, client, staff):
    client.post("/opportunities/new/programme", data=event_form(publish="", save_draft="Save"))
    draft = saved(app, title="Meet Helsinki employers")
    assert draft.status is OpportunityStatus.DRAFT
    assert draft.kind is OpportunityKind.PROGRAMME
    assert client.get(f"/opportunities/{draft.id}").status_code == 200  # the owner sees it
    client.post("/auth/logout")
    assert client.get(f"/opportunities/{draft.id}").status_code == 404


def test_event_ending_before_it_starts_is_refused(app, client, staff):
    response = client.post(
        "/opportunities/new/event",
        data=event_form(starts_at=f"{SOON}T18:00", ends_at=f"{SOON}T09:00"),
    )
    assert response.status_code == 400
    assert "The end must be after the start." in response.get_data(as_text=True)
    assert saved(app, title="Meet Helsinki employers") is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "x" * 100_000}, "Field cannot be longer than 200 characters."),
        ({"starts_at": "", "ends_at": ""}, "Give the date and time the event starts."),
        ({"deadline": "2001-01-01"}, "The deadline cannot be in the past."),
        ({"capacity": "0"}, "Give between 1 and 100,000 places"),
        ({"required_skills": "esco:999999:Invented"}, "Unknown skill"),
        ({"url": "javascript:alert(1)"}, "Enter a full web address"),
        ({"starts_at": "tomorrow"}, "Not a valid datetime value."),
        ({"languages-0-level": ""}, "Choose both a language and a level."),
    ],
)
def test_bad_event_input_gets_a_clear_message_and_saves_nothing(
    app, client, staff, changes, message
):
    response = client.post("/opportunities/new/event", data=event_form(**changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Opportunity)) == 0


def test_jobs_cannot_be_created_here(client, staff):
    assert client.get("/opportunities/new/job").status_code == 404
    assert client.get("/opportunities/new/party").status_code == 404


def test_career_services_get_403_on_another_universitys_item(app, client, staff):
    with app.app_context():
        other = make_opportunity(
            OpportunityKind.EVENT, title="Aalto recruiting day", university=make_university()
        )
        other_id = other.id
    assert client.get(f"/opportunities/{other_id}/edit").status_code == 403
    assert client.post(f"/opportunities/{other_id}/edit", data=event_form()).status_code == 403
    assert client.post(f"/opportunities/{other_id}/close").status_code == 403
    assert saved(app, id=other_id).status is OpportunityStatus.OPEN
    assert client.get("/opportunities/424242/edit").status_code == 404


def test_dashboard_shows_overview_and_items(app, client, staff):
    university_id, _email = staff
    with app.app_context():
        ours = db.session.get(University, university_id)
        make_opportunity(OpportunityKind.EVENT, title="Our fair", university=ours)
        make_opportunity(
            OpportunityKind.COMMUNITY,
            title="Our alumni circle",
            university=ours,
            status=OpportunityStatus.DRAFT,
        )
        make_opportunity(OpportunityKind.EVENT, title="Their fair", university=make_university())
        make_graduate(university_id=university_id, visibility=Visibility.EMPLOYERS)
        make_graduate(university_id=university_id, visibility=Visibility.PRIVATE)
    response = client.get("/career-services/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "University of Helsinki" in page
    assert "Our fair" in page and "Our alumni circle" in page and "Their fair" not in page
    assert "<strong>1</strong> graduates sharing their profile" in page
    assert "/opportunities/new/programme" in page and "/opportunities/new/event" in page


def test_admin_creates_a_community_for_an_organisation(app, client, auth):
    with app.app_context():
        organisation_id = make_organisation(name="Maria 01", business_id=None).id
        email = make_user(Role.ADMIN).email
    auth.login(email)
    assert "Maria 01" in client.get("/opportunities/new/community").get_data(as_text=True)
    response = client.post(
        "/opportunities/new/community",
        data=event_form(title="Founders' breakfast", provider=f"organisation:{organisation_id}"),
    )
    assert response.status_code == 302
    community = saved(app, title="Founders' breakfast")
    assert community.organisation_id == organisation_id
    assert community.starts_at is None
    response = client.post("/opportunities/new/community", data=event_form(provider=""))
    assert response.status_code == 400
    assert "Choose one university or one organisation" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    ["/career-services/", "/opportunities/new/event", "/opportunities/1/edit"],
)
def test_anonymous_users_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_anonymous_post_to_close_is_sent_to_login(client):
    response = client.post("/opportunities/1/close")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "path",
    ["/career-services/", "/opportunities/new/event", "/opportunities/1/edit"],
)
def test_graduates_get_403_on_career_services_pages(app, client, auth, path):
    with app.app_context():
        email = make_graduate().email
    auth.login(email)
    assert client.get(path).status_code == 403
