"""The job queue extension: each app gets the backend JOB_QUEUE names, and importing this
module registers the jobs (talentmatch/jobs/tasks.py) that the backends run by name."""

from __future__ import annotations

from typing import Any

from flask import Flask

from talentmatch.jobs import (
    EXTENSION_KEY,
    IN_PROCESS,
    RQ,
    tasks,  # noqa: F401  (registers the jobs)
)
from talentmatch.jobs.in_process import InProcessQueue


class JobQueue:
    """The extension: `init_app` gives each app the backend JOB_QUEUE names."""

    def init_app(self, app: Flask) -> None:
        name = app.config["JOB_QUEUE"]
        found: Any
        if name == RQ:
            from talentmatch.jobs.rq_queue import RqQueue  # rq and redis: production only

            found = RqQueue(app)
        elif name == IN_PROCESS:
            found = InProcessQueue(app)
        else:
            raise RuntimeError(f"Unknown JOB_QUEUE {name!r}; use {IN_PROCESS!r} or {RQ!r}.")
        app.extensions[EXTENSION_KEY] = found


job_queue = JobQueue()
