"""Fitted recommender artefacts: every stored version with its metrics, exactly one active; and
the refits an administrator started, with their progress."""

from __future__ import annotations

import enum
import json
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Enum, ForeignKey, Index, LargeBinary, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentmatch.extensions import db
from talentmatch.models.enums import enum_column_values
from talentmatch.models.timestamps import utcnow

if TYPE_CHECKING:
    from talentmatch.models.users import User


class ModelVersion(db.Model):
    """A fitted recommender as a signed artefact (see recommender/store.py); workers poll the id
    of the active row to notice a new model. The signature's key is never in the database, so a
    row written by anyone without it is refused, and the artefact's format holds data only."""

    __tablename__ = "model_versions"
    __table_args__ = (
        # At most one active row, enforced by the database even when two fits finish together.
        Index(
            "uq_model_versions_active",
            "active",
            unique=True,
            sqlite_where=text("active"),
            postgresql_where=text("active"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    activated_at: Mapped[datetime | None]
    artefact: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    # HMAC-SHA256 of the artefact under MATCHING_ARTEFACT_KEY; NULL for versions stored before
    # artefacts were signed, which are refused like any other unsigned row.
    signature: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int]
    fit_seconds: Mapped[float]
    metrics: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    opportunity_count: Mapped[int] = mapped_column(default=0)
    profile_count: Mapped[int] = mapped_column(default=0)
    # The newest opportunity change the fit saw; workers apply later changes incrementally.
    data_as_of: Mapped[datetime | None]
    # The opportunities the fit read that changed shortly before data_as_of, with the change
    # it saw (JSON {id: ISO time}): workers know these are in the fit and skip them when they
    # look back over that window for changes committed during the fit.
    read_stamps: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    active: Mapped[bool] = mapped_column(default=False)

    @property
    def metrics_dict(self) -> dict[str, object]:
        return json.loads(self.metrics or "{}")

    @property
    def read_stamps_dict(self) -> dict[int, datetime]:
        return {
            int(oid): datetime.fromisoformat(at)
            for oid, at in json.loads(self.read_stamps or "{}").items()
        }

    def __repr__(self) -> str:
        state = "active" if self.active else "inactive"
        return f"<ModelVersion {self.id} {state} {self.sha256[:12]}>"


class FitState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class ModelFit(db.Model):
    """One refit started from the model page: who asked, how far it got, what it made or why it
    failed. `in_progress` is true while queued or running; the database allows one such row, so
    two clicks (or two workers) never start two fits."""

    __tablename__ = "model_fits"
    __table_args__ = (
        Index(
            "uq_model_fits_in_progress",
            "in_progress",
            unique=True,
            sqlite_where=text("in_progress"),
            postgresql_where=text("in_progress"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[FitState] = mapped_column(
        Enum(
            FitState,
            values_callable=enum_column_values,
            native_enum=False,
            length=20,
            name="fit_state",
        ),
        default=FitState.QUEUED,
    )
    in_progress: Mapped[bool] = mapped_column(default=True, server_default=false())
    # The step the fit reported last (a key such as "fitting", translated on the page).
    step: Mapped[str] = mapped_column(String(40), default="")
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    error: Mapped[str] = mapped_column(Text, default="")
    model_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("model_versions.id", ondelete="SET NULL")
    )

    requested_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ModelFit {self.id} {self.state}>"
