"""First-destination outcomes: what a graduate is doing 6 and 12 months after graduating, in
the spirit of NACE's First Destination Survey standard, plus staying in the Helsinki region."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentmatch.extensions import db
from talentmatch.models.enums import enum_column_values
from talentmatch.models.timestamps import utcnow

if TYPE_CHECKING:
    from talentmatch.models.users import User

# The survey's checkpoints, in months after graduation.
CHECKPOINTS = (6, 12)
# What `municipality` holds for work or a business outside Finland (never a municipality's name).
OUTSIDE_FINLAND = "outside_finland"


def graduation_day(year: int) -> date:
    """Profiles hold the graduation year only; most of the region's degrees are awarded by the
    end of June, so a year's graduates are counted from 30 June."""
    return date(year, 6, 30)


def checkpoint_due(year: int, months: int) -> date:
    """The day a year's graduates reach a checkpoint: 31 December (6 months) or 30 June of
    the next year (12 months)."""
    if months == 6:
        return date(year, 12, 31)
    if months == 12:
        return date(year + 1, 6, 30)
    raise ValueError(f"no checkpoint at {months} months")


class OutcomeStatus(enum.StrEnum):
    EMPLOYED = "employed"
    FURTHER_STUDY = "further_study"
    OWN_BUSINESS = "own_business"
    SEEKING = "seeking"
    LEFT_FINLAND = "left_finland"

    @property
    def label(self) -> str:
        return str(OUTCOME_STATUS_LABELS[self])


OUTCOME_STATUS_LABELS = {
    OutcomeStatus.EMPLOYED: _l("Employed"),
    OutcomeStatus.FURTHER_STUDY: _l("In further study"),
    OutcomeStatus.OWN_BUSINESS: _l("Running my own business"),
    OutcomeStatus.SEEKING: _l("Still looking for work"),
    OutcomeStatus.LEFT_FINLAND: _l("Left Finland"),
}


class OutcomeSource(enum.StrEnum):
    GRADUATE = "graduate"  # answered by the graduate
    HIRE = "hire"  # filled in from a hire in TalentMatch, with the graduate's agreement


class OutcomeResponse(db.Model):
    """A graduate's answer for one checkpoint; they may change it at any time."""

    __tablename__ = "outcome_responses"
    __table_args__ = (
        UniqueConstraint("user_id", "checkpoint", name="uq_outcome_responses_user_checkpoint"),
        CheckConstraint("checkpoint IN (6, 12)", name="checkpoint_months"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    checkpoint: Mapped[int]  # months after graduation: 6 or 12
    # Asked in-app and by email when the checkpoint came; NULL until then.
    asked_at: Mapped[datetime | None]
    status: Mapped[OutcomeStatus | None] = mapped_column(
        Enum(
            OutcomeStatus,
            values_callable=enum_column_values,
            native_enum=False,
            length=20,
            name="outcome_status",
        )
    )
    employer_name: Mapped[str] = mapped_column(String(200), default="")
    municipality: Mapped[str | None] = mapped_column(String(80))
    found_through_talentmatch: Mapped[bool | None]
    source: Mapped[OutcomeSource | None] = mapped_column(
        Enum(
            OutcomeSource,
            values_callable=enum_column_values,
            native_enum=False,
            length=20,
            name="outcome_source",
        )
    )
    answered_at: Mapped[datetime | None]
    # The hire in TalentMatch last offered as this checkpoint's answer that the graduate then
    # recorded or declined: the offer is not made again for it.
    hire_application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()

    @property
    def answered(self) -> bool:
        return self.status is not None
