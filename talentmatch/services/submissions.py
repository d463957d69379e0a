"""One-time submission tokens: a create form sent twice creates one row, not two.

A create form carries a random token. The service that creates the row claims the token first in
the same transaction (a unique row per user and token); a second request with that token waits
for the first to commit, finds the claim and is told what the first created instead.
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from talentmatch.extensions import db
from talentmatch.models import FormSubmission, User
from talentmatch.services.errors import DomainError

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")


class AlreadySubmitted(DomainError):
    """The form with this token was already acted on; `result_id` names what it created."""

    def __init__(self, purpose: str, result_id: int | None) -> None:
        self.purpose = purpose
        self.result_id = result_id
        super().__init__(purpose)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def claim(actor: User, token: str | None, purpose: str) -> FormSubmission | None:
    """Claim `token` for `purpose` as the first write of the caller's unit of work.

    No token (a client that sends none) claims nothing. Raises AlreadySubmitted, with the whole
    transaction rolled back, when the token was claimed before.
    """
    if not token or not TOKEN_PATTERN.fullmatch(token):
        return None
    actor_id = actor.id
    submission = FormSubmission(user_id=actor_id, token=token, purpose=purpose)
    db.session.add(submission)
    try:
        db.session.flush()  # on PostgreSQL this waits for a concurrent claim to commit
    except IntegrityError:
        db.session.rollback()
        earlier = db.session.scalar(
            select(FormSubmission).where(
                FormSubmission.user_id == actor_id, FormSubmission.token == token
            )
        )
        if earlier is None:  # the other claim was rolled back after all
            raise
        raise AlreadySubmitted(earlier.purpose, earlier.result_id) from None
    return submission


def record_result(submission: FormSubmission | None, result_id: int) -> None:
    """Remember what the claimed form created (the row must have been flushed)."""
    if submission is not None:
        submission.result_id = result_id
