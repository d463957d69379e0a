"""The account settings page: password, email address, devices, for every role."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from talentmatch.extensions import db
from talentmatch.models import AuditEvent, OutboundEmail, Role, SignIn, User
from talentmatch.services.passwords import MAX_LENGTH
from tests import mailbox
from tests.audit_log import events_by
from tests.factories import DEFAULT_PASSWORD, make_employer, make_graduate, make_user

NEW_PASSWORD = "midnight sun over espoo"
FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


def _password_form(**changes: str) -> dict[str, str]:
    fields = {"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD}
    fields["confirm"] = changes.get("new_password", NEW_PASSWORD)
    fields.update(changes)
    return {f"password-{name}": value for name, value in fields.items()}


def _email_form(**changes: str) -> dict[str, str]:
    fields = {"email": "grace.new@example.com", "current_password": DEFAULT_PASSWORD, **changes}
    return {f"email-{name}": value for name, value in fields.items()}


@pytest.fixture
def grace(app, client, auth) -> int:
    with app.app_context():
        user_id = make_graduate(email="grace@example.com").id
    assert auth.login("grace@example.com").status_code == 302
    return user_id


def _user(app, user_id: int) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def test_the_account_page_needs_a_signed_in_user(client):
    response = client.get("/auth/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")
    assert client.post("/auth/account/sign-out-everywhere").status_code == 302


@pytest.mark.parametrize("role", [Role.GRADUATE, Role.EMPLOYER, Role.CAREER_SERVICES, Role.ADMIN])
def test_every_role_finds_the_account_page_in_the_navigation(app, client, auth, role):
    with app.app_context():
        if role is Role.GRADUATE:
            make_graduate(email="person@example.com")
        elif role is Role.EMPLOYER:
            make_employer(email="person@example.com")
        else:
            make_user(role=role, email="person@example.com")
    auth.login("person@example.com")
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert 'href="/auth/account"' in home
    page = client.get("/auth/account")
    assert page.status_code == 200
    assert "Signed in as person@example.com." in page.get_data(as_text=True)


def test_the_account_page_lists_the_signed_in_devices(app, client, grace):
    phone = app.test_client()
    phone.post(
        "/auth/login",
        data={"email": "grace@example.com", "password": DEFAULT_PASSWORD, "remember": "y"},
        headers={"User-Agent": FIREFOX_ON_LINUX},
    )
    page = client.get("/auth/account").get_data(as_text=True)
    assert "Firefox on Linux" in page
    assert "(this device)" in page
    assert "Until the browser is closed" in page  # this browser was not asked to remember
    assert page.count("Sign out</button>") == 2


def test_signing_out_another_device_ends_its_session_and_remember_token(app, client, grace):
    phone = app.test_client()
    phone.post(
        "/auth/login",
        data={"email": "grace@example.com", "password": DEFAULT_PASSWORD, "remember": "y"},
        headers={"User-Agent": FIREFOX_ON_LINUX},
    )
    with app.app_context():
        phone_id = db.session.scalar(select(SignIn.id).where(SignIn.device == "Firefox on Linux"))
    restarted_phone = app.test_client()
    restarted_phone.set_cookie("remember_device", phone.get_cookie("remember_device").value)

    response = client.post(f"/auth/account/devices/{phone_id}/sign-out", follow_redirects=True)

    assert "Firefox on Linux has been signed out." in response.get_data(as_text=True)
    for browser in (phone, restarted_phone):
        assert (
            browser.get("/graduates/profile", headers={"User-Agent": FIREFOX_ON_LINUX}).status_code
            == 302
        )
    assert client.get("/graduates/profile").status_code == 200


def test_signing_out_this_device_from_the_list_ends_this_session(app, client, grace):
    with app.app_context():
        own_id = db.session.scalar(select(SignIn.id))
    response = client.post(f"/auth/account/devices/{own_id}/sign-out")
    assert response.headers["Location"].startswith("/auth/login")
    assert client.get("/graduates/profile").status_code == 302


def test_another_accounts_device_or_an_unknown_one_is_404(app, client, grace):
    other = app.test_client()
    with app.app_context():
        make_graduate(email="other@example.com")
    other.post("/auth/login", data={"email": "other@example.com", "password": DEFAULT_PASSWORD})
    with app.app_context():
        others_id = db.session.scalar(
            select(SignIn.id).join(User).where(User.email == "other@example.com")
        )
    assert client.post(f"/auth/account/devices/{others_id}/sign-out").status_code == 404
    assert client.post("/auth/account/devices/999999/sign-out").status_code == 404
    assert client.post("/auth/account/devices/99999999999999999999/sign-out").status_code == 404
    assert other.get("/graduates/profile").status_code == 200


# --- password ---------------------------------------------------------------------------------


def test_changing_the_password_needs_the_current_one_and_then_the_new_one_works(
    app, client, auth, grace, smtp_server
):
    response = client.post("/auth/account/password", data=_password_form())
    assert response.status_code == 302
    page = client.get("/auth/account").get_data(as_text=True)
    assert "Your password has been changed and every other device has been signed out." in page
    user = _user(app, grace)
    assert check_password_hash(user.password_hash, NEW_PASSWORD)
    [notice] = smtp_server.to("grace@example.com")
    assert notice["Subject"] == "Your TalentMatch password was changed"
    assert NEW_PASSWORD not in notice.as_string()
    assert events_by(app, grace)[-3:] == ["password_changed", "sessions_ended", "login"]

    auth.logout()
    assert auth.login("grace@example.com").status_code == 400
    assert auth.login("grace@example.com", NEW_PASSWORD).status_code == 302


def test_a_wrong_current_password_is_refused_with_a_message_and_400(app, client, grace):
    before = _user(app, grace).password_hash
    response = client.post(
        "/auth/account/password", data=_password_form(current_password="not my password")
    )
    assert response.status_code == 400
    assert "Your current password is not correct." in response.get_data(as_text=True)
    assert _user(app, grace).password_hash == before
    assert client.get("/graduates/profile").status_code == 200  # still signed in


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"current_password": ""}, "Enter your current password to confirm it is you."),
        ({"new_password": ""}, "Choose a new password."),
        ({"new_password": "short1"}, "Use at least 8 characters."),
        ({"new_password": "password123"}, "This password is too common."),
        ({"new_password": "grace-at-home-2026"}, "Your password must not contain your email"),
        ({"new_password": DEFAULT_PASSWORD}, "Choose a password different from your current one."),
        ({"confirm": "something else"}, "The passwords do not match."),
        ({"confirm": ""}, "Repeat your new password."),
        ({"new_password": "x" * (MAX_LENGTH + 1)}, f"longer than {MAX_LENGTH} characters"),
        ({"current_password": "x" * 100_000}, f"longer than {MAX_LENGTH} characters"),
    ],
)
def test_bad_input_to_the_password_form_is_refused_with_a_message(
    app, client, grace, changes, message
):
    before = _user(app, grace).password_hash
    response = client.post("/auth/account/password", data=_password_form(**changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _user(app, grace).password_hash == before
    assert "password_changed" not in events_by(app, grace)


def test_a_password_change_with_no_fields_at_all_is_400(client, grace):
    response = client.post("/auth/account/password", data={})
    assert response.status_code == 400
    assert "Enter your current password to confirm it is you." in response.get_data(as_text=True)


# --- email ------------------------------------------------------------------------------------


def test_changing_the_email_address_unverifies_it_and_tells_the_old_address(
    app, client, auth, grace, smtp_server
):
    with app.app_context():
        user = db.session.get(User, grace)
        user.email_verified = True
        db.session.commit()

    response = client.post("/auth/account/email", data=_email_form(email="Grace.New@Example.com"))

    assert response.status_code == 302
    page = client.get("/auth/account").get_data(as_text=True)
    assert "Your email address is now grace.new@example.com." in page
    assert "Email address not confirmed yet" in page
    user = _user(app, grace)
    assert user.email == "grace.new@example.com"
    assert user.email_verified is False
    [notice] = smtp_server.to("grace@example.com")
    assert notice["Subject"] == "The email address of your TalentMatch account was changed"
    assert "grace.new@example.com" in mailbox.body(notice)
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "email_changed"))
        assert (event.user_id, event.email) == (grace, "grace@example.com")
        assert db.session.scalar(select(OutboundEmail.to_address)) == "grace@example.com"

    auth.logout()
    assert auth.login("grace@example.com").status_code == 400
    assert auth.login("grace.new@example.com").status_code == 302


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"current_password": "not my password"}, "Your current password is not correct."),
        ({"current_password": ""}, "Enter your current password to confirm it is you."),
        ({"email": ""}, "Please enter your new email address."),
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"email": "a" * 100_000 + "@example.com"}, "Field cannot be longer than 254 characters"),
        ({"email": "GRACE@example.com"}, "This is already your email address."),
        ({"email": "Taken@Example.com"}, "Another account uses this email address."),
    ],
)
def test_bad_input_to_the_email_form_is_refused_with_a_message(
    app, client, grace, changes, message
):
    with app.app_context():
        make_graduate(email="taken@example.com")
    response = client.post("/auth/account/email", data=_email_form(**changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _user(app, grace).email == "grace@example.com"
    with app.app_context():
        assert db.session.scalar(select(OutboundEmail)) is None
    assert "email_changed" not in events_by(app, grace)


def test_an_email_change_does_not_sign_out_other_devices(app, client, grace):
    laptop = app.test_client()
    laptop.post("/auth/login", data={"email": "grace@example.com", "password": DEFAULT_PASSWORD})
    client.post("/auth/account/email", data=_email_form())
    assert laptop.get("/graduates/profile").status_code == 200
