"""Jobs in threads of this process: the embedded default and the test suite. A job waits in a
timer for its delay, runs with an app context of its own, and after a failure waits in a new
timer for its retry. Nothing survives a restart: commands and cron pick up what was left
(`flask mail send-pending`, `flask privacy resume-erasures`, the next refit)."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from flask import Flask

from talentmatch.extensions import db
from talentmatch.jobs import IN_PROCESS, execute, records, retry_intervals
from talentmatch.jobs.records import Argument

log = logging.getLogger(__name__)


@dataclass(eq=False)
class _Waiting:
    job_id: int
    due: float  # time.monotonic()
    key: str | None
    timer: threading.Timer = field(init=False)


class InProcessQueue:
    name = IN_PROCESS

    def __init__(self, app: Flask) -> None:
        self._app = app
        self._lock = threading.Lock()
        self._waiting: set[_Waiting] = set()
        self._by_key: dict[str, _Waiting] = {}
        self._running: set[threading.Thread] = set()

    def enqueue(self, kind: str, arguments: list[Argument], delay: float, key: str | None) -> str:
        due = time.monotonic() + delay
        with self._lock:
            shared = self._by_key.get(key) if key is not None else None
            if shared is not None:
                if due >= shared.due:
                    return "pending"
                # Superseded: its timer may fire anyway, and then finds itself replaced.
                shared.timer.cancel()
                self._waiting.discard(shared)
                records.brought_forward(shared.job_id, delay)
                job_id = shared.job_id
            else:
                attempts = len(retry_intervals(self._app)) + 1
                job_id = records.create(kind, arguments, attempts, delay)
            self._wait(_Waiting(job_id, due, key), delay)
        return "scheduled"

    def _wait(self, waiting: _Waiting, delay: float) -> None:
        """Start the timer of `waiting` (the lock held)."""
        waiting.timer = threading.Timer(delay, self._run, args=(waiting,))
        waiting.timer.daemon = True
        waiting.timer.name = f"job-{waiting.job_id}"
        self._waiting.add(waiting)
        if waiting.key is not None:
            self._by_key[waiting.key] = waiting
        waiting.timer.start()

    def _run(self, waiting: _Waiting) -> None:
        with self._lock:
            if waiting not in self._waiting:
                return  # brought forward by a newer timer
            self._waiting.discard(waiting)
            if waiting.key is not None and self._by_key.get(waiting.key) is waiting:
                # From now on a request needs a run of its own: this one may have read the data.
                del self._by_key[waiting.key]
            self._running.add(threading.current_thread())
        try:
            with self._app.app_context():
                try:
                    execute(waiting.job_id)
                except Exception as error:
                    self._retry_later(waiting.job_id, type(error).__name__)
                finally:
                    db.session.remove()
        finally:
            with self._lock:
                self._running.discard(threading.current_thread())

    def _retry_later(self, job_id: int, error: str) -> None:
        from talentmatch.models import BackgroundJob

        attempts = db.session.get(BackgroundJob, job_id, populate_existing=True)
        intervals = retry_intervals(self._app)
        done = attempts.attempts if attempts is not None else len(intervals) + 1
        retry_in = intervals[done - 1] if done <= len(intervals) else None
        records.failed(job_id, error, retry_in)
        if retry_in is not None:
            with self._lock:
                self._wait(_Waiting(job_id, time.monotonic() + retry_in, None), retry_in)

    def wait(self, timeout: float = 60.0) -> bool:
        """Block until every job due within `timeout` has run (for tests and commands); True
        when none of them is left. Jobs due later (a retry an hour away) are not waited for."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                due = [w.timer for w in self._waiting if w.due <= deadline]
                threads = due + list(self._running)
            if not threads:
                return True
            for thread in threads:
                thread.join(max(deadline - time.monotonic(), 0))
            if time.monotonic() >= deadline:
                with self._lock:
                    return not self._running and not any(w.due <= deadline for w in self._waiting)

    def stop(self) -> None:
        """Drop every job still waiting (their rows stay queued) and let running ones finish."""
        with self._lock:
            for waiting in self._waiting:
                waiting.timer.cancel()
            self._waiting.clear()
            self._by_key.clear()
            running = list(self._running)
        for thread in running:
            thread.join(timeout=60)

    def ping(self) -> None:
        """Threads of this process are always there."""
