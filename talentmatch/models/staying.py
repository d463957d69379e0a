"""The staying checklist: where a graduate lives now, the steps they ticked off, the deadline
reminders sent to them, and administrators' edits of the shipped step texts."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentmatch.extensions import db
from talentmatch.models.enums import enum_column_values
from talentmatch.models.timestamps import utcnow

if TYPE_CHECKING:
    from talentmatch.models.users import User


class StayingSituation(db.Model):
    """Where the graduate lives now and since when they live there; a move changes which
    steps apply and which office serves them."""

    __tablename__ = "staying_situations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    # A municipality of MUNICIPALITIES, or "" when they live elsewhere or not in Finland yet.
    municipality: Mapped[str] = mapped_column(String(80), default="")
    moved_on: Mapped[date | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class StayingStepDone(db.Model):
    """A step the graduate ticked off, on the day they say they did it."""

    __tablename__ = "staying_steps_done"
    __table_args__ = (UniqueConstraint("user_id", "step_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    step_key: Mapped[str] = mapped_column(String(60))
    done_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReminderChannel(enum.StrEnum):
    NOTIFICATION = "notification"  # a notification of its own (and its email)
    DIGEST = "digest"  # a line in the digest of new matches


class StayingReminder(db.Model):
    """A deadline the graduate was reminded of, once per step, due date and channel: a new
    permit end date is a new deadline and is reminded of again."""

    __tablename__ = "staying_reminders"
    __table_args__ = (UniqueConstraint("user_id", "step_key", "due_on", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    step_key: Mapped[str] = mapped_column(String(60))
    due_on: Mapped[date]
    channel: Mapped[ReminderChannel] = mapped_column(
        Enum(
            ReminderChannel,
            values_callable=enum_column_values,
            native_enum=False,
            length=20,
            name="reminder_channel",
        )
    )
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class StayingStepEdit(db.Model):
    """An administrator's version of one shipped step: its texts and links in each language,
    its sources and the day they were last checked. It replaces the shipped content until
    it is reverted."""

    __tablename__ = "staying_step_edits"

    id: Mapped[int] = mapped_column(primary_key=True)
    step_key: Mapped[str] = mapped_column(String(60), unique=True)
    # {"text": {locale: {"title", "what", "when"}}, "link": {locale: url},
    #  "sources": [{"title", "url"}]}
    content: Mapped[dict] = mapped_column(JSON)
    last_checked: Mapped[date]
    edited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    edited_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    edited_by: Mapped[User | None] = relationship()
