"""Recording security events: logins, failures, denials, role and verification changes, exports,
erasures. Callers pass facts, never secrets: no passwords, tokens or CV text."""

from __future__ import annotations

import enum
import json

from flask import has_request_context, request

from talentmatch.extensions import db
from talentmatch.models import AuditEvent, User

MAX_ADDRESS = 45
MAX_EMAIL = 254


class AuditEventKind(enum.StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    ACCESS_DENIED = "access_denied"
    REGISTERED = "registered"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET_REQUESTED = "password_reset_requested"
    PASSWORD_RESET = "password_reset"
    EMAIL_CHANGED = "email_changed"
    EMAIL_VERIFIED = "email_verified"
    SESSIONS_ENDED = "sessions_ended"
    ROLE_CHANGED = "role_changed"
    ACCOUNT_DEACTIVATED = "account_deactivated"
    ACCOUNT_REACTIVATED = "account_reactivated"
    STAFF_ACCOUNT_CREATED = "staff_account_created"
    STAFF_INVITED = "staff_invited"
    STAFF_INVITATION_RESENT = "staff_invitation_resent"
    STAFF_INVITATION_ACCEPTED = "staff_invitation_accepted"
    OPPORTUNITY_UNPUBLISHED = "opportunity_unpublished"
    OPPORTUNITY_REPUBLISHED = "opportunity_republished"
    MODEL_REFIT_REQUESTED = "model_refit_requested"
    ORGANISATION_VERIFIED = "organisation_verified"
    ORGANISATION_UNVERIFIED = "organisation_unverified"
    CONSENT_GIVEN = "consent_given"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    DATA_EXPORTED = "data_exported"
    COHORT_EXPORTED = "cohort_exported"
    ACCOUNT_ERASED = "account_erased"
    RATE_LIMITED = "rate_limited"


def client_address() -> str:
    """The address of the client of the current request (after the configured proxies)."""
    if not has_request_context():
        return ""
    return (request.remote_addr or "")[:MAX_ADDRESS]


def record(
    event: AuditEventKind,
    user: User | None = None,
    *,
    subject: User | None = None,
    email: str = "",
    **details: object,
) -> AuditEvent:
    """Add an event to the current transaction; the caller's unit of work commits it."""
    entry = AuditEvent(
        event=event.value,
        user_id=user.id if user is not None else None,
        subject_user_id=subject.id if subject is not None else None,
        email=email.strip().lower()[:MAX_EMAIL],
        client_address=client_address(),
        details=json.dumps(details, sort_keys=True, default=str),
    )
    db.session.add(entry)
    return entry


MAX_PATH = 300


def record_access_denied(user: User | None, method: str, path: str) -> None:
    """A refused request (403), in a transaction of its own: the request's changes, if any, are
    dropped first, since nothing of a refused request may be saved. The path only: a query
    string may carry tokens."""
    db.session.rollback()
    record(AuditEventKind.ACCESS_DENIED, user, method=method[:10], path=path[:MAX_PATH])
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
