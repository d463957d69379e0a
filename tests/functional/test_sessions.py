"""Sessions that end: copied cookies after logout and password change, remember-me tokens,
timeouts, deactivation, and the legacy Flask-Login cookie."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient
from flask_login.utils import encode_cookie
from sqlalchemy import select, update

from talentmatch.extensions import db
from talentmatch.models import AuditEvent, Role, SignIn, User
from talentmatch.models.timestamps import utcnow
from talentmatch.services.sessions import end_all_sessions
from tests.audit_log import events_by
from tests.factories import DEFAULT_PASSWORD, make_graduate, make_user

PROFILE = "/graduates/profile"
NEW_PASSWORD = "midnight sun over espoo"
CHROME_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


def _graduate(app, email: str = "grace@example.com") -> int:
    with app.app_context():
        return make_graduate(email=email).id


def _login(client: FlaskClient, email: str = "grace@example.com", remember: bool = False):
    data = {"email": email, "password": DEFAULT_PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/auth/login", data=data)
    assert response.status_code == 302
    return response


def _copy(client: FlaskClient, app, *names: str) -> FlaskClient:
    """Another browser holding copies of `client`'s cookies (all of them unless named)."""
    other = app.test_client()
    for name in names or ("session", "remember_device"):
        cookie = client.get_cookie(name)
        if cookie is not None:
            other.set_cookie(name, cookie.value)
    return other


def _signed_in(client: FlaskClient) -> bool:
    response = client.get(PROFILE)
    if response.status_code == 200:
        return True
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")
    return False


def _sign_ins(app, user_id: int) -> list[SignIn]:
    with app.app_context():
        return list(db.session.scalars(select(SignIn).where(SignIn.user_id == user_id)))


def _age_sign_ins(app, user_id: int, **ages: timedelta) -> None:
    """Move this account's sign-in times into the past, as if that much time had passed."""
    with app.app_context():
        now = utcnow()
        db.session.execute(
            update(SignIn)
            .where(SignIn.user_id == user_id)
            .values({column: now - age for column, age in ages.items()})
        )
        db.session.commit()


# --- logout -----------------------------------------------------------------------------------


def test_a_session_cookie_copied_before_logout_is_refused_after_it(app, client):
    _graduate(app)
    _login(client)
    stolen = _copy(client, app, "session")
    assert _signed_in(stolen)

    client.post("/auth/logout")

    assert not _signed_in(stolen)
    assert not _signed_in(client)


def test_logout_on_one_browser_leaves_the_other_signed_in(app, client):
    user_id = _graduate(app)
    _login(client)
    laptop = app.test_client()
    _login(laptop)

    client.post("/auth/logout")

    assert _signed_in(laptop)
    assert len(_sign_ins(app, user_id)) == 1
    assert events_by(app, user_id) == ["login", "login", "logout"]


def test_the_old_flask_login_remember_cookie_signs_no_one_in(app):
    user_id = _graduate(app)
    browser = app.test_client()
    with app.test_request_context():
        forged = encode_cookie(str(user_id))  # "<id>|HMAC(id)", what earlier versions set
    browser.set_cookie("remember_token", forged)

    response = browser.get(PROFILE)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")
    assert "remember_token=;" in response.headers.get("Set-Cookie", "")


# --- session version --------------------------------------------------------------------------


def test_a_raised_session_version_ends_every_session_and_remember_cookie(app, client):
    user_id = _graduate(app)
    _login(client, remember=True)
    other = app.test_client()
    _login(other)
    restarted = _copy(client, app, "remember_device")

    with app.app_context():
        user = db.session.get(User, user_id)
        end_all_sessions(user)
        db.session.commit()

    assert not _signed_in(client)
    assert not _signed_in(other)
    assert not _signed_in(restarted)
    assert _sign_ins(app, user_id) == []


def test_a_sign_in_minted_under_an_older_version_is_refused_even_if_its_row_remains(app, client):
    user_id = _graduate(app)
    _login(client, remember=True)
    restarted = _copy(client, app, "remember_device")
    with app.app_context():
        db.session.execute(
            update(User).where(User.id == user_id).values(session_version=User.session_version + 1)
        )
        db.session.commit()

    assert not _signed_in(client)
    assert not _signed_in(restarted)


def test_a_cookie_copied_before_a_password_change_is_refused_after_it(app, client):
    user_id = _graduate(app)
    _login(client, remember=True)
    stolen_session = _copy(client, app, "session")
    stolen_remember = _copy(client, app, "remember_device")
    assert _signed_in(stolen_session)

    response = client.post(
        "/auth/account/password",
        data={
            "password-current_password": DEFAULT_PASSWORD,
            "password-new_password": NEW_PASSWORD,
            "password-confirm": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert not _signed_in(stolen_session)
    assert not _signed_in(stolen_remember)
    assert _signed_in(client)  # the person who changed it stays signed in, on a new sign-in
    assert _signed_in(_copy(client, app, "remember_device"))  # and is still remembered here
    [sign_in] = _sign_ins(app, user_id)
    assert sign_in.remembered


# --- remember-me ------------------------------------------------------------------------------


def test_a_remember_cookie_signs_in_a_restarted_browser(app, client):
    user_id = _graduate(app)
    _login(client, remember=True)

    restarted = _copy(client, app, "remember_device")  # the session cookie died with the browser

    assert _signed_in(restarted)
    assert restarted.get_cookie("session") is not None  # a new session was started
    assert _signed_in(restarted)
    assert events_by(app, user_id) == ["login", "login"]


def test_a_remembered_browser_coming_back_counts_as_a_login_for_retention(app, client):
    user_id = _graduate(app)
    _login(client, remember=True)
    long_ago = utcnow() - timedelta(days=400)
    with app.app_context():
        db.session.execute(update(User).where(User.id == user_id).values(last_login_at=long_ago))
        db.session.commit()

    assert _signed_in(_copy(client, app, "remember_device"))

    with app.app_context():
        assert db.session.get(User, user_id).last_login_at > utcnow() - timedelta(minutes=5)


def test_without_remember_me_a_restarted_browser_is_signed_out(app, client):
    _graduate(app)
    _login(client)
    assert client.get_cookie("remember_device") is None
    restarted = app.test_client()
    assert not _signed_in(restarted)


def test_a_remember_cookie_does_not_survive_logout(app, client):
    user_id = _graduate(app)
    _login(client, remember=True)
    kept = _copy(client, app, "remember_device")

    response = client.post("/auth/logout")

    assert "remember_device=;" in response.headers.get("Set-Cookie", "")
    assert not _signed_in(kept)
    assert _sign_ins(app, user_id) == []


def test_a_remember_cookie_does_not_survive_signing_out_everywhere(app, client):
    user_id = _graduate(app)
    _login(client, remember=True)
    kept = _copy(client, app, "remember_device")
    phone = app.test_client()
    _login(phone, remember=True)

    response = client.post("/auth/account/sign-out-everywhere")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")
    assert not _signed_in(kept)
    assert not _signed_in(phone)
    assert not _signed_in(client)
    assert _sign_ins(app, user_id) == []
    assert "sessions_ended" in events_by(app, user_id)


def test_an_expired_remember_cookie_signs_no_one_in_and_is_deleted(app, client):
    user_id = _graduate(app)
    _login(client, remember=True)
    restarted = _copy(client, app, "remember_device")
    with app.app_context():
        db.session.execute(
            update(SignIn)
            .where(SignIn.user_id == user_id)
            .values(remember_expires_at=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()

    response = restarted.get(PROFILE)

    assert response.status_code == 302
    assert restarted.get_cookie("remember_device") is None
    assert _sign_ins(app, user_id) == []


def test_remember_days_sets_how_long_a_token_lives(make_app):
    short = make_app(REMEMBER_DAYS=2)
    with short.app_context():
        make_graduate(email="grace@example.com")
    browser = short.test_client()
    _login(browser, remember=True)
    assert browser.get_cookie("remember_device").max_age == 2 * 24 * 3600
    with short.app_context():
        sign_in = db.session.scalar(select(SignIn))
        assert timedelta(days=2) - (sign_in.remember_expires_at - sign_in.created_at) < timedelta(
            seconds=5
        )


def test_two_logins_give_two_different_remember_tokens_stored_only_as_hashes(app):
    user_id = _graduate(app)
    first, second = app.test_client(), app.test_client()
    _login(first, remember=True)
    _login(second, remember=True)

    tokens = [c.get_cookie("remember_device").value for c in (first, second)]

    assert tokens[0] != tokens[1]
    assert all("|" not in token for token in tokens)  # not the old "<id>|HMAC(id)"
    stored = _sign_ins(app, user_id)
    assert len(stored) == 2
    for sign_in in stored:
        columns = [str(getattr(sign_in, c.name)) for c in SignIn.__table__.columns]
        for token in tokens:
            validator = token.split(".")[1]
            assert not any(validator in value for value in columns)


def test_a_remember_cookie_with_a_wrong_validator_signs_no_one_in(app, client):
    user_id = _graduate(app)
    _login(client, remember=True)
    selector = client.get_cookie("remember_device").value.split(".")[0]
    forger = app.test_client()
    forger.set_cookie("remember_device", f"{selector}.guessed-validator")

    assert not _signed_in(forger)
    assert forger.get_cookie("remember_device") is None
    assert len(_sign_ins(app, user_id)) == 1  # the owner's token still works
    assert _signed_in(_copy(client, app, "remember_device"))


def test_malformed_remember_cookies_sign_no_one_in_and_give_no_error(app):
    _graduate(app)
    for value in ("", ".", "x", "a.b.c", "%00", "é" * 50, "x" * 1900 + "." + "y" * 1900):
        browser = app.test_client()
        browser.set_cookie("remember_device", value)
        response = browser.get(PROFILE)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/auth/login")


# --- timeouts ---------------------------------------------------------------------------------


def test_a_session_ends_after_the_idle_timeout(app, client):
    user_id = _graduate(app)
    _login(client)
    _age_sign_ins(app, user_id, last_seen_at=timedelta(minutes=59))
    assert _signed_in(client)  # and the visit counts as activity
    with app.app_context():
        [sign_in] = _sign_ins(app, user_id)
        assert utcnow() - sign_in.last_seen_at < timedelta(minutes=1)

    _age_sign_ins(app, user_id, last_seen_at=timedelta(minutes=61))

    assert not _signed_in(client)
    assert _sign_ins(app, user_id) == []


def test_a_session_ends_after_the_absolute_timeout_however_busy(app, client):
    user_id = _graduate(app)
    _login(client)
    _age_sign_ins(app, user_id, session_started_at=timedelta(hours=11, minutes=59))
    assert _signed_in(client)

    _age_sign_ins(app, user_id, session_started_at=timedelta(hours=12, minutes=1))

    assert not _signed_in(client)


def test_after_a_timeout_the_remember_cookie_starts_a_new_session(app, client):
    user_id = _graduate(app)
    _login(client, remember=True)
    stolen_session = _copy(client, app, "session")
    _age_sign_ins(app, user_id, last_seen_at=timedelta(hours=2))

    assert _signed_in(client)  # through the remember-me cookie, on a new session key
    assert not _signed_in(stolen_session)  # the timed-out session itself stays dead
    [sign_in] = _sign_ins(app, user_id)
    assert utcnow() - sign_in.session_started_at < timedelta(minutes=1)


def test_the_timeouts_come_from_the_configuration(make_app):
    strict = make_app(SESSION_IDLE_MINUTES=5, SESSION_ABSOLUTE_HOURS=1)
    with strict.app_context():
        user_id = make_graduate(email="grace@example.com").id
    browser = strict.test_client()
    _login(browser)
    _age_sign_ins(strict, user_id, last_seen_at=timedelta(minutes=6))
    assert not _signed_in(browser)

    _login(browser)
    _age_sign_ins(strict, user_id, session_started_at=timedelta(minutes=61))
    assert not _signed_in(browser)


# --- deactivation -----------------------------------------------------------------------------


def test_deactivation_ends_every_session_and_remember_token(app, client, auth):
    with app.app_context():
        make_user(email="admin@example.com", role=Role.ADMIN)
    user_id = _graduate(app)
    graduate = app.test_client()
    _login(graduate, remember=True)
    restarted = _copy(graduate, app, "remember_device")
    auth.login("admin@example.com")

    client.post(f"/admin/users/{user_id}/deactivate")

    assert _sign_ins(app, user_id) == []
    with app.app_context():
        assert db.session.get(User, user_id).active is False
    client.post(
        f"/admin/users/{user_id}/reactivate"
    )  # even once let back in, old cookies stay dead
    assert not _signed_in(graduate)
    assert not _signed_in(restarted)
    with app.app_context():
        admin_id = db.session.scalar(select(User.id).where(User.email == "admin@example.com"))
        subjects = db.session.execute(
            select(AuditEvent.event, AuditEvent.subject_user_id)
            .where(AuditEvent.user_id == admin_id)
            .order_by(AuditEvent.id)
        ).all()
    assert [tuple(row) for row in subjects] == [
        ("login", None),
        ("account_deactivated", user_id),
        ("account_reactivated", user_id),
    ]


# --- devices ----------------------------------------------------------------------------------


def test_a_sign_in_records_the_device_it_came_from(app):
    user_id = _graduate(app)
    browser = app.test_client()
    browser.post(
        "/auth/login",
        data={"email": "grace@example.com", "password": DEFAULT_PASSWORD, "remember": "y"},
        headers={"User-Agent": CHROME_ON_WINDOWS},
    )
    [sign_in] = _sign_ins(app, user_id)
    assert sign_in.device == "Chrome on Windows"


def test_the_purge_command_deletes_only_sign_ins_that_have_run_out(app, runner):
    user_id = _graduate(app)
    live, remembered, dead = app.test_client(), app.test_client(), app.test_client()
    _login(live)
    _login(remembered, remember=True)
    _login(dead)
    with app.app_context():
        rows = sorted(_sign_ins(app, user_id), key=lambda s: s.id)
        db.session.execute(
            update(SignIn)
            .where(SignIn.id.in_([rows[1].id, rows[2].id]))
            .values(last_seen_at=utcnow() - timedelta(days=1))
        )
        db.session.commit()

    result = runner.invoke(args=["sessions", "purge-expired"])

    assert result.exit_code == 0
    assert "Deleted 1 expired sign-in(s)." in result.output
    assert sorted(s.id for s in _sign_ins(app, user_id)) == [rows[0].id, rows[1].id]
    assert _signed_in(live)
    assert _signed_in(_copy(remembered, app, "remember_device"))
