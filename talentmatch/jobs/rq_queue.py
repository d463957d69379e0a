"""Jobs on Redis for RQ workers (`flask jobs work`, talentmatch/jobs/worker.py).

Each RQ job carries only the id of its `background_jobs` row; the row names the job and its
arguments. RQ retries a failed job after each of JOB_RETRY_INTERVALS in turn (its scheduler
runs in the workers), and a job whose worker died mid-job is found by the next worker's
clean-up once its heartbeat has lapsed and retried the same way (or failed when no retry is
left), so it is never lost.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from flask import Flask
from redis import Redis
from rq import Callback, Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from talentmatch.jobs import RQ, execute, records, retry_intervals
from talentmatch.jobs.records import Argument
from talentmatch.models.timestamps import utcnow

log = logging.getLogger(__name__)

# Where the RQ job standing for a key's waiting job is named.
PENDING_KEY = "talentmatch:jobs:waiting:{queue}:{key}"
# Finished RQ jobs are kept this long in Redis; the history is the database's.
RESULT_TTL_SECONDS = 3600


def perform(job_id: int) -> None:
    """What an RQ worker runs: the recorded job, in the app context the worker gave it."""
    execute(job_id)


def job_failed(
    job: Job, connection: Redis, error_type: type, error: BaseException, tb: Any
) -> None:
    """RQ's failure callback, for a job that raised and for one whose worker died (found at
    clean-up): record the attempt and whether RQ retries it."""
    retry_in = float(job.get_retry_interval()) if job.retries_left else None
    records.failed(int(job.args[0]), error_type.__name__, retry_in)


def connect(app: Flask) -> Redis:
    url = app.config.get("REDIS_URL")
    if not url:
        raise RuntimeError("JOB_QUEUE=rq needs REDIS_URL.")
    return Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


class RqQueue:
    name = RQ

    def __init__(self, app: Flask) -> None:
        self._app = app
        self.connection = connect(app)
        self.queue = Queue(app.config["JOB_QUEUE_NAME"], connection=self.connection)

    def _pending_key(self, key: str) -> str:
        return PENDING_KEY.format(queue=self.queue.name, key=key)

    def enqueue(self, kind: str, arguments: list[Argument], delay: float, key: str | None) -> str:
        if key is not None and self._share(key, delay):
            return "pending"
        intervals = retry_intervals(self._app)
        job_id = records.create(kind, arguments, len(intervals) + 1, delay)
        options: dict[str, Any] = {
            "job_id": f"{kind.replace('.', '_')}-{job_id}",
            "description": f"{kind}{tuple(arguments)!r} (background job {job_id})",
            "retry": Retry(max=len(intervals), interval=[int(s) for s in intervals]),
            "job_timeout": int(self._app.config["JOB_TIMEOUT_SECONDS"]),
            "result_ttl": RESULT_TTL_SECONDS,
            "failure_ttl": RESULT_TTL_SECONDS * 24,
            "on_failure": Callback(job_failed),
        }
        if delay > 0:
            rq_job = self.queue.enqueue_in(timedelta(seconds=delay), perform, job_id, **options)
        else:
            rq_job = self.queue.enqueue(perform, job_id, **options)
        if key is not None:
            self.connection.set(self._pending_key(key), rq_job.id, ex=7 * 24 * 3600)
        return "scheduled"

    def _share(self, key: str, delay: float) -> bool:
        """True when the key's waiting job covers a request due in `delay` seconds (brought
        forward when it was due later)."""
        found = self.connection.get(self._pending_key(key))
        if found is None:
            return False
        try:
            name = found.decode() if isinstance(found, bytes) else str(found)
            rq_job = Job.fetch(name, connection=self.connection)
        except NoSuchJobError:
            return False
        status = rq_job.get_status(refresh=False)
        if status == JobStatus.QUEUED:
            return True
        if status != JobStatus.SCHEDULED:
            return False  # running or over: edits from now on need a run of their own
        registry = self.queue.scheduled_job_registry
        due = utcnow() + timedelta(seconds=delay)
        scheduled = registry.get_scheduled_time(rq_job).replace(tzinfo=None)
        if scheduled <= due:
            return True
        if delay > 0:
            self.queue.schedule_job(rq_job, due)
        else:
            registry.remove(rq_job)
            self.queue.enqueue_job(rq_job)
        records.brought_forward(int(rq_job.args[0]), delay)
        return True

    def wait(self, timeout: float = 60.0) -> bool:
        """Workers run the jobs; nothing to wait for in this process."""
        return True

    def stop(self) -> None:
        self.connection.close()

    def ping(self) -> None:
        self.connection.ping()
