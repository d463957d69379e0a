"""Career-services staff invited by an administrator: the email link, choosing a password,
links that no longer work, duplicates and sending the invitation again."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from talentmatch.extensions import db
from talentmatch.models import AccountToken, Role, TokenPurpose, User
from talentmatch.models.timestamps import utcnow
from tests.audit_log import events_of_kind
from tests.factories import make_graduate, make_university, make_user
from tests.mailbox import body, last_link, links_to

AINO = "aino.virtanen@helsinki.example"
PASSWORD = "ferry to Suomenlinna"


@pytest.fixture
def university_id(app) -> int:
    with app.app_context():
        return make_university(name="University of Helsinki", short_name="UH").id


@pytest.fixture
def admin(app, auth) -> str:
    with app.app_context():
        email = make_user(Role.ADMIN, full_name="Ada Admin").email
    auth.login(email)
    return email


def _invite(client, university_id: int, **fields):
    data = {"full_name": "Aino Virtanen", "email": AINO, "university_id": str(university_id)}
    data.update(fields)
    return client.post("/admin/users/invite", data=data)


def _user(app, email: str = AINO) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def _accept(client, link: str, password: str = PASSWORD, confirm: str | None = None):
    return client.post(link, data={"password": password, "confirm": confirm or password})


def test_an_invited_person_sets_a_password_and_signs_in_as_career_services(
    app, client, auth, admin, university_id, smtp_server
):
    response = _invite(client, university_id, email="Aino.Virtanen@Helsinki.example")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Invitation sent to {AINO}." in html.unescape(page)
    assert "Invitation sent" in page and "Send the invitation again" in page

    invited = _user(app)
    assert invited.role is Role.CAREER_SERVICES and invited.university_id == university_id
    assert not invited.active and not invited.email_verified
    # Nothing signs in to the account before the invitation is accepted.
    auth.logout()
    assert auth.login(AINO, "").status_code == 400
    assert "Wrong email address or password." in auth.login(AINO, PASSWORD).get_data(as_text=True)

    [message] = smtp_server.to(AINO)
    text = body(message)
    assert "Ada Admin has created a TalentMatch account for you" in text
    assert "University of Helsinki" in text and "expires in 7 days" in text
    link = last_link(smtp_server, AINO, "/auth/invitation/")
    form = client.get(link)
    assert form.status_code == 200
    assert "University of Helsinki" in form.get_data(as_text=True)

    response = _accept(client, link)
    assert response.status_code == 302
    assert response.headers["Location"] == "/career-services/"
    accepted = _user(app)
    assert accepted.active and accepted.email_verified
    assert check_password_hash(accepted.password_hash, PASSWORD)
    assert client.get("/career-services/").status_code == 200

    auth.logout()
    assert auth.login(AINO, PASSWORD).headers["Location"] == "/career-services/"
    [invited_event] = events_of_kind(app, "staff_invited")
    assert invited_event.subject_user_id == accepted.id and invited_event.user_id is not None
    [accepted_event] = events_of_kind(app, "staff_invitation_accepted")
    assert accepted_event.user_id == accepted.id


def test_a_used_link_is_refused_with_a_clear_message(
    app, client, auth, admin, university_id, smtp_server
):
    _invite(client, university_id)
    link = last_link(smtp_server, AINO, "/auth/invitation/")
    auth.logout()
    assert _accept(client, link).status_code == 302
    auth.logout()
    for response in (client.get(link), _accept(client, link, password="another strong one")):
        assert response.status_code == 400
        assert "has expired or has already been used" in response.get_data(as_text=True)
    assert check_password_hash(_user(app).password_hash, PASSWORD)


def test_an_expired_link_is_refused(app, client, admin, university_id, smtp_server):
    _invite(client, university_id)
    link = last_link(smtp_server, AINO, "/auth/invitation/")
    with app.app_context():
        db.session.scalar(select(AccountToken)).expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    response = _accept(client, link)
    assert response.status_code == 400
    assert "Ask the administrator who invited you" in response.get_data(as_text=True)
    assert not _user(app).active


def test_a_forged_link_is_refused(app, client, university_id):
    for token in ("made-up-token", "x" * 500):
        response = client.get(f"/auth/invitation/{token}")
        assert response.status_code == 400
        assert "has expired or has already been used" in response.get_data(as_text=True)


def test_a_password_reset_link_is_no_invitation(app, client, university_id, smtp_server):
    make = make_user  # an active account with a reset link must not open the invitation page
    with app.app_context():
        make(Role.CAREER_SERVICES, email="staff@example.com")
    client.post("/auth/forgot-password", data={"email": "staff@example.com"})
    reset = last_link(smtp_server, "staff@example.com", "/auth/reset/")
    token = reset.rsplit("/", 1)[-1]
    assert client.get(f"/auth/invitation/{token}").status_code == 400


def test_a_weak_password_is_refused_and_the_link_keeps_working(
    app, client, admin, university_id, smtp_server
):
    _invite(client, university_id)
    link = last_link(smtp_server, AINO, "/auth/invitation/")
    response = _accept(client, link, password="kissa7")
    assert response.status_code == 400
    assert "Use at least 8 characters." in response.get_data(as_text=True)
    response = _accept(client, link, password=PASSWORD, confirm="something else entirely")
    assert response.status_code == 400
    assert "The passwords do not match." in response.get_data(as_text=True)
    assert not _user(app).active
    assert _accept(client, link).status_code == 302


def test_an_email_already_in_use_is_a_form_error(app, client, admin, university_id, smtp_server):
    with app.app_context():
        make_graduate(email=AINO)
    response = _invite(client, university_id, email=AINO.upper())
    assert response.status_code == 400
    assert "An account with this email address already exists." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 2
    assert smtp_server.to(AINO) == []


def test_the_invitation_needs_a_name_an_address_and_a_university(app, client, admin, university_id):
    response = _invite(client, 0, full_name="", email="not-an-address")
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "Enter the person's name." in page
    assert "Enter a valid email address" in page
    assert "Career-services staff belong to a university." in _invite(client, 0).get_data(
        as_text=True
    )
    assert "Unknown university." in _invite(client, university_id + 99).get_data(as_text=True)
    assert _user(app) is None


def test_the_admin_sends_the_invitation_again_and_only_the_new_link_works(
    app, client, admin, university_id, smtp_server
):
    _invite(client, university_id)
    first = last_link(smtp_server, AINO, "/auth/invitation/")
    user_id = _user(app).id
    response = client.post(f"/admin/users/{user_id}/resend-invitation", follow_redirects=True)
    assert f"A new invitation link was sent to {AINO}." in response.get_data(as_text=True)
    links = links_to(smtp_server, AINO, "/auth/invitation/")
    assert len(links) == 2 and links[0] == first
    assert client.get(first).status_code == 400
    assert client.get(links[1]).status_code == 200
    assert len(events_of_kind(app, "staff_invitation_resent")) == 1


def test_an_accepted_invitation_cannot_be_sent_again(
    app, client, auth, admin, university_id, smtp_server
):
    _invite(client, university_id)
    _accept(client, last_link(smtp_server, AINO, "/auth/invitation/"))
    auth.logout()
    auth.login(admin)
    response = client.post(f"/admin/users/{_user(app).id}/resend-invitation", follow_redirects=True)
    assert f"{AINO} has no pending invitation." in response.get_data(as_text=True)
    assert len(links_to(smtp_server, AINO, "/auth/invitation/")) == 1


def test_deactivating_a_pending_invitation_stops_its_link(
    app, client, admin, university_id, smtp_server
):
    _invite(client, university_id)
    link = last_link(smtp_server, AINO, "/auth/invitation/")
    client.post(f"/admin/users/{_user(app).id}/deactivate")
    assert client.get(link).status_code == 400


def test_a_pending_invitee_asking_for_a_password_reset_is_pointed_to_the_invitation(
    app, client, admin, university_id, smtp_server
):
    _invite(client, university_id)
    client.post("/auth/forgot-password", data={"email": AINO})
    reset_notice = smtp_server.to(AINO)[-1]
    assert "you have not yet accepted the invitation" in body(reset_notice)
    assert links_to(smtp_server, AINO, "/auth/reset/") == []


def test_only_administrators_invite(app, client, auth, university_id):
    with app.app_context():
        staff = make_user(Role.CAREER_SERVICES, email="cs@example.com")
        staff_email = staff.email
    auth.login(staff_email)
    assert client.get("/admin/users/invite").status_code == 403
    assert _invite(client, university_id).status_code == 403
    assert _user(app) is None
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(AccountToken)
                .where(AccountToken.purpose == TokenPurpose.STAFF_INVITATION)
            )
            == 0
        )
