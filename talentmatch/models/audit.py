"""The security audit log: who did what, when and from where; never passwords, tokens or CV text."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentmatch.extensions import db
from talentmatch.models.timestamps import utcnow

if TYPE_CHECKING:
    from talentmatch.models.users import User


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_event_created", "event", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # A name from talentmatch.services.audit.AuditEventKind, e.g. "login_failed".
    event: Mapped[str] = mapped_column(String(40))
    # Who acted (None when anonymous); the account acted on, when another one.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    subject_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # An email address the event names when no account does (a failed login for an unknown one).
    email: Mapped[str] = mapped_column(String(254), default="")
    client_address: Mapped[str] = mapped_column(String(45), default="")
    details: Mapped[str] = mapped_column(Text, default="{}")  # JSON, secrets never

    # For reading the log; events are written by id (talentmatch.services.audit.record).
    user: Mapped[User | None] = relationship(foreign_keys=[user_id], viewonly=True)
    subject: Mapped[User | None] = relationship(foreign_keys=[subject_user_id], viewonly=True)

    def __repr__(self) -> str:
        return f"<AuditEvent {self.event} user={self.user_id} at {self.created_at}>"
