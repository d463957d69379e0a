"""Reading the audit log back in tests."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import AuditEvent


def events_by(app: Flask, user_id: int) -> list[str]:
    """The kinds of the audit events `user_id` caused, oldest first."""
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent.event)
                .where(AuditEvent.user_id == user_id)
                .order_by(AuditEvent.id)
            )
        )


def events_of_kind(app: Flask, kind: str) -> list[AuditEvent]:
    """Every audit event of one kind, oldest first, readable outside the app context."""
    with app.app_context():
        events = list(
            db.session.scalars(
                select(AuditEvent).where(AuditEvent.event == kind).order_by(AuditEvent.id)
            )
        )
        for event in events:
            db.session.expunge(event)
        return events
