"""Ending sessions: every session and remember-me cookie carries the account's session version."""

from __future__ import annotations

from talentmatch.extensions import db
from talentmatch.models import User


def end_all_sessions(user: User) -> None:
    """Make every existing session and remember-me cookie of `user` invalid (in the caller's
    transaction)."""
    user.session_version = (user.session_version or 0) + 1
    db.session.add(user)
