"""Real RQ workers for tests: `flask --app wsgi jobs work` in processes of their own, on a Redis
server of the test's own and the test database, each in its own process group so a test can
kill it (and its scheduler) outright."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

ROOT = Path(__file__).resolve().parents[2]
# Quick beats and clean-ups, so a dead worker's job is found in seconds; retries at once.
WORKER_SETTINGS = {
    "JOB_HEARTBEAT_SECONDS": "1",
    "JOB_MAINTENANCE_SECONDS": "1",
    "JOB_RETRY_INTERVALS": "0,0",
}


class Worker:
    """One `flask jobs work` process; its output goes to a log file shown when it misbehaves."""

    def __init__(self, app: Flask, redis_url: str, log: Path, **settings: str) -> None:
        database = app.config["SQLALCHEMY_DATABASE_URI"]
        self.env = {
            **os.environ,
            # The worktree's package, not whichever one the virtualenv was installed from.
            "PYTHONPATH": str(ROOT),
            "TALENTMATCH_CONFIG": "testing",
            "DATABASE_URL": database,
            "TEST_DATABASE_URL": database,
            "JOB_QUEUE": "rq",
            "REDIS_URL": redis_url,
            **WORKER_SETTINGS,
            **settings,
        }
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self, burst: bool = False) -> Worker:
        command = [sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "work"]
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(
                command + (["--burst"] if burst else []),
                cwd=ROOT,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the scheduler dies with it
            )
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def burst(self) -> None:
        """Work until the queue is empty, then quit."""
        self.start(burst=True)
        assert self.process is not None
        assert self.process.wait(timeout=600) == 0, self.output()

    def kill(self) -> None:
        """kill -9 the worker and everything it started, as a lost host or the OOM killer does."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def terminate(self, timeout: float = 600) -> int:
        """SIGTERM, as systemd stops a service: the job running finishes first."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self.kill()


@pytest.fixture
def rq_app(make_app, redis_url) -> Flask:
    """The web app with JOB_QUEUE=rq: it enqueues, the workers run."""
    return make_app(JOB_QUEUE="rq", REDIS_URL=redis_url, JOB_RETRY_INTERVALS=[0, 0])


@pytest.fixture
def workers(app, redis_url, tmp_path) -> Iterator[Callable[..., Worker]]:
    """Make workers on the test database and Redis; every one is killed at the end."""
    made: list[Worker] = []

    def make(**settings: str) -> Worker:
        worker = Worker(app, redis_url, tmp_path / f"worker-{len(made)}.log", **settings)
        made.append(worker)
        return worker

    yield make
    for worker in made:
        worker.kill()
