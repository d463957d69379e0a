"""The email outbox: every message is stored with the change that causes it, then delivered."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.extensions import db
from talentmatch.models.timestamps import utcnow


class OutboundEmail(db.Model):
    __tablename__ = "outbound_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    # Both parts are emptied once delivered: bodies may hold single-use links.
    body: Mapped[str] = mapped_column(Text, default="")
    html_body: Mapped[str] = mapped_column(Text, default="")
    # The language both parts are written in (sent as Content-Language).
    locale: Mapped[str] = mapped_column(String(10), default="en")
    # Fixed when queued, so a retried message keeps its identity.
    message_id: Mapped[str] = mapped_column(String(200), default="")
    # One-click unsubscribe (RFC 8058) for notification emails; empty for account emails.
    unsubscribe_url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    # No attempt before this time: a backoff after a failure, or a worker's claim on it.
    next_attempt_at: Mapped[datetime | None] = mapped_column(index=True)
    last_error: Mapped[str] = mapped_column(String(300), default="")

    def __repr__(self) -> str:
        state = "sent" if self.sent_at else "pending"
        return f"<OutboundEmail {self.subject!r} to {self.to_address} {state}>"
