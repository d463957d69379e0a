"""What a person chose to be emailed: per-kind email preferences, the digest of new strong
matches (and what each digest listed), and saved catalogue searches with their alerts."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.extensions import db
from talentmatch.models.enums import EmploymentType, OpportunityKind, enum_column_values
from talentmatch.models.notifications import NotificationKind
from talentmatch.models.timestamps import utcnow


class DigestFrequency(enum.StrEnum):
    OFF = "off"
    DAILY = "daily"
    WEEKLY = "weekly"


def _enum(enum_cls: type, name: str, length: int = 20) -> Enum:
    return Enum(
        enum_cls, values_callable=enum_column_values, native_enum=False, length=length, name=name
    )


class EmailPreference(db.Model):
    """Whether one kind of notification is also emailed; no row means the kind's default."""

    __tablename__ = "email_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[NotificationKind] = mapped_column(_enum(NotificationKind, "notification_kind", 30))
    email: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class MatchDigest(db.Model):
    """A graduate's digest of new strong matches: how often, and when one was last sent."""

    __tablename__ = "match_digests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    frequency: Mapped[DigestFrequency] = mapped_column(
        _enum(DigestFrequency, "digest_frequency", 10),
        default=DigestFrequency.OFF,
    )
    last_sent_at: Mapped[datetime | None]


class DigestItem(db.Model):
    """One opportunity a digest listed: never listed to the same person again."""

    __tablename__ = "digest_items"
    __table_args__ = (UniqueConstraint("user_id", "opportunity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class SavedSearch(db.Model):
    """A graduate's named catalogue search; with alerts on, new matches are emailed daily."""

    __tablename__ = "saved_searches"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[OpportunityKind | None] = mapped_column(_enum(OpportunityKind, "opportunity_kind"))
    municipality: Mapped[str | None] = mapped_column(String(60))
    remote: Mapped[bool] = mapped_column(Boolean, default=False)
    employment_type: Mapped[EmploymentType | None] = mapped_column(
        _enum(EmploymentType, "employment_type")
    )
    meets_my_languages: Mapped[bool] = mapped_column(Boolean, default=False)
    alerts: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Opportunities added after this are new to the next alert; moved on by each alert sent.
    alerted_up_to: Mapped[datetime] = mapped_column(default=utcnow)
    last_alert_at: Mapped[datetime | None]
