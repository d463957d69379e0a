"""Single-use, expiring secrets for links sent by email; only their SHA-256 is stored, so a copy
of the database cannot be turned into working links."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from flask import current_app, url_for
from sqlalchemy import CursorResult, delete, or_, select, update

from talentmatch.extensions import db
from talentmatch.models import AccountToken, TokenPurpose, User
from talentmatch.models.timestamps import utcnow

# token_urlsafe(32) gives 43 characters; anything much longer was never ours.
MAX_SECRET_LENGTH = 100


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def issue(user: User, purpose: TokenPurpose, lifetime: timedelta) -> str:
    """A new secret for `user`, stored hashed in the current transaction; returns the secret."""
    # Links that can no longer work are kept no longer than the next one is sent.
    db.session.execute(
        delete(AccountToken).where(
            AccountToken.user_id == user.id,
            or_(AccountToken.expires_at <= utcnow(), AccountToken.used_at.is_not(None)),
        )
    )
    secret = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=_digest(secret),
            email=user.email,
            expires_at=utcnow() + lifetime,
        )
    )
    return secret


def find_usable(
    secret: str, purpose: TokenPurpose, require_active: bool = True
) -> AccountToken | None:
    """The token for `secret` if it is unused, unexpired, still for the account's current address
    and the account is active (an invitation is for an account not active yet: the caller checks
    it instead); otherwise None (the caller says the link no longer works)."""
    if not secret or len(secret) > MAX_SECRET_LENGTH:
        return None
    token = db.session.scalar(
        select(AccountToken).where(
            AccountToken.token_hash == _digest(secret), AccountToken.purpose == purpose
        )
    )
    if token is None or token.used_at is not None or token.expires_at <= utcnow():
        return None
    if token.email != token.user.email or (require_active and not token.user.active):
        return None
    return token


def consume(token: AccountToken) -> bool:
    """Mark `token` used; False when a concurrent request used it first."""
    result: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
        update(AccountToken)
        .where(AccountToken.id == token.id, AccountToken.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def revoke(user: User, purpose: TokenPurpose) -> None:
    """Every outstanding link of this purpose for `user` stops working."""
    db.session.execute(
        update(AccountToken)
        .where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def link(endpoint: str, **values: Any) -> str:
    """An absolute link for an email: on PUBLIC_URL when configured (so a forged Host header
    cannot send people elsewhere), else on the current request's host."""
    base = current_app.config.get("PUBLIC_URL", "").rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
