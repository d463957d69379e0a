"""Applications to jobs: one per graduate and job, moved through a pipeline by people only."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentmatch.extensions import db
from talentmatch.models.enums import enum_column_values
from talentmatch.models.timestamps import utcnow

if TYPE_CHECKING:
    from talentmatch.models.opportunities import Opportunity
    from talentmatch.models.users import User


class ApplicationStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    REVIEWED = "reviewed"
    INTERVIEW = "interview"
    OFFER = "offer"
    HIRED = "hired"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return str(APPLICATION_STATUS_LABELS[self])


APPLICATION_STATUS_LABELS = {
    ApplicationStatus.SUBMITTED: _l("Submitted"),
    ApplicationStatus.REVIEWED: _l("Reviewed"),
    ApplicationStatus.INTERVIEW: _l("Interview"),
    ApplicationStatus.OFFER: _l("Offer"),
    ApplicationStatus.HIRED: _l("Hired"),
    ApplicationStatus.REJECTED: _l("Rejected"),
    ApplicationStatus.WITHDRAWN: _l("Withdrawn"),
}


def _status_enum() -> Enum:
    return Enum(
        ApplicationStatus,
        values_callable=enum_column_values,
        native_enum=False,
        length=20,
        name="application_status",
    )


class Application(db.Model):
    __tablename__ = "applications"
    # One application per graduate and job, whatever arrives at the same moment.
    __table_args__ = (
        UniqueConstraint("user_id", "opportunity_id", name="uq_applications_user_opportunity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[ApplicationStatus] = mapped_column(
        _status_enum(), default=ApplicationStatus.SUBMITTED, index=True
    )
    cover_note: Mapped[str] = mapped_column(Text, default="")
    # True when the graduate applied through the employer's own application link.
    external: Mapped[bool] = mapped_column(default=False)
    # The CV as uploaded: its original name for display, a random name on disk.
    cv_filename: Mapped[str | None] = mapped_column(String(200))
    cv_stored_name: Mapped[str | None] = mapped_column(String(64))
    cv_size: Mapped[int | None]
    # The fit and the why lines both sides saw when the application was made (JSON).
    explanation: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    applicant: Mapped[User] = relationship(foreign_keys=[user_id])
    opportunity: Mapped[Opportunity] = relationship()
    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="ApplicationEvent.id",
    )

    def __repr__(self) -> str:
        return f"<Application {self.user_id}->{self.opportunity_id} {self.status}>"


class ApplicationEvent(db.Model):
    """A step in an application's history: who moved it where, with the note they wrote."""

    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[ApplicationStatus] = mapped_column(_status_enum())
    note: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
