"""Registration, login and logout through the web pages."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from talentmatch.extensions import db, limiter
from talentmatch.models import GraduateProfile, Role, User
from tests.factories import DEFAULT_PASSWORD, make_graduate, make_user
from tests.mailbox import body, confirm_email

GOOD = {
    "role": "graduate",
    "full_name": "Aisha Rahman",
    "email": "Aisha.Rahman@Example.com",
    "password": "northern lights 42",
    "confirm": "northern lights 42",
    "university_id": "0",
}


def _user_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_graduate_registers_confirms_the_address_and_gets_an_empty_profile(
    app, client, smtp_server
):
    response = client.post("/auth/register", data=GOOD)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/auth/check-inbox")
    assert "Check your inbox" in client.get("/auth/check-inbox").get_data(as_text=True)
    assert client.get("/graduates/profile").status_code == 302  # not signed in yet
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "aisha.rahman@example.com"
        assert user.role is Role.GRADUATE
        assert user.password_hash.startswith("scrypt:")
        assert not user.email_verified
        assert db.session.scalar(select(GraduateProfile).where(GraduateProfile.user_id == user.id))

    response = confirm_email(client, smtp_server, "aisha.rahman@example.com")
    assert response.headers["Location"].endswith("/graduates/profile/edit")
    assert client.get("/graduates/profile/edit").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(User)).email_verified


def test_employer_registers_and_after_confirming_is_sent_to_create_the_organisation(
    app, client, smtp_server
):
    client.post("/auth/register", data={**GOOD, "role": "employer"})
    response = confirm_email(client, smtp_server, "aisha.rahman@example.com")
    assert response.status_code == 302
    assert "/employers/organisation" in response.headers["Location"]
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.role is Role.EMPLOYER
        assert db.session.scalar(select(func.count()).select_from(GraduateProfile)) == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "not-an-email"}, b"Enter a valid email address"),
        ({"password": "short1", "confirm": "short1"}, b"Use at least 8 characters."),
        ({"password": "password123", "confirm": "password123"}, b"This password is too common"),
        ({"confirm": "something else"}, b"The passwords do not match."),
        ({"full_name": "x" * 100_000}, b"Field cannot be longer than 120 characters."),
        ({"email": "a" * 100_000 + "@example.com"}, b"Field cannot be longer than 254 characters"),
        ({"role": "admin"}, b"Not a valid choice"),
        ({"full_name": ""}, b"Please enter your name."),
    ],
)
def test_registration_refuses_bad_input_with_a_message(app, client, changes, message):
    response = client.post("/auth/register", data={**GOOD, **changes})
    assert response.status_code == 400
    assert message in response.data
    assert _user_count(app) == 0


def test_registering_an_address_already_registered_answers_as_for_a_new_one_and_tells_the_owner(
    app, client, smtp_server
):
    with app.app_context():
        make_user(email="aisha.rahman@example.com")
    response = client.post("/auth/register", data={**GOOD, "email": "AISHA.RAHMAN@EXAMPLE.COM"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/auth/check-inbox")
    assert _user_count(app) == 1
    (notice,) = smtp_server.to("aisha.rahman@example.com")
    assert "already has one" in body(notice)
    assert "/auth/forgot-password" in body(notice)


def test_login_with_the_right_password_goes_home(app, client, auth):
    with app.app_context():
        make_graduate(email="grace@example.com")
    response = auth.login("GRACE@example.com")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/graduates/profile")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "grace@example.com"))
        assert user.last_login_at is not None


def test_login_with_a_wrong_password_says_so_without_revealing_which_part(app, client, auth):
    with app.app_context():
        make_graduate(email="grace@example.com")
    wrong_password = auth.login("grace@example.com", "not the password")
    unknown_email = auth.login("nobody@example.com")
    for response in (wrong_password, unknown_email):
        assert response.status_code == 400
        assert b"Wrong email address or password." in response.data


def test_deactivated_account_cannot_log_in(app, client, auth):
    with app.app_context():
        user = make_user(email="gone@example.com")
        user.active = False
        db.session.commit()
    response = auth.login("gone@example.com")
    assert response.status_code == 400
    assert b"This account has been deactivated." in response.data


def test_login_follows_next_to_a_path_on_this_site(app, client):
    with app.app_context():
        make_graduate(email="grace@example.com")
    response = client.post(
        "/auth/login?next=/opportunities/?kind=job",
        data={"email": "grace@example.com", "password": DEFAULT_PASSWORD},
    )
    assert response.headers["Location"] == "/opportunities/?kind=job"


@pytest.mark.parametrize(
    "target", ["https://evil.example/phish", "//evil.example/x", "/\\evil.example", "javascript:x"]
)
def test_login_ignores_a_next_url_to_another_site_and_says_so(app, client, target):
    with app.app_context():
        make_graduate(email="grace@example.com")
    page = client.get("/auth/login", query_string={"next": target})
    assert b"The link you followed points to another site." in page.data
    response = client.post(
        "/auth/login",
        query_string={"next": target},
        data={"email": "grace@example.com", "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/graduates/profile"


def test_login_starts_a_fresh_session(app, client, auth):
    with app.app_context():
        make_graduate(email="grace@example.com")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    auth.login("grace@example.com")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"]


def test_remember_me_sets_a_long_lived_cookie(app, client, auth):
    with app.app_context():
        make_graduate(email="grace@example.com")
    auth.login("grace@example.com", remember="y")
    cookie = client.get_cookie("remember_device")
    assert cookie is not None and cookie.max_age == 30 * 24 * 3600
    assert client.get_cookie("remember_token") is None  # Flask-Login's own cookie is not used


def test_logout_needs_a_post_and_ends_the_session(app, client, auth):
    with app.app_context():
        make_graduate(email="grace@example.com")
    auth.login("grace@example.com")
    assert client.get("/auth/logout").status_code == 405
    response = auth.logout()
    assert response.status_code == 302
    assert client.get("/graduates/profile").headers["Location"].startswith("/auth/login")


def test_csrf_token_is_required_when_protection_is_on(make_app):
    protected = make_app(WTF_CSRF_ENABLED=True)
    response = protected.test_client().post(
        "/auth/login", data={"email": "a@b.fi", "password": "x"}
    )
    assert response.status_code == 400
    assert b"This form has expired or was sent from another site." in response.data


@pytest.fixture
def limiter_restored():
    """The limiter is one object per process; give it back switched off to the other tests."""
    yield
    limiter.enabled = False


def test_repeated_failed_logins_are_slowed_down(make_app, limiter_restored):
    limited = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    client = limited.test_client()
    statuses = [
        client.post(
            "/auth/login", data={"email": "x@example.com", "password": "wrong pass"}
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [400, 400, 400, 429]
    assert b"Too many attempts." in client.post("/auth/login", data={}).data
