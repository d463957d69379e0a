"""Background jobs as the model page shows them: one row per job, whichever process or host
runs it, with its attempts, state and last error."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.extensions import db
from talentmatch.models.enums import enum_column_values
from talentmatch.models.timestamps import utcnow


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    RETRYING = "retrying"  # failed; runs again at next_attempt_at
    DONE = "done"
    FAILED = "failed"  # failed on its last attempt


class BackgroundJob(db.Model):
    """One job enqueued by name with plain arguments (ids, flags; never personal data). The
    error kept is the kind of exception only, since a message could quote personal data."""

    __tablename__ = "background_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    arguments: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    state: Mapped[JobState] = mapped_column(
        Enum(
            JobState,
            values_callable=enum_column_values,
            native_enum=False,
            length=20,
            name="job_state",
        ),
        default=JobState.QUEUED,
    )
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=1)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    enqueued_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None] = mapped_column(index=True)
    next_attempt_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<BackgroundJob {self.id} {self.kind} {self.state.value}>"
