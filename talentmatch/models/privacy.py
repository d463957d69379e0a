"""Privacy records: consents given and withdrawn, erasure requests with their progress, and the
warnings sent before an inactive account is deleted."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.extensions import db
from talentmatch.models.enums import enum_column_values
from talentmatch.models.timestamps import utcnow


class ConsentPurpose(enum.StrEnum):
    """What a person may agree to; the texts shown for each live in services/consent_texts.py."""

    CAREER_SERVICES_VISIBILITY = "career_services_visibility"
    EMPLOYER_VISIBILITY = "employer_visibility"
    OUTCOME_SHARING = "outcome_sharing"
    EMAIL_NOTIFICATIONS = "email_notifications"


class ErasureStep(enum.StrEnum):
    """The steps of an erasure, in order; a request records the last one completed."""

    REQUESTED = "requested"
    SESSIONS_ENDED = "sessions_ended"
    ROWS_DELETED = "rows_deleted"
    PERSONAL_FIELDS_REMOVED = "personal_fields_removed"
    FILES_REMOVED = "files_removed"
    ARTEFACTS_REFIT = "artefacts_refit"
    DONE = "done"


class ErasureReason(enum.StrEnum):
    SELF_SERVICE = "self_service"
    ADMINISTRATOR = "administrator"
    RETENTION = "retention"


class ConsentRecord(db.Model):
    """One consent: given at a time with the version of the text shown, perhaps withdrawn later.

    A purpose has at most one consent in force per person (withdrawn_at NULL); giving it again
    after a withdrawal adds a new record, so the history stays.
    """

    __tablename__ = "consent_records"
    __table_args__ = (
        Index(
            "uq_consent_records_in_force",
            "user_id",
            "purpose",
            unique=True,
            sqlite_where=text("withdrawn_at IS NULL"),
            postgresql_where=text("withdrawn_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[ConsentPurpose] = mapped_column(
        Enum(
            ConsentPurpose,
            values_callable=enum_column_values,
            native_enum=False,
            length=40,
            name="consent_purpose",
        )
    )
    text_version: Mapped[str] = mapped_column(String(40))
    given_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None

    def __repr__(self) -> str:
        state = "in force" if self.in_force else "withdrawn"
        return f"<ConsentRecord {self.purpose} user={self.user_id} {state}>"


class ErasureRequest(db.Model):
    """An account being erased, step by step, so an interrupted erasure can be resumed."""

    __tablename__ = "erasure_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The account stays as an anonymous placeholder, so this reference stays too.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[ErasureReason] = mapped_column(
        Enum(
            ErasureReason,
            values_callable=enum_column_values,
            native_enum=False,
            length=20,
            name="erasure_reason",
        )
    )
    step: Mapped[ErasureStep] = mapped_column(
        Enum(
            ErasureStep,
            values_callable=enum_column_values,
            native_enum=False,
            length=30,
            name="erasure_step",
        ),
        default=ErasureStep.REQUESTED,
    )
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the person's rows were gone: model versions fitted after it cannot hold them.
    rows_deleted_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(String(300), default="")

    @property
    def done(self) -> bool:
        return self.step is ErasureStep.DONE

    def __repr__(self) -> str:
        return f"<ErasureRequest user={self.user_id} {self.step}>"


class RetentionNotice(db.Model):
    """The warning sent before an inactive account is deleted: once per spell of inactivity."""

    __tablename__ = "retention_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    warned_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The deletion date the email announced.
    delete_after: Mapped[datetime]
