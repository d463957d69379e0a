"""The recent background jobs as the model page lists them: what each job is, where it stands
(queued, running, retrying in N seconds, done, failed), its attempts and its last error, in
words an administrator reads. Jobs are recorded by talentmatch/jobs/ on every host alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import BackgroundJob, JobState
from talentmatch.models.timestamps import utcnow

SHOWN = 20
KIND_LABELS = {
    "matching.refit": _l("Refit after changes"),
    "matching.requested_fit": _l("Refit started here"),
    "mail.deliver": _l("Email delivery"),
    "digests.send": _l("Digests of new matches"),
    "erasure.run": _l("Account erasure"),
}
# Errors the queue itself reports; any other is shown by its exception's name.
ERROR_LABELS = {
    "AbandonedJobError": _l("The worker running it stopped before it finished."),
    "JobTimeoutException": _l("It ran longer than allowed and was stopped."),
}


@dataclass(frozen=True)
class JobLine:
    kind: str
    state: JobState
    retry_in: int | None  # seconds, while retrying
    attempts: int
    max_attempts: int
    error: str
    enqueued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def state_label(self) -> str:
        if self.state is JobState.RETRYING:
            if self.retry_in:
                return _("Retrying in %(seconds)d s", seconds=self.retry_in)
            return _("Retrying now")
        return {
            JobState.QUEUED: _("Queued"),
            JobState.RUNNING: _("Running"),
            JobState.DONE: _("Done"),
            JobState.FAILED: _("Failed"),
        }[self.state]


def _line(job: BackgroundJob, now: datetime) -> JobLine:
    retry_in = None
    if job.state is JobState.RETRYING and job.next_attempt_at is not None:
        retry_in = max(int((job.next_attempt_at - now).total_seconds()), 0)
    return JobLine(
        kind=str(KIND_LABELS.get(job.kind, job.kind)),
        state=job.state,
        retry_in=retry_in,
        attempts=job.attempts,
        max_attempts=job.max_attempts,
        error=str(ERROR_LABELS.get(job.last_error, job.last_error)),
        enqueued_at=job.enqueued_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


def recent_jobs(limit: int = SHOWN) -> list[JobLine]:
    """The newest background jobs, newest first."""
    now = utcnow()
    rows = db.session.scalars(select(BackgroundJob).order_by(BackgroundJob.id.desc()).limit(limit))
    return [_line(job, now) for job in rows]
