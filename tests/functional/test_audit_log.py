"""The audit log: what is recorded (verification, staff accounts, refused requests) and the
administrators' page that reads it, with its filters."""

from __future__ import annotations

import json
from datetime import datetime
from html import unescape

import pytest
from sqlalchemy import delete, select

from talentmatch.extensions import db
from talentmatch.models import AuditEvent, Role, User
from tests.factories import (
    make_employer,
    make_graduate,
    make_job,
    make_organisation,
    make_university,
    make_user,
)

ADMIN = "ada@talentmatch.example"
STRONG_PASSWORD = "ferry to Suomenlinna"


@pytest.fixture
def admin(app, auth) -> int:
    with app.app_context():
        admin_id = make_user(Role.ADMIN, email=ADMIN, full_name="Ada Admin").id
    auth.login(ADMIN)
    with app.app_context():
        # Signing in is itself an event; the page tests start from only the events they plant.
        assert db.session.scalar(select(AuditEvent.event)) == "login"
        db.session.execute(delete(AuditEvent))
        db.session.commit()
    return admin_id


def _page(response) -> str:
    return unescape(response.get_data(as_text=True))


def _event(app, **fields) -> int:
    """An event as audit.record would have stored it, at a given time (naive UTC)."""
    with app.app_context():
        event = AuditEvent(
            event=fields.pop("event", "login"),
            created_at=fields.pop("created_at", datetime(2026, 6, 1, 9, 0)),
            details=json.dumps(fields.pop("details", {})),
            **fields,
        )
        db.session.add(event)
        db.session.commit()
        return event.id


def _rows(page: str) -> list[str]:
    body = page.split("<tbody>", 1)[-1].split("</tbody>", 1)[0]
    return body.split("<tr>")[1:]


# --- what is recorded -------------------------------------------------------------------------


def test_refused_request_is_recorded_with_who_and_where(app, client, auth):
    with app.app_context():
        graduate_id = make_graduate(email="grace@example.com").id
    auth.login("grace@example.com")
    response = client.get("/admin/users?role=admin&token=secret-value")
    assert response.status_code == 403
    with app.app_context():
        denial = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "access_denied"))
        assert denial.user_id == graduate_id
        assert denial.client_address == "127.0.0.1"
        assert json.loads(denial.details) == {"method": "GET", "path": "/admin/users"}


def test_refusal_by_a_service_is_recorded_too(app, client, auth):
    with app.app_context():
        job_id = make_job(make_organisation("Rival Oy")).id
        employer_id = make_employer(make_organisation("Us Oy"), email="erik@us.example").id
    auth.login("erik@us.example")
    assert client.get(f"/employers/jobs/{job_id}/edit").status_code == 403
    with app.app_context():
        denial = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "access_denied"))
        assert denial.user_id == employer_id
        assert json.loads(denial.details)["path"] == f"/employers/jobs/{job_id}/edit"


def test_creating_a_staff_account_is_recorded(app, client, admin):
    with app.app_context():
        university_id = make_university("Aalto University").id
    response = client.post(
        "/admin/users/new",
        data={
            "role": "career_services",
            "full_name": "Aino Virtanen",
            "email": "aino@aalto.example",
            "university_id": str(university_id),
            "password": STRONG_PASSWORD,
            "confirm": STRONG_PASSWORD,
        },
    )
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.event == "staff_account_created")
        )
        assert event.user_id == admin
        assert event.subject.email == "aino@aalto.example"
        details = json.loads(event.details)
        assert details == {"role": "career_services", "university_id": university_id}
        assert STRONG_PASSWORD not in event.details


def test_first_administrator_from_the_command_line_is_recorded(app, runner):
    result = runner.invoke(
        args=[
            "users",
            "create-admin",
            "--email",
            "root@talentmatch.example",
            "--name",
            "Root Admin",
            "--password",
            STRONG_PASSWORD,
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.event == "staff_account_created")
        )
        assert event.user_id is None
        assert event.subject.email == "root@talentmatch.example"


def test_admin_makes_career_services_an_administrator_and_back(app, client, admin):
    with app.app_context():
        university_id = make_university("Aalto University").id
        staff = make_user(
            Role.CAREER_SERVICES, email="kaisa@aalto.example", university_id=university_id
        )
        staff_id = staff.id
    page = _page(client.get(f"/admin/users/{staff_id}/role"))
    assert "Change the role of" in page and "kaisa@aalto.example" in page

    response = client.post(f"/admin/users/{staff_id}/role", data={"role": "admin"})
    assert response.status_code == 302
    assert "kaisa@aalto.example is now Administrator." in _page(client.get("/admin/users"))
    response = client.post(
        f"/admin/users/{staff_id}/role",
        data={"role": "career_services", "university_id": str(university_id)},
    )
    assert response.status_code == 302
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.event == "role_changed").order_by(AuditEvent.id)
        ).all()
        assert [(e.user_id, e.subject_user_id) for e in events] == [(admin, staff_id)] * 2
        assert [json.loads(e.details) for e in events] == [
            {"from_role": "career_services", "to_role": "admin", "university_id": None},
            {"from_role": "admin", "to_role": "career_services", "university_id": university_id},
        ]
        assert db.session.get(User, staff_id).role is Role.CAREER_SERVICES


@pytest.mark.parametrize(
    ("who", "data", "message"),
    [
        ("graduate", {"role": "admin"}, "Only staff accounts change role"),
        ("self", {"role": "career_services", "university_id": "1"}, "your own role"),
        ("staff", {"role": "career_services"}, "Career-services staff belong to a university."),
        ("staff", {"role": "career_services", "university_id": "999"}, "Not a valid choice."),
        ("staff", {"role": "graduate"}, "Not a valid choice."),
        ("staff", {}, "Choose the role."),
    ],
)
def test_role_changes_that_cannot_be_made_are_refused_with_a_message(
    app, client, admin, who, data, message
):
    with app.app_context():
        make_university("Aalto University")
        ids = {
            "graduate": make_graduate().id,
            "staff": make_user(Role.ADMIN, email="other.admin@example.com").id,
            "self": admin,
        }
        roles_before = {name: db.session.get(User, i).role for name, i in ids.items()}
    response = client.post(f"/admin/users/{ids[who]}/role", data=data)
    assert response.status_code == 400
    assert message in _page(response)
    with app.app_context():
        assert {name: db.session.get(User, i).role for name, i in ids.items()} == roles_before
        assert (
            db.session.scalar(select(AuditEvent).where(AuditEvent.event == "role_changed")) is None
        )


# --- the page ---------------------------------------------------------------------------------


def test_only_administrators_read_the_audit_log(app, client, auth):
    assert client.get("/admin/audit").headers["Location"].startswith("/auth/login?next=")
    with app.app_context():
        emails = [
            make_graduate().email,
            make_employer().email,
            make_user(Role.CAREER_SERVICES, university=make_university()).email,
        ]
    for email in emails:
        auth.login(email)
        assert client.get("/admin/audit").status_code == 403, email
        auth.logout()


def test_audit_log_shows_newest_first_in_helsinki_time(app, client, admin):
    with app.app_context():
        grace_id = make_graduate(email="grace@example.com", full_name="Grace").id
    _event(
        app,
        event="login_failed",
        email="nobody@example.com",
        client_address="192.0.2.7",
        created_at=datetime(2026, 6, 1, 9, 0),
    )
    _event(
        app,
        event="role_changed",
        user_id=admin,
        subject_user_id=grace_id,
        client_address="192.0.2.8",
        details={"from_role": "graduate", "to_role": "employer"},
        created_at=datetime(2026, 6, 2, 21, 30),  # 00:30 on 3 June in Helsinki (UTC+3)
    )
    page = _page(client.get("/admin/audit"))
    rows = _rows(page)
    assert "Administration" in page and "Audit log" in page
    assert "3 Jun 2026, 00:30" in rows[0]
    assert "Role changed" in rows[0]
    assert ADMIN in rows[0] and "grace@example.com" in rows[0]
    assert "from role" in rows[0] and "employer" in rows[0]
    assert "Failed login" in rows[1]
    assert "1 Jun 2026, 12:00" in rows[1]
    assert "Not signed in" in rows[1] and "nobody@example.com" in rows[1]
    assert "192.0.2.7" in rows[1]


def test_audit_log_filters_by_kind_email_address_and_dates(app, client, admin):
    _event(app, event="login", email="", user_id=admin, client_address="192.0.2.1")
    _event(app, event="login_failed", email="mallory@evil.example", client_address="192.0.2.66")
    _event(
        app,
        event="login_failed",
        email="ada@talentmatch.example",
        client_address="192.0.2.66",
        created_at=datetime(2026, 7, 15, 12, 0),
    )

    def shown(query: str) -> list[str]:
        response = client.get(f"/admin/audit?{query}")
        assert response.status_code == 200, query
        return _rows(_page(response))

    assert len(shown("")) == 3
    assert all("Failed login" in row for row in shown("event=login_failed"))
    assert len(shown("event=login_failed")) == 2
    assert len(shown("email=evil.example")) == 1
    assert len(shown("email=ADA@talentmatch.example")) == 2  # as actor, and as the email tried
    assert len(shown("client_address=192.0.2.66")) == 2
    assert len(shown("since=2026-07-01")) == 1
    assert len(shown("until=2026-06-01")) == 2
    assert len(shown("since=2026-06-01&until=2026-06-01&event=login")) == 1
    assert "No events match this filter." in _page(client.get("/admin/audit?since=2027-01-01"))


def test_audit_log_pages_through_events(app, client, admin, monkeypatch):
    monkeypatch.setitem(app.config, "AUDIT_EVENTS_PER_PAGE", 2)
    for minute in range(5):
        _event(app, email=f"user{minute}@example.com", created_at=datetime(2026, 6, 1, 9, minute))
    first = _page(client.get("/admin/audit"))
    assert "user4@example.com" in first and "user3@example.com" in first
    assert "Page 1 of 3" in first
    last = _page(client.get("/admin/audit?page=3"))
    assert "user0@example.com" in last and "user4@example.com" not in last
    assert client.get("/admin/audit?page=4").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("event=no_such_event", "Choose a kind of event from the list."),
        ("client_address=not-an-address", "Enter an IP address, such as 192.0.2.10"),
        ("client_address=" + "9" * 60, "Field cannot be longer than 45 characters."),
        ("email=" + "a" * 300, "Field cannot be longer than 254 characters."),
        ("since=2026-13-45", "Not a valid date value."),
        ("since=2026-06-10&until=2026-06-01", "The end date must not be before the start date."),
        ("page=0", "Choose a page between 1 and 100,000."),
        ("page=99999999999999999999", "Choose a page between 1 and 100,000."),
        ("page=abc", "Not a valid integer value."),
    ],
)
def test_bad_filters_get_a_clear_message_not_a_500(app, client, admin, query, message):
    response = client.get(f"/admin/audit?{query}")
    assert response.status_code == 400
    assert message in _page(response)
