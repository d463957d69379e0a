"""Background work: jobs enqueued by name with plain arguments (ids, flags), recorded in
`background_jobs`, and run with an app context either in threads of the process that enqueued
them ("in-process", the embedded default and the tests) or on RQ workers (`flask jobs work`,
production with REDIS_URL). A job may run more than once (a retry after a failure, or after its
worker died mid-job), so every job is written to be idempotent.

The jobs themselves are in talentmatch/jobs/tasks.py; the backends, chosen by JOB_QUEUE, in
talentmatch/jobs/queues.py.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Protocol

from flask import Flask, current_app, g

from talentmatch.extensions import db
from talentmatch.jobs import records
from talentmatch.jobs.records import Argument

log = logging.getLogger(__name__)

EXTENSION_KEY = "jobs"
IN_PROCESS = "in-process"
RUNNING_JOB = "running_job"  # on `g` while a job runs in the background
RQ = "rq"

JobFunction = Callable[..., object]
JOBS: dict[str, JobFunction] = {}


def job(kind: str) -> Callable[[JobFunction], JobFunction]:
    """Register a function as the job `kind` (what the model page and the records call it)."""

    def register(function: JobFunction) -> JobFunction:
        JOBS[kind] = function
        return function

    return register


def registered(kind: str) -> JobFunction:
    """The job `kind` (talentmatch/jobs/tasks.py registers them when an app is created)."""
    return JOBS[kind]


class Backend(Protocol):
    name: str

    def enqueue(self, kind: str, arguments: list[Argument], delay: float, key: str | None) -> str:
        """Queue the job; "scheduled", or "pending" when a waiting job of `key` covers it."""
        ...

    def wait(self, timeout: float = 60.0) -> bool: ...

    def stop(self) -> None: ...

    def ping(self) -> None:
        """Raise unless jobs can be enqueued."""
        ...


def retry_intervals(app: Flask) -> list[float]:
    return [float(seconds) for seconds in app.config["JOB_RETRY_INTERVALS"]]


def backend(app: Flask | None = None) -> Backend:
    found: Backend = (app or current_app).extensions[EXTENSION_KEY]
    return found


def enqueue(kind: str, *arguments: Argument, delay: float = 0.0, key: str | None = None) -> str:
    """Run the job `kind` with `arguments` in the background after `delay` seconds.

    With `key`, a job of that key still waiting to start is shared (and brought forward when this
    request is due sooner). Returns "scheduled" or "pending".
    """
    return backend().enqueue(kind, list(arguments), delay, key)


def runs_here() -> bool:
    """Whether jobs run in this process (so a command must wait for them) rather than on workers."""
    return backend().name == IN_PROCESS


def perform_or_enqueue(kind: str, *arguments: Argument) -> bool:
    """Where jobs run in this process, run this one here and now: the caller waits for it, as
    it did before there was a queue, and its error reaches the caller (recorded, not retried).
    Elsewhere enqueue it for a worker. True when it ran here."""
    if not runs_here():
        enqueue(kind, *arguments)
        return False
    job_id = records.create(kind, list(arguments), max_attempts=1, delay=0)
    try:
        execute(job_id, in_background=False)
    except Exception as error:
        records.failed(job_id, type(error).__name__, retry_in=None)
        raise
    return True


def execute(job_id: int, in_background: bool = True) -> None:
    """Run the recorded job `job_id` in the current app context and mark it done; an error is
    raised after the session is rolled back (the backend records it and decides on a retry).
    In the background, mail the job queued is handed to a delivery job; run inline, the caller
    (a request, a command) delivers it as it always does."""
    row = records.start(job_id)
    if row is None:
        return
    kind, arguments = row.kind, json.loads(row.arguments)
    if in_background:
        setattr(g, RUNNING_JOB, kind)
    try:
        registered(kind)(*arguments)
        # End the job's transaction before the record is written on a connection of its own:
        # one left open (even a read) would hold locks that the record's write may wait behind.
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("Background job %s (%s) failed", job_id, kind)
        raise
    finally:
        if in_background:
            g.pop(RUNNING_JOB, None)
            _deliver_queued_mail(kind)
    records.done(job_id)


def _deliver_queued_mail(kind: str) -> None:
    """Mail a job committed to the outbox goes out by a delivery job of its own."""
    if g.pop("mail_committed", False) and kind != "mail.deliver":
        try:
            deliver_mail()
        except Exception:  # the job's work is saved; `flask mail send-pending` sends it later
            log.exception("Could not enqueue the delivery of mail queued by a job")


def deliver_mail(delay: float = 0.0) -> str:
    """Deliver the outbox in the background (one delivery job waiting at a time)."""
    return enqueue("mail.deliver", delay=delay, key="mail.deliver")
