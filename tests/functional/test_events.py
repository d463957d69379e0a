"""Events: RSVPs up to capacity with a waiting list served in order (also under concurrent
requests), cancelling, .ics files, the personal calendar feed, and the rules for publishing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import (
    EventRegistration,
    Interaction,
    InteractionKind,
    Notification,
    NotificationKind,
    Opportunity,
    OpportunityStatus,
    OutboundEmail,
    RegistrationStatus,
    Role,
    User,
)
from tests.factories import (
    DEFAULT_PASSWORD,
    make_community,
    make_event,
    make_graduate,
    make_job,
    make_university,
    make_user,
)
from tests.functional.test_career_services import SOON, event_form
from tests.functional.test_races import _all_at_once

HELSINKI = ZoneInfo("Europe/Helsinki")


def _client_for(app, email: str) -> FlaskClient:
    one = app.test_client()
    response = one.post("/auth/login", data={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return one


def _registrations(app, event_id: int) -> list[tuple[str, RegistrationStatus, int]]:
    """(email, status, position) in position order."""
    with app.app_context():
        rows = db.session.scalars(
            select(EventRegistration)
            .where(EventRegistration.event_id == event_id)
            .order_by(EventRegistration.position)
        )
        return [(r.user.email, r.status, r.position) for r in rows]


def _statuses(app, event_id: int) -> dict[str, str]:
    return {email: status.value for email, status, _p in _registrations(app, event_id)}


def _page(client, event_id: int) -> str:
    return unescape(client.get(f"/opportunities/{event_id}").get_data(as_text=True))


@pytest.fixture
def event_of_two(app):
    """An open event with two seats and four graduates, a@ … d@example.com."""
    with app.app_context():
        event_id = make_event(title="Sauna and careers", capacity=2).id
        for name in "abcd":
            make_graduate(f"{name}@example.com", full_name=f"{name.upper()} Graduate")
    return event_id


def test_rsvps_fill_the_seats_then_the_waiting_list_and_a_cancel_promotes_the_first(
    app, event_of_two
):
    event_id = event_of_two
    clients = {name: _client_for(app, f"{name}@example.com") for name in "abcd"}

    assert "2 seats left" in _page(clients["a"], event_id)
    for name in "abc":
        response = clients[name].post(f"/events/{event_id}/rsvp")
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/opportunities/{event_id}#rsvp")
    page = _page(clients["c"], event_id)
    assert "Full — join the waiting list" in page
    assert "“Sauna and careers” is full: you are on the waiting list" in page
    assert "number 1 in line" in page
    clients["d"].post(f"/events/{event_id}/rsvp")
    assert "number 2 in line" in _page(clients["d"], event_id)
    assert _statuses(app, event_id) == {
        "a@example.com": "going",
        "b@example.com": "going",
        "c@example.com": "waiting",
        "d@example.com": "waiting",
    }
    # An RSVP is interest the engine learns from; twice is still once.
    clients["a"].post(f"/events/{event_id}/rsvp")
    with app.app_context():
        rsvps = db.session.scalars(
            select(Interaction).where(Interaction.kind == InteractionKind.RSVP)
        ).all()
        assert len(rsvps) == 4

    response = clients["a"].post(f"/events/{event_id}/cancel")
    assert response.status_code == 302
    assert "You are no longer signed up" in _page(clients["a"], event_id)
    assert _statuses(app, event_id) == {
        "a@example.com": "cancelled",
        "b@example.com": "going",
        "c@example.com": "going",
        "d@example.com": "waiting",
    }
    # c is told, in the app and by email; nobody else is.
    with app.app_context():
        notices = db.session.scalars(
            select(Notification).where(Notification.kind == NotificationKind.EVENT_SEAT)
        ).all()
        assert [db.session.get(User, n.user_id).email for n in notices] == ["c@example.com"]
        assert notices[0].text == "A seat came free: you are going to “Sauna and careers”."
        assert notices[0].link == f"/opportunities/{event_id}"
        emails = db.session.scalars(select(OutboundEmail)).all()
        assert [(e.to_address, e.subject) for e in emails] == [
            ("c@example.com", "You have a seat at Sauna and careers")
        ]
    assert "You are going." in _page(clients["c"], event_id)
    with app.app_context():
        assert (
            db.session.scalar(
                select(Interaction).where(
                    Interaction.kind == InteractionKind.RSVP,
                    Interaction.user_id
                    == db.session.scalar(
                        select(EventRegistration.user_id).where(
                            EventRegistration.status == RegistrationStatus.CANCELLED
                        )
                    ),
                )
            )
            is None
        ), "cancelling takes back the RSVP the engine learns from"

    # a comes back: to the end of the line.
    clients["a"].post(f"/events/{event_id}/rsvp")
    assert [e for e, s, _p in _registrations(app, event_id) if s is RegistrationStatus.WAITING] == [
        "d@example.com",
        "a@example.com",
    ]
    # Cancelling a place in line frees no seat and tells nobody.
    clients["d"].post(f"/events/{event_id}/cancel")
    assert _statuses(app, event_id)["a@example.com"] == "waiting"
    # Cancelling what one never booked changes nothing.
    assert clients["d"].post(f"/events/{event_id}/cancel").status_code == 302


def test_more_places_go_to_the_waiting_list_in_order(app, client, auth, event_of_two):
    event_id = event_of_two
    for name in "abcd":
        _client_for(app, f"{name}@example.com").post(f"/events/{event_id}/rsvp")
    with app.app_context():
        university_id = db.session.get(Opportunity, event_id).university_id
        make_user(Role.CAREER_SERVICES, "staff@example.com", university_id=university_id)
        event = db.session.get(Opportunity, event_id)
        starts = event.starts_at.replace(tzinfo=UTC).astimezone(HELSINKI)
    auth.login("staff@example.com")
    response = client.post(
        f"/opportunities/{event_id}/edit",
        data=event_form(
            title="Sauna and careers",
            capacity="3",
            deadline="",
            starts_at=starts.strftime("%Y-%m-%dT%H:%M"),
            ends_at=(starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            publish="",
            save="Save changes",
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _statuses(app, event_id)["c@example.com"] == "going"
    assert _statuses(app, event_id)["d@example.com"] == "waiting"


def test_concurrent_rsvps_never_seat_more_than_the_capacity_and_cancels_promote_in_order(app):
    with app.app_context():
        event_id = make_event(title="Demo day", capacity=3).id
        emails = [f"person{i}@example.com" for i in range(12)]
        for email in emails:
            make_graduate(email)
    clients = [_client_for(app, email) for email in emails[:8]]

    responses = _all_at_once(clients, lambda c: c.post(f"/events/{event_id}/rsvp"))

    assert [r.status_code for r in responses] == [302] * 8
    rows = _registrations(app, event_id)
    assert [s for _e, s, _p in rows].count(RegistrationStatus.GOING) == 3
    waiting = [e for e, s, _p in rows if s is RegistrationStatus.WAITING]
    assert len(waiting) == 5
    going = [e for e, s, _p in rows if s is RegistrationStatus.GOING]
    # Seats went to the first three to arrive; the line behind them keeps arrival order.
    assert [e for e, _s, _p in rows][:3] == going

    # Now two of those going cancel while four newcomers RSVP, all at once.
    by_email = dict(zip(emails[:8], clients, strict=True))
    cancelling = [by_email[e] for e in going[:2]]
    newcomers = [_client_for(app, email) for email in emails[8:]]
    action = {id(c): "cancel" for c in cancelling} | {id(c): "rsvp" for c in newcomers}
    responses = _all_at_once(
        cancelling + newcomers, lambda c: c.post(f"/events/{event_id}/{action[id(c)]}")
    )
    assert [r.status_code for r in responses] == [302] * 6

    rows = _registrations(app, event_id)
    now_going = [e for e, s, _p in rows if s is RegistrationStatus.GOING]
    assert len(now_going) == 3
    # The two freed seats went to the first two who were waiting, never to a newcomer.
    assert set(now_going) == {going[2], waiting[0], waiting[1]}
    assert [e for e, s, _p in rows if s is RegistrationStatus.WAITING] == waiting[2:] + [
        e for e, _s, _p in rows if e in emails[8:]
    ]
    with app.app_context():
        told = db.session.scalars(
            select(Notification).where(Notification.kind == NotificationKind.EVENT_SEAT)
        ).all()
        told_emails = sorted(db.session.get(User, n.user_id).email for n in told)
        assert told_emails == sorted(waiting[:2])


def test_an_event_file_parses_back_with_its_times_in_utc(app, client):
    with app.app_context():
        event = make_event(
            title="Startup sauna",
            description="Meet founders.",
            starts_at=datetime(2031, 6, 5, 15, 0),
            ends_at=datetime(2031, 6, 5, 17, 30),
            municipality="Espoo",
        )
        event_id = event.id
        job_id = make_job().id

    response = client.get(f"/events/{event_id}/event.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    calendar = Calendar.from_ical(response.data)
    [entry] = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Startup sauna"
    assert entry.decoded("DTSTART") == datetime(2031, 6, 5, 15, 0, tzinfo=UTC)
    assert entry.decoded("DTEND") == datetime(2031, 6, 5, 17, 30, tzinfo=UTC)
    assert str(entry["LOCATION"]) == "Espoo"
    assert f"/opportunities/{event_id}" in str(entry["URL"])
    uid = str(entry["UID"])
    # The same event keeps its UID, so calendars update it rather than add a copy.
    again = Calendar.from_ical(client.get(f"/events/{event_id}/event.ics").data)
    assert str(again.walk("VEVENT")[0]["UID"]) == uid

    assert client.get(f"/events/{job_id}/event.ics").status_code == 404
    assert client.get("/events/999999/event.ics").status_code == 404


def test_the_calendar_feed_works_without_login_and_stops_when_reset(app, client, auth):
    with app.app_context():
        going_id = make_event(title="Going to this one", capacity=1).id
        make_event(title="Not signed up for this")
        make_graduate("ana@example.com")
    auth.login("ana@example.com")
    client.post(f"/events/{going_id}/rsvp")
    page = unescape(client.get("/events/calendar").get_data(as_text=True))
    assert "Going to this one" in page and "Make my calendar address" in page

    client.post("/events/calendar/reset")
    page = unescape(client.get("/events/calendar").get_data(as_text=True))
    start = page.index('id="feed-url"')
    url = page[page.index('value="', start) + 7 : page.index('"', page.index('value="', start) + 7)]
    path = url.split("localhost", 1)[1]
    assert path.startswith("/events/feed/") and path.endswith(".ics")
    auth.logout()

    anonymous = app.test_client()
    response = anonymous.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    titles = [str(e["SUMMARY"]) for e in Calendar.from_ical(response.data).walk("VEVENT")]
    assert titles == ["Going to this one"]

    auth.login("ana@example.com")
    client.post("/events/calendar/reset")
    assert anonymous.get(path).status_code == 404
    new_page = unescape(client.get("/events/calendar").get_data(as_text=True))
    assert path not in new_page and "/events/feed/" in new_page
    client.post("/events/calendar/turn-off")
    assert "Make my calendar address" in unescape(client.get("/events/calendar").get_data(True))
    for token in ("not-a-real-token", "x" * 5000, "%00%0a", "' OR 1=1 --"):
        assert anonymous.get(f"/events/feed/{token}.ics").status_code == 404


def test_an_event_starting_in_the_past_cannot_be_published(app, client, auth):
    with app.app_context():
        make_user(Role.CAREER_SERVICES, "staff@example.com", university=make_university())
    auth.login("staff@example.com")
    yesterday = date.today() - timedelta(days=1)
    form = event_form(deadline="", starts_at=f"{yesterday}T17:00", ends_at=f"{yesterday}T20:00")
    response = client.post("/opportunities/new/event", data=form)
    assert response.status_code == 400
    assert "This event starts in the past, so it cannot be published." in unescape(
        response.get_data(as_text=True)
    )
    # As a draft it may be kept (to fix its date later), but not opened.
    form = {**form, "publish": "", "save_draft": "Save as draft"}
    assert client.post("/opportunities/new/event", data=form).status_code == 302
    with app.app_context():
        draft = db.session.scalar(select(Opportunity))
        assert draft.status is OpportunityStatus.DRAFT
        draft_id = draft.id
    response = client.post(
        f"/opportunities/{draft_id}/edit", data={**form, "save_draft": "", "publish": "Publish"}
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Opportunity, draft_id).status is OpportunityStatus.DRAFT


def test_a_sign_up_deadline_after_the_start_is_refused(app, client, auth):
    with app.app_context():
        make_user(Role.CAREER_SERVICES, "staff@example.com", university=make_university())
    auth.login("staff@example.com")
    form = event_form(deadline=(SOON + timedelta(days=1)).isoformat())
    response = client.post("/opportunities/new/event", data=form)
    assert response.status_code == 400
    assert "The sign-up deadline cannot be after the day the event starts." in unescape(
        response.get_data(as_text=True)
    )
    with app.app_context():
        assert db.session.scalar(select(Opportunity)) is None
    # The day of the event itself is fine.
    assert client.post("/opportunities/new/event", data=event_form()).status_code == 302


def test_an_event_is_tied_to_a_community_from_the_form(app, client, auth):
    with app.app_context():
        university = make_university()
        community_id = make_community(university, title="Our alumni").id
        others_id = make_community(title="Someone else's community").id
        make_user(Role.CAREER_SERVICES, "staff@example.com", university=university)
    auth.login("staff@example.com")
    form_page = client.get("/opportunities/new/event").get_data(as_text=True)
    assert "Our alumni" in form_page and "Someone else&#39;s community" not in form_page
    response = client.post("/opportunities/new/event", data=event_form(community_id=str(others_id)))
    assert response.status_code == 400
    assert "Choose a community from the list." in response.get_data(as_text=True)
    response = client.post(
        "/opportunities/new/event", data=event_form(community_id=str(community_id))
    )
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalar(
            select(Opportunity).where(Opportunity.title == "Meet Helsinki employers")
        )
        assert event.community_id == community_id
        # 17:00 in Helsinki is kept as UTC.
        assert event.starts_at.hour in (14, 15)
    page = unescape(client.get(f"/opportunities/{community_id}").get_data(as_text=True))
    assert "Meet Helsinki employers" in page[page.index("Upcoming events") :]
    assert "17:00–20:00" in page


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/events/{event}/rsvp"),
        ("post", "/events/{event}/cancel"),
        ("get", "/events/{event}/event.ics"),
    ],
)
def test_bad_event_requests_get_4xx_never_500(app, client, auth, method, path):
    with app.app_context():
        started_id = make_event(starts_in=-timedelta(hours=1)).id
        community_id = make_community().id
        make_graduate("ana@example.com")
        make_user(Role.EMPLOYER, "boss@example.com")
    auth.login("ana@example.com")
    for event in (community_id, 0, 2**40):
        response = getattr(client, method)(path.format(event=event))
        assert 400 <= response.status_code < 500, (path, event, response.status_code)
    auth.logout()
    auth.login("boss@example.com")
    if method == "post":
        assert getattr(client, method)(path.format(event=started_id)).status_code == 403


def test_the_rsvp_of_an_event_that_started_is_refused_with_a_reason(app, client, auth):
    with app.app_context():
        started_id = make_event(starts_in=-timedelta(minutes=5)).id
        make_graduate("ana@example.com")
    auth.login("ana@example.com")
    response = client.post(f"/events/{started_id}/rsvp")
    assert response.status_code == 400
    assert "This event has already started." in response.get_data(as_text=True)
    assert _registrations(app, started_id) == []


def test_a_seat_freed_without_a_cancel_goes_to_the_line_before_a_newcomer(app, event_of_two):
    event_id = event_of_two
    clients = {name: _client_for(app, f"{name}@example.com") for name in "abcd"}
    for name in "abc":
        clients[name].post(f"/events/{event_id}/rsvp")
    with app.app_context():
        # b's account is erased: its rows go, and nobody cancelled.
        b = db.session.scalar(select(User).where(User.email == "b@example.com"))
        db.session.delete(b)
        db.session.commit()

    clients["d"].post(f"/events/{event_id}/rsvp")

    assert _statuses(app, event_id) == {
        "a@example.com": "going",
        "c@example.com": "going",
        "d@example.com": "waiting",
    }
    with app.app_context():
        [notice] = db.session.scalars(select(Notification)).all()
        assert db.session.get(User, notice.user_id).email == "c@example.com"


def test_after_the_sign_up_deadline_no_one_can_rsvp(app, client, auth):
    with app.app_context():
        event_id = make_event(deadline=date.today() - timedelta(days=1)).id
        make_graduate("ana@example.com")
    auth.login("ana@example.com")
    page = _page(client, event_id)
    assert "(the deadline has passed)" in page and "I’m going" not in page
    assert client.post(f"/events/{event_id}/rsvp").status_code == 404
    assert _registrations(app, event_id) == []
