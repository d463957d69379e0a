"""The RQ worker of `flask jobs work`: jobs run one at a time in the worker's own process (RQ's
SimpleWorker), each with a fresh app context, so the app, its database pool and the loaded
language models are built once per worker rather than once per job.

Without a forked work horse nothing beats for the worker while a job runs, so a thread does:
it renews the job's heartbeat every JOB_HEARTBEAT_SECONDS. A worker killed mid-job (kill -9,
a lost host) stops beating; three beats later its job counts as abandoned, and the clean-up
any worker runs every JOB_MAINTENANCE_SECONDS retries it. SIGTERM is a warm shutdown: the job
running finishes, then the worker exits (a second SIGTERM stops it at once).
"""

from __future__ import annotations

import logging
import threading

from flask import Flask
from redis import RedisError
from rq import Queue, SimpleWorker
from rq.job import Job
from rq.worker import WorkerStatus

from talentmatch.extensions import db
from talentmatch.jobs.rq_queue import connect

log = logging.getLogger(__name__)

MISSED_BEATS = 3


class AppWorker(SimpleWorker):
    """A SimpleWorker whose jobs run in `app`'s context, with heartbeats while they run."""

    def __init__(self, app: Flask, **options: object) -> None:
        self.app = app
        self.beat_seconds = int(app.config["JOB_HEARTBEAT_SECONDS"])
        maintenance = int(app.config["JOB_MAINTENANCE_SECONDS"])
        connection = connect(app)
        super().__init__(
            [Queue(app.config["JOB_QUEUE_NAME"], connection=connection)],
            connection=connection,
            maintenance_interval=maintenance,
            # Waiting for a job blocks this long at most, so the clean-up runs on time.
            worker_ttl=maintenance + 15,
            **options,  # type: ignore[arg-type]
        )

    def subscribe(self) -> None:
        """RQ's command channel, read in a thread that wakes every second rather than every
        minute: stopping joins that thread, so a worker leaves within a second of its last job."""
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(  # type: ignore[assignment]
            sleep_time=1, daemon=True, exception_handler=self._pubsub_exception_handler
        )

    def get_heartbeat_ttl(self, job: Job) -> int:
        return self.beat_seconds * MISSED_BEATS

    def execute_job(self, job: Job, queue: Queue) -> None:
        self.prepare_execution(job)
        finished = threading.Event()
        beats = threading.Thread(target=self._beat, args=(job, finished), daemon=True)
        beats.start()
        try:
            with self.app.app_context():
                try:
                    self.perform_job(job, queue)
                finally:
                    db.session.remove()
        finally:
            finished.set()
            beats.join()
        self.set_state(WorkerStatus.IDLE)

    def _beat(self, job: Job, finished: threading.Event) -> None:
        while not finished.wait(self.beat_seconds):
            try:
                self.maintain_heartbeats(job)
            except RedisError:
                log.warning("Worker %s could not renew the heartbeat of job %s", self.name, job.id)


def work(app: Flask, burst: bool = False) -> bool:
    """Run a worker until SIGTERM (or, with `burst`, until the queue is empty); True when it ran
    at least one job."""
    worker = AppWorker(app)
    return worker.work(burst=burst, with_scheduler=True, logging_level="INFO")
