"""In-app notifications: what happened that a person should know about, read or not yet read."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.extensions import db
from talentmatch.models.enums import enum_column_values
from talentmatch.models.timestamps import utcnow


class NotificationKind(enum.StrEnum):
    """What a notification is about; each kind has its own email preference."""

    APPLICATION_RECEIVED = "application_received"
    APPLICATION_STATUS = "application_status"
    INVITATION = "invitation"
    INVITATION_ANSWER = "invitation_answer"
    MESSAGE = "message"
    INTRODUCTION = "introduction"
    PROMOTION = "promotion"
    OUTCOME_SURVEY = "outcome_survey"
    EVENT_SEAT = "event_seat"
    DIGEST = "digest"
    SEARCH_ALERT = "search_alert"
    OPPORTUNITY_UNPUBLISHED = "opportunity_unpublished"
    STAYING_DEADLINE = "staying_deadline"


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # The person the notification is about when that is someone else (the applicant an employer
    # is told of): erasing that person deletes it too, since its text names them.
    about_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[NotificationKind] = mapped_column(
        Enum(
            NotificationKind,
            values_callable=enum_column_values,
            native_enum=False,
            length=30,
            name="notification_kind",
        )
    )
    # Written in the recipient's language when it is created; `locale` says which (a later switch
    # of language leaves it as written, marked with its language on the page).
    text: Mapped[str] = mapped_column(String(500))
    locale: Mapped[str] = mapped_column(String(10), default="en", server_default="en")
    # A path inside the app (e.g. /graduates/applications/3), never an outside address.
    link: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
