"""Fitted recommender artefacts: every stored version with its metrics, exactly one active."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Index, LargeBinary, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.extensions import db
from talentmatch.models.timestamps import utcnow


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
    active: Mapped[bool] = mapped_column(default=False)

    @property
    def metrics_dict(self) -> dict[str, object]:
        return json.loads(self.metrics or "{}")

    def __repr__(self) -> str:
        state = "active" if self.active else "inactive"
        return f"<ModelVersion {self.id} {state} {self.sha256[:12]}>"
