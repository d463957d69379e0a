"""Sign-ins that can be ended: every session and remember-me token is a `SignIn` row, checked on
every request against the account's session version and the idle and absolute timeouts.

The session cookie carries a random key and the remember-me cookie a random selector and
validator; the database keeps only their SHA-256, so a copy of the table signs no one in.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, delete, or_, select, update

from talentmatch.extensions import db
from talentmatch.models import SignIn, User
from talentmatch.models.timestamps import utcnow
from talentmatch.services import audit
from talentmatch.services.audit import AuditEventKind
from talentmatch.services.errors import NotFound
from talentmatch.services.transaction import unit_of_work

# Last-seen times are written at most this often, so a busy session costs no write per request.
SEEN_RESOLUTION = timedelta(minutes=1)
MAX_SELECTOR = 32
MAX_VALIDATOR = 64
MAX_DEVICE = 120


@dataclass(frozen=True)
class NewSignIn:
    """The secrets of a new sign-in, for the cookies only: the database holds their hashes."""

    session_key: str
    remember_token: str | None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _idle_limit() -> timedelta:
    return timedelta(minutes=int(current_app.config["SESSION_IDLE_MINUTES"]))


def _absolute_limit() -> timedelta:
    return timedelta(hours=int(current_app.config["SESSION_ABSOLUTE_HOURS"]))


def _session_alive(sign_in: SignIn, now: datetime) -> bool:
    return (
        sign_in.session_hash is not None
        and now - sign_in.last_seen_at <= _idle_limit()
        and now - sign_in.session_started_at <= _absolute_limit()
    )


def _remember_alive(sign_in: SignIn, now: datetime) -> bool:
    return sign_in.remember_expires_at is not None and now < sign_in.remember_expires_at


def _still_valid_for(sign_in: SignIn, user: User | None) -> bool:
    return user is not None and user.active and sign_in.session_version == user.session_version


def _forget(sign_in_id: int) -> None:
    # A bulk delete: two requests ending the same sign-in at once must not trip over each other.
    db.session.execute(delete(SignIn).where(SignIn.id == sign_in_id))


def _dead(now: datetime) -> ColumnElement[bool]:
    """Sign-ins whose session and remember-me token have both ended."""
    session_over = or_(
        SignIn.session_hash.is_(None),
        SignIn.last_seen_at < now - _idle_limit(),
        SignIn.session_started_at < now - _absolute_limit(),
    )
    remember_over = or_(SignIn.remember_expires_at.is_(None), SignIn.remember_expires_at <= now)
    return and_(session_over, remember_over)


def begin(user: User, device: str, remember: bool, **details: Any) -> NewSignIn:
    """Start a sign-in for `user` on the browser described by `device`; with `remember`, also a
    remember-me token valid for REMEMBER_DAYS."""
    now = utcnow()
    session_key = secrets.token_urlsafe(32)
    sign_in = SignIn(
        user_id=user.id,
        session_hash=_digest(session_key),
        session_started_at=now,
        last_seen_at=now,
        session_version=user.session_version,
        device=device[:MAX_DEVICE],
        created_at=now,
    )
    remember_token = None
    if remember:
        selector, validator = secrets.token_urlsafe(12), secrets.token_urlsafe(32)
        sign_in.remember_selector = selector
        sign_in.remember_hash = _digest(validator)
        sign_in.remember_expires_at = now + timedelta(days=int(current_app.config["REMEMBER_DAYS"]))
        remember_token = f"{selector}.{validator}"
    with unit_of_work():
        db.session.execute(delete(SignIn).where(SignIn.user_id == user.id, _dead(now)))
        db.session.add(sign_in)
        user.last_login_at = now  # retention counts inactivity from here
        audit.record(AuditEventKind.LOGIN, user, remember=remember, device=device, **details)
    return NewSignIn(session_key, remember_token)


def _sign_in_for_session(session_key: str) -> SignIn | None:
    return db.session.scalar(select(SignIn).where(SignIn.session_hash == _digest(session_key)))


def resume(user_id: int, session_key: str) -> User | None:
    """The account signed in by this session key, or None when that session has ended: signed
    out, timed out, or minted under an older session version."""
    # The sign-in and its account in one query: every page a signed-in user opens runs it.
    found = db.session.execute(
        select(SignIn, User)
        .join(User, User.id == SignIn.user_id)
        .where(SignIn.session_hash == _digest(session_key))
    ).first()
    if found is None or found[0].user_id != user_id:
        return None
    sign_in, user = found
    now = utcnow()
    if not _still_valid_for(sign_in, user):
        with unit_of_work():
            _forget(sign_in.id)
        return None
    if not _session_alive(sign_in, now):
        with unit_of_work():
            if _remember_alive(sign_in, now):  # the remember-me cookie may start a new session
                db.session.execute(
                    update(SignIn).where(SignIn.id == sign_in.id).values(session_hash=None)
                )
            else:
                _forget(sign_in.id)
        return None
    if now - sign_in.last_seen_at >= SEEN_RESOLUTION:
        with unit_of_work():
            db.session.execute(
                update(SignIn).where(SignIn.id == sign_in.id).values(last_seen_at=now)
            )
    return user


def resume_remembered(remember_token: str) -> tuple[User, str] | None:
    """A new session for the browser holding this remember-me token, as (account, session key),
    or None when the token is unknown, expired, revoked or minted under an older version."""
    selector, _dot, validator = remember_token.partition(".")
    if not selector or not validator or len(selector) > MAX_SELECTOR:
        return None
    if len(validator) > MAX_VALIDATOR:
        return None
    sign_in = db.session.scalar(select(SignIn).where(SignIn.remember_selector == selector))
    if sign_in is None or sign_in.remember_hash is None:
        return None
    if not hmac.compare_digest(sign_in.remember_hash, _digest(validator)):
        return None
    user = db.session.get(User, sign_in.user_id)
    now = utcnow()
    if user is None or not _still_valid_for(sign_in, user) or not _remember_alive(sign_in, now):
        with unit_of_work():
            _forget(sign_in.id)
        return None
    session_key = secrets.token_urlsafe(32)
    with unit_of_work():
        db.session.execute(
            update(SignIn)
            .where(SignIn.id == sign_in.id)
            .values(session_hash=_digest(session_key), session_started_at=now, last_seen_at=now)
        )
        user.last_login_at = now  # a remembered browser coming back is activity too
        audit.record(AuditEventKind.LOGIN, user, remember=True, method="remember_me")
    return user, session_key


def end(user: User, session_key: str | None) -> None:
    """Logout: this browser's session and remember-me token end, on the server too."""
    with unit_of_work():
        if session_key:
            sign_in = _sign_in_for_session(session_key)
            if sign_in is not None and sign_in.user_id == user.id:
                _forget(sign_in.id)
        audit.record(AuditEventKind.LOGOUT, user)


def end_all_sessions(user: User) -> None:
    """Make every existing session and remember-me cookie of `user` invalid (in the caller's
    transaction)."""
    user.session_version = (user.session_version or 0) + 1
    db.session.add(user)
    if user.id is not None:
        db.session.execute(delete(SignIn).where(SignIn.user_id == user.id))


def sign_out_everywhere(user: User) -> None:
    """The person ends every session and remember-me token of their account, this one too."""
    with unit_of_work():
        end_all_sessions(user)
        audit.record(AuditEventKind.SESSIONS_ENDED, user, reason="signed_out_everywhere")


def live_sign_ins(user: User) -> list[SignIn]:
    """The browsers where `user` is signed in or will be signed in again by a remember-me
    token, most recently used first."""
    now = utcnow()
    sign_ins = db.session.scalars(
        select(SignIn)
        .where(SignIn.user_id == user.id, SignIn.session_version == user.session_version)
        .order_by(SignIn.last_seen_at.desc(), SignIn.id.desc())
    )
    return [s for s in sign_ins if _session_alive(s, now) or _remember_alive(s, now)]


def current_sign_in_id(user: User, session_key: str | None) -> int | None:
    """The id of the sign-in this session key belongs to."""
    sign_in = _sign_in_for_session(session_key) if session_key else None
    return sign_in.id if sign_in is not None and sign_in.user_id == user.id else None


def is_remembered(user: User, session_key: str | None) -> bool:
    """Whether this browser's sign-in also holds a live remember-me token."""
    sign_in = _sign_in_for_session(session_key) if session_key else None
    return sign_in is not None and sign_in.user_id == user.id and _remember_alive(sign_in, utcnow())


def sign_out_device(user: User, sign_in_id: int) -> str:
    """End one of the person's own sign-ins (its session and remember-me token); returns the
    device's description."""
    sign_in = db.session.get(SignIn, sign_in_id)
    if sign_in is None or sign_in.user_id != user.id:
        raise NotFound(_("That device is not signed in to your account."))
    device = sign_in.device
    with unit_of_work():
        _forget(sign_in.id)
        audit.record(AuditEventKind.SESSIONS_ENDED, user, reason="device_signed_out", device=device)
    return device


def purge_expired() -> int:
    """Delete sign-ins whose session and remember-me token have both run out; returns how many."""
    with unit_of_work():
        result = db.session.execute(delete(SignIn).where(_dead(utcnow())))
    return int(getattr(result, "rowcount", 0) or 0)
