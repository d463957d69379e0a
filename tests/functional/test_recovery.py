"""Email verification, password reset and answers that do not tell who is registered."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import AccountToken, AuditEvent, Opportunity, TokenPurpose, User
from talentmatch.models.timestamps import utcnow
from tests.factories import (
    DEFAULT_PASSWORD,
    make_employer,
    make_graduate,
    make_job,
    make_organisation,
)
from tests.functional.test_employers import _job_form, _skill_ids
from tests.mailbox import body, last_link

NEW_PASSWORD = "winter harbour lights"
SIGN_UP = {
    "role": "graduate",
    "full_name": "Lina Haddad",
    "email": "lina@example.com",
    "password": "northern lights 42",
    "confirm": "northern lights 42",
    "university_id": "0",
}


def _user(app, email: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def _events(app, kind: str) -> list[AuditEvent]:
    with app.app_context():
        events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.event == kind)))
        for event in events:
            db.session.expunge(event)
        return events


# Email verification


def test_confirmation_link_works_once(app, client, smtp_server):
    client.post("/auth/register", data=SIGN_UP)
    link = last_link(smtp_server, "lina@example.com", "/auth/verify/")
    assert "Confirm my email address" in client.get(link).get_data(as_text=True)
    assert client.post(link).status_code == 302
    confirmed = _user(app, "lina@example.com")
    assert confirmed.email_verified
    assert confirmed.last_login_at is not None  # the link signed her in
    assert len(_events(app, "email_verified")) == 1

    other = app.test_client()
    again = other.post(link)
    assert again.status_code == 400
    assert "This confirmation link has expired or has already been used" in again.get_data(
        as_text=True
    )
    assert other.get(link).status_code == 400


def test_a_confirmation_link_for_an_earlier_address_does_not_confirm_a_new_one(
    app, client, smtp_server
):
    client.post("/auth/register", data=SIGN_UP)
    link = last_link(smtp_server, "lina@example.com", "/auth/verify/")
    with app.app_context():
        user = db.session.scalar(select(User))
        user.email = "lina.new@example.com"
        db.session.commit()
    assert client.post(link).status_code == 400
    assert not _user(app, "lina.new@example.com").email_verified


def test_expired_confirmation_link_is_refused(app, client, smtp_server):
    client.post("/auth/register", data=SIGN_UP)
    link = last_link(smtp_server, "lina@example.com", "/auth/verify/")
    with app.app_context():
        db.session.scalar(select(AccountToken)).expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert client.post(link).status_code == 400
    assert not _user(app, "lina@example.com").email_verified


def test_unconfirmed_account_sees_the_notice_and_can_ask_for_a_new_link(
    app, client, auth, smtp_server
):
    client.post("/auth/register", data=SIGN_UP)
    auth.login("lina@example.com", SIGN_UP["password"])
    page = client.get("/graduates/profile").get_data(as_text=True)
    assert "Please confirm your email address" in page
    assert "Send the link again" in page

    response = client.post("/auth/verify/resend", follow_redirects=True)
    assert "We sent a new confirmation link to lina@example.com." in response.get_data(as_text=True)
    first, second = [m for m in smtp_server.to("lina@example.com")]
    assert first is not second
    # Only the newest link works.
    old_link = last_link(smtp_server, "lina@example.com", "/auth/verify/")
    assert client.post(old_link).status_code == 302
    assert "Please confirm your email address" not in client.get("/graduates/profile").get_data(
        as_text=True
    )


def test_the_link_sent_first_stops_working_when_a_new_one_is_sent(app, client, auth, smtp_server):
    client.post("/auth/register", data=SIGN_UP)
    first = last_link(smtp_server, "lina@example.com", "/auth/verify/")
    auth.login("lina@example.com", SIGN_UP["password"])
    client.post("/auth/verify/resend")
    assert client.post(first).status_code == 400


def test_unconfirmed_employer_cannot_publish_a_job_or_see_candidates(app, client, auth):
    skill_ids = _skill_ids(app)
    with app.app_context():
        organisation = make_organisation("Unconfirmed Oy")
        employer = make_employer(organisation, email="new.boss@example.fi")
        employer.email_verified = False
        db.session.commit()
        job_id = make_job(organisation, title="Data Analyst").id
    auth.login("new.boss@example.fi")

    response = client.post("/employers/jobs/new", data=_job_form(skill_ids))
    assert response.status_code == 400
    assert "Confirm your email address first" in response.get_data(as_text=True)
    draft = client.post("/employers/jobs/new", data=_job_form(skill_ids, publish=""))
    assert draft.status_code == 302
    candidates = client.get(f"/employers/jobs/{job_id}/candidates")
    assert candidates.status_code == 403
    assert "Confirm your email address first" in candidates.get_data(as_text=True)
    with app.app_context():
        titles = {o.title: o.status.value for o in db.session.scalars(select(Opportunity))}
    assert titles == {"Data Analyst": "open", "Junior data engineer": "draft"}


# Password reset


def test_login_page_links_to_the_password_reset(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert 'href="/auth/forgot-password"' in page
    assert "Forgot your password?" in page


def test_password_reset_sets_the_new_password_once_and_ends_every_session(
    app, client, auth, smtp_server
):
    with app.app_context():
        make_graduate(email="grace@example.com")
    before = _user(app, "grace@example.com").session_version

    response = client.post("/auth/forgot-password", data={"email": "Grace@Example.com"})
    assert response.headers["Location"].endswith("/auth/forgot-password/sent")
    link = last_link(smtp_server, "grace@example.com", "/auth/reset/")
    with app.app_context():
        token = db.session.scalar(select(AccountToken))
        assert token.purpose is TokenPurpose.RESET_PASSWORD
        assert link.rsplit("/", 1)[1] not in token.token_hash  # only the hash is stored

    assert "Choose a new password" in client.get(link).get_data(as_text=True)
    weak = client.post(link, data={"password": "password1", "confirm": "password1"})
    assert weak.status_code == 400
    assert "This password is too common" in weak.get_data(as_text=True)

    done = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.headers["Location"].endswith("/auth/login")
    assert _user(app, "grace@example.com").session_version > before
    assert auth.login("grace@example.com", DEFAULT_PASSWORD).status_code == 400
    assert auth.login("grace@example.com", NEW_PASSWORD).status_code == 302
    changed = smtp_server.to("grace@example.com")[-1]
    assert changed["Subject"] == "Your TalentMatch password was changed"
    assert len(_events(app, "password_reset_requested")) == 1
    assert len(_events(app, "password_reset")) == 1

    reused = app.test_client().post(link, data={"password": "another one 99", "confirm": "x"})
    assert reused.status_code == 400
    assert "This password reset link has expired or has already been used" in reused.get_data(
        as_text=True
    )


def test_expired_reset_link_is_refused_and_the_password_stays(app, client, auth, smtp_server):
    with app.app_context():
        make_graduate(email="grace@example.com")
    client.post("/auth/forgot-password", data={"email": "grace@example.com"})
    link = last_link(smtp_server, "grace@example.com", "/auth/reset/")
    with app.app_context():
        token = db.session.scalar(select(AccountToken))
        lifetime = token.expires_at - token.created_at
        assert abs(lifetime - timedelta(minutes=30)) < timedelta(seconds=5)
        token.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert client.get(link).status_code == 400
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert auth.login("grace@example.com", DEFAULT_PASSWORD).status_code == 302


@pytest.mark.parametrize("token", ["x", "nope" * 50, "a\x00b", "%E2%80%AE"])
def test_made_up_reset_links_are_refused(client, token):
    response = client.get(f"/auth/reset/{token}")
    assert response.status_code == 400
    assert "Ask for a new link" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Please enter your email address."),
        ("not-an-email", "Enter a valid email address"),
        ("a" * 300 + "@example.com", "Field cannot be longer than 254 characters"),
    ],
)
def test_reset_request_with_bad_input_says_what_is_wrong(client, smtp_server, email, message):
    response = client.post("/auth/forgot-password", data={"email": email})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert smtp_server.messages == []


def test_deactivated_account_gets_no_reset_link(app, client, smtp_server):
    with app.app_context():
        user = make_graduate(email="gone@example.com")
        user.active = False
        db.session.commit()
    client.post("/auth/forgot-password", data={"email": "gone@example.com"})
    (message,) = smtp_server.to("gone@example.com")
    assert "/auth/reset/" not in body(message)
    assert "deactivated" in body(message)


def test_links_in_emails_use_the_public_address_not_the_request_host(make_app, app, smtp_server):
    configured = make_app(
        PUBLIC_URL="https://talentmatch.example",
        MAIL_SERVER=smtp_server.host,
        MAIL_PORT=smtp_server.port,
    )
    with configured.app_context():
        make_graduate(email="grace@example.com")
    configured.test_client().post(
        "/auth/forgot-password",
        data={"email": "grace@example.com"},
        headers={"Host": "evil.example"},
    )
    text = body(smtp_server.to("grace@example.com")[-1])
    assert "https://talentmatch.example/auth/reset/" in text
    assert "evil.example" not in text


# The same answer for known and unknown addresses


def _answer(response, typed: str) -> tuple[int, str | None, bytes, bool]:
    """What the client sees, with the address it typed (echoed in the form) and the session's
    CSRF token (random per session) blanked out."""
    page = re.sub(rb'name="csrf_token" value="[^"]*"', b"TOKEN", response.data)
    return (
        response.status_code,
        response.headers.get("Location"),
        page.replace(typed.encode(), b"TYPED"),
        "Set-Cookie" in response.headers,
    )


def test_login_answers_the_same_for_a_wrong_password_and_an_unknown_address(app):
    with app.app_context():
        make_graduate(email="grace@example.com")
    known = app.test_client().post(
        "/auth/login", data={"email": "grace@example.com", "password": "not it at all"}
    )
    unknown = app.test_client().post(
        "/auth/login", data={"email": "nobody@example.com", "password": "not it at all"}
    )
    assert _answer(known, "grace@example.com") == _answer(unknown, "nobody@example.com")
    assert b"Wrong email address or password." in known.data
    failures = _events(app, "login_failed")
    assert sorted(e.email for e in failures) == ["grace@example.com", "nobody@example.com"]


def test_registration_answers_the_same_for_a_new_and_a_registered_address(app, smtp_server):
    with app.app_context():
        make_graduate(email="grace@example.com")
    known = app.test_client().post("/auth/register", data={**SIGN_UP, "email": "grace@example.com"})
    unknown = app.test_client().post("/auth/register", data=SIGN_UP)
    assert _answer(known, "grace@example.com") == _answer(unknown, "lina@example.com")
    page = app.test_client().get(known.headers["Location"])
    assert "Check your inbox" in page.get_data(as_text=True)
    (notice,) = smtp_server.to("grace@example.com")
    assert "/auth/verify/" not in body(notice)
    assert "/auth/verify/" in body(smtp_server.to("lina@example.com")[0])


def test_reset_request_answers_the_same_for_a_registered_and_an_unknown_address(app, smtp_server):
    with app.app_context():
        make_graduate(email="grace@example.com")
    known = app.test_client().post("/auth/forgot-password", data={"email": "grace@example.com"})
    unknown = app.test_client().post("/auth/forgot-password", data={"email": "nobody@example.com"})
    assert _answer(known, "grace@example.com") == _answer(unknown, "nobody@example.com")
    assert "/auth/reset/" in body(smtp_server.to("grace@example.com")[0])
    (no_account,) = smtp_server.to("nobody@example.com")
    assert "no TalentMatch account" in body(no_account)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AccountToken)) == 1
