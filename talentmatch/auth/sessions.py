"""Sessions over HTTP: the session cookie names a server-side sign-in, checked on every request;
the remember-me cookie (our own, random per sign-in) starts a new session when the old one ends.

Flask-Login still tracks who is signed in within a request, but its remember cookie is never
set: `login_user` is always called with remember=False.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, request, session
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from ua_parser import parse as parse_user_agent

from talentmatch.models import User
from talentmatch.services import sessions

# The random key of this browser's sign-in, kept in the signed session cookie.
SIGN_IN_KEY = "sign_in"
# What Flask-Login and this module keep in the session about who is signed in.
AUTH_KEYS = ("_user_id", "_fresh", "_id", "_remember", "_remember_seconds", SIGN_IN_KEY)
# Flask-Login's own remember cookie, which older versions of the app set; it is cleared on sight.
LEGACY_REMEMBER_COOKIE = "remember_token"
MAX_ID = 2**31 - 1


def device_description(user_agent: str) -> str:
    """A short, human description of the browser, such as "Firefox on Windows"."""
    parsed = parse_user_agent(user_agent[:1000])
    browser = parsed.user_agent.family if parsed.user_agent else ""
    system = parsed.os.family if parsed.os else ""
    browser = "" if browser == "Other" else browser
    system = "" if system == "Other" else system
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    if browser or system:
        return browser or system
    return _("Unknown browser")


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader: the account only while its sign-in on the server lives."""
    key = session.get(SIGN_IN_KEY)
    if not isinstance(key, str) or not user_id.isdigit() or int(user_id) > MAX_ID:
        return None
    return sessions.resume(int(user_id), key)


def _clear_auth_keys() -> None:
    for name in AUTH_KEYS:
        if name in session:  # popping an absent key would still rewrite the cookie
            session.pop(name)


def _remember_cookie_name() -> str:
    return current_app.config["REMEMBER_DEVICE_COOKIE_NAME"]


def _enter(user: User, session_key: str) -> None:
    # A fresh session: nothing planted in the cookie before survives sign-in.
    session.clear()
    login_user(user, remember=False)
    session[SIGN_IN_KEY] = session_key


def check_sign_in() -> None:
    """Before every request: an ended session counts as anonymous; a live remember-me cookie
    then starts a new session."""
    if request.endpoint == "static":
        return
    if current_user.is_authenticated:
        return
    _clear_auth_keys()
    token = request.cookies.get(_remember_cookie_name())
    if not token:
        return
    restored = sessions.resume_remembered(token)
    if restored is None:
        g.forget_remember_cookie = True
        return
    user, session_key = restored
    _enter(user, session_key)


def begin(user: User, remember: bool, **details: object) -> None:
    """Sign `user` in on this browser (after a password check or registration); `details` go
    into the audit log's login event."""
    new = sessions.begin(
        user, device_description(request.user_agent.string), remember=remember, **details
    )
    _enter(user, new.session_key)
    if new.remember_token:
        g.remember_cookie = new.remember_token
    else:
        g.forget_remember_cookie = True


def current_session_key() -> str | None:
    key = session.get(SIGN_IN_KEY)
    return key if isinstance(key, str) else None


def end(user: User) -> None:
    """Logout: this browser's session and remember-me token end on the server as well."""
    sessions.end(user, current_session_key())
    leave()


def leave() -> None:
    """Forget, in this browser, a sign-in that has already been ended on the server."""
    logout_user()
    session.clear()
    g.forget_remember_cookie = True


def write_cookies(response: Response) -> Response:
    """After every request: set or delete the remember-me cookie as the request decided."""
    config = current_app.config
    name = _remember_cookie_name()
    token = g.get("remember_cookie")
    if token:
        response.set_cookie(
            name,
            token,
            max_age=int(config["REMEMBER_DAYS"]) * 24 * 3600,
            path="/",
            secure=bool(config.get("REMEMBER_COOKIE_SECURE", False)),
            httponly=True,
            samesite=config.get("REMEMBER_COOKIE_SAMESITE", "Lax"),
        )
    elif g.get("forget_remember_cookie") and name in request.cookies:
        response.delete_cookie(name, path="/", httponly=True)
    if LEGACY_REMEMBER_COOKIE != name and LEGACY_REMEMBER_COOKIE in request.cookies:
        response.delete_cookie(LEGACY_REMEMBER_COOKIE, path="/", httponly=True)
    return response


def init_app(app: Flask) -> None:
    """Check the sign-in before any view runs, and keep the remember-me cookie in step."""
    app.before_request(check_sign_in)
    app.after_request(write_cookies)
