"""The `background_jobs` rows: a job's life as the model page shows it, written by whichever
process enqueues or runs it."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, insert, update

from talentmatch.extensions import db
from talentmatch.models import BackgroundJob, JobState
from talentmatch.models.timestamps import utcnow

Argument = int | str | bool | None


def create(kind: str, arguments: list[Argument], max_attempts: int, delay: float) -> int:
    """Record a job about to be enqueued; returns its id.

    Written on a connection of its own, so enqueueing never commits (or waits for) whatever the
    caller's session holds.
    """
    now = utcnow()
    values: dict[str, Any] = {
        "kind": kind,
        "arguments": json.dumps(arguments),
        "state": JobState.QUEUED,
        "attempts": 0,
        "max_attempts": max_attempts,
        "last_error": "",
        "enqueued_at": now,
        "next_attempt_at": now + timedelta(seconds=delay) if delay > 0 else None,
    }
    with db.engine.begin() as connection:
        keep_days = int(current_app.config["JOB_HISTORY_DAYS"])
        connection.execute(
            delete(BackgroundJob).where(BackgroundJob.finished_at < now - timedelta(days=keep_days))
        )
        result = connection.execute(insert(BackgroundJob).values(values))
        return int(result.inserted_primary_key[0])  # type: ignore[index]


def brought_forward(job_id: int, delay: float) -> None:
    """A waiting job now runs sooner."""
    due = utcnow() + timedelta(seconds=delay) if delay > 0 else None
    _set(job_id, next_attempt_at=due)


def start(job_id: int) -> BackgroundJob | None:
    """Count an attempt and mark the job running; None when there is nothing to run (the job
    is done already, or its row was pruned)."""
    job = db.session.get(BackgroundJob, job_id, populate_existing=True)
    if job is None or job.state is JobState.DONE:
        return None
    job.state = JobState.RUNNING
    job.attempts += 1
    job.started_at = utcnow()
    job.next_attempt_at = None
    db.session.commit()
    return job


def done(job_id: int) -> None:
    _set(job_id, state=JobState.DONE, finished_at=utcnow(), next_attempt_at=None)


def failed(job_id: int, error: str, retry_in: float | None) -> None:
    """An attempt failed with `error` (an exception's kind): retried after `retry_in` seconds,
    or failed for good when None."""
    now = utcnow()
    if retry_in is None:
        _set(job_id, state=JobState.FAILED, last_error=error[:300], finished_at=now)
    else:
        _set(
            job_id,
            state=JobState.RETRYING,
            last_error=error[:300],
            next_attempt_at=now + timedelta(seconds=retry_in),
        )


def _set(job_id: int, **values: object) -> None:
    with db.engine.begin() as connection:
        connection.execute(update(BackgroundJob).where(BackgroundJob.id == job_id).values(values))
