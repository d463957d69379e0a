"""The matching engine's work off the request path: debounced refits in a thread of this
process, refits an administrator started, and the warm-up on an app's first request."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from flask import Flask

from talentmatch.extensions import db
from talentmatch.recommender.language import language_models

log = logging.getLogger(__name__)


class BackgroundRefits:
    """Full refits in a thread of this process; requests arriving while one waits share it."""

    def __init__(self, app: Flask, fit: Callable[[bool], object]) -> None:
        self._app = app
        self._fit = fit  # called with drop_older
        self._lock = threading.Lock()
        self._pending: threading.Timer | None = None
        self._due = float("inf")
        self._drop_older = False
        self._running: threading.Thread | None = None

    def request(self, delay: float | None = None, drop_older: bool = False) -> str:
        """Schedule one refit after `delay` seconds (MATCHING_REFIT_DELAY_SECONDS by default);
        with `drop_older` it also deletes every other stored version.

        A request due sooner than the waiting one brings it forward. Returns "scheduled",
        "pending" (one is already waiting) or "off" (background refits disabled, as in the test
        suite by default).
        """
        config = self._app.config
        if not config["MATCHING_BACKGROUND_REFIT"]:
            return "off"
        if delay is None:
            delay = float(config["MATCHING_REFIT_DELAY_SECONDS"])
        with self._lock:
            self._drop_older |= drop_older
            due = time.monotonic() + delay
            if self._pending is not None:
                if due >= self._due:
                    return "pending"
                self._pending.cancel()  # superseded: _run returns at once should it start
            self._due = due
            self._pending = threading.Timer(delay, self._run)
            self._pending.daemon = True
            self._pending.name = "matching-refit"
            self._pending.start()
        return "scheduled"

    def _run(self) -> None:
        with self._lock:
            if self._pending is not threading.current_thread():
                return  # a sooner request replaced this timer
            # Edits from now on need a later refit: this one may already have read the data.
            self._pending = None
            self._due = float("inf")
            drop_older, self._drop_older = self._drop_older, False
            self._running = threading.current_thread()
        try:
            with self._app.app_context():
                try:
                    self._fit(drop_older)
                except Exception:
                    log.exception("Background refit of the matching engine failed")
                finally:
                    db.session.remove()
        finally:
            with self._lock:
                self._running = None

    def wait(self, timeout: float = 60.0) -> bool:
        """Block until scheduled refits have run (for tests); True when none is left."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                thread = self._pending or self._running
            if thread is None:
                return True
            thread.join(max(deadline - time.monotonic(), 0))
            if thread.is_alive():
                return False


class WarmUp:
    """Loads the language models and the active engine in a thread when the first request comes.

    Building the language models takes seconds; starting at the first request of any kind (not
    when the app is created) keeps `flask db upgrade` and other commands from paying for it.
    """

    def __init__(self, app: Flask, load_engine: Callable[[], object]) -> None:
        self._app = app
        self._load_engine = load_engine
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the warm-up unless it has started already (a before-request hook)."""
        if self._thread is not None:
            return
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, daemon=True, name="matching-warm-up"
                )
                self._thread.start()

    def running(self) -> bool:
        """Whether the warm-up thread is still loading or fitting the engine."""
        thread = self._thread
        return thread is not None and thread.is_alive()

    def wait(self, timeout: float) -> bool:
        """Block until the warm-up has finished; True when it has (or never started)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def _run(self) -> None:
        with self._app.app_context():
            try:
                language_models()
                self._load_engine()
                log.info("Matching engine warmed up")
            except Exception:
                log.exception("Warming up the matching engine failed")
            finally:
                db.session.remove()


class BackgroundJobs:
    """Work a person started (a refit from the model page), each in a thread of its own with an
    app context. The job records its own progress and outcome; a queue can replace this later."""

    def __init__(self, app: Flask) -> None:
        self._app = app
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    def start(self, name: str, job: Callable[[], object]) -> None:
        thread = threading.Thread(target=self._run, args=(job,), daemon=True, name=name)
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _run(self, job: Callable[[], object]) -> None:
        with self._app.app_context():
            try:
                job()
            except Exception:
                log.exception("A background job failed")
            finally:
                db.session.remove()

    def wait(self, timeout: float = 60.0) -> bool:
        """Block until every started job has finished (for tests); True when all have."""
        deadline = time.monotonic() + timeout
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(max(deadline - time.monotonic(), 0))
        return not any(thread.is_alive() for thread in threads)
