"""Taking part: community memberships, event registrations with their waiting list, and the
secret address of each graduate's calendar feed."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentmatch.extensions import db
from talentmatch.models.enums import enum_column_values
from talentmatch.models.timestamps import utcnow

if TYPE_CHECKING:
    from talentmatch.models.opportunities import Opportunity
    from talentmatch.models.users import User


class Membership(db.Model):
    """A graduate in a community, and what they let fellow members see of them."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "community_id", name="uq_memberships_user_community"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    # In the member directory at all (with the name); then each detail by choice.
    listed: Mapped[bool] = mapped_column(default=False)
    show_headline: Mapped[bool] = mapped_column(default=False)
    show_university: Mapped[bool] = mapped_column(default=False)
    show_field_of_study: Mapped[bool] = mapped_column(default=False)
    show_skills: Mapped[bool] = mapped_column(default=False)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
    community: Mapped[Opportunity] = relationship()


class RegistrationStatus(enum.StrEnum):
    GOING = "going"
    WAITING = "waiting"
    CANCELLED = "cancelled"


class EventRegistration(db.Model):
    """One graduate's RSVP to one event. `position` orders the registrations of an event by
    when they were made (or last renewed); the waiting list is served in that order."""

    __tablename__ = "event_registrations"
    __table_args__ = (
        UniqueConstraint("user_id", "event_id", name="uq_event_registrations_user_event"),
        UniqueConstraint("event_id", "position", name="uq_event_registrations_event_position"),
        CheckConstraint("position > 0", name="position_positive"),
        Index("ix_event_registrations_event_status", "event_id", "status", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("opportunities.id", ondelete="CASCADE"))
    status: Mapped[RegistrationStatus] = mapped_column(
        Enum(
            RegistrationStatus,
            values_callable=enum_column_values,
            native_enum=False,
            length=20,
            name="registration_status",
        )
    )
    position: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
    event: Mapped[Opportunity] = relationship()


class CalendarFeed(db.Model):
    """The secret address of a graduate's calendar of events they attend. The token is kept
    as issued so the page can show the address again; resetting replaces it."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True, index=True
    )
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
