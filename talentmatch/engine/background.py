"""The matching engine's work off the request path: debounced refits as background jobs, and
the warm-up on an app's first request."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from flask import Flask

from talentmatch import jobs
from talentmatch.extensions import db
from talentmatch.recommender.language import language_models

log = logging.getLogger(__name__)


class BackgroundRefits:
    """Full refits as background jobs (talentmatch/jobs/): in a thread of this process on the
    embedded default, on an RQ worker in production. Requests arriving while one waits share it."""

    def __init__(self, app: Flask) -> None:
        self._app = app

    def request(self, delay: float | None = None, drop_older: bool = False) -> str:
        """Schedule one refit after `delay` seconds (MATCHING_REFIT_DELAY_SECONDS by default);
        with `drop_older` it also deletes every other stored version.

        A request due sooner than the waiting one brings it forward. Returns "scheduled",
        "pending" (one is already waiting), "off" (background refits disabled, as in the test
        suite by default) or "unavailable" (the queue cannot be reached; logged).
        """
        config = self._app.config
        if not config["MATCHING_BACKGROUND_REFIT"]:
            return "off"
        if delay is None:
            delay = float(config["MATCHING_REFIT_DELAY_SECONDS"])
        # A refit that drops older versions takes a profile out of them: never merged into
        # (and so never delayed by) an ordinary debounced one.
        key = "matching.refit.drop-older" if drop_older else "matching.refit"
        try:
            return jobs.enqueue("matching.refit", drop_older, delay=delay, key=key)
        except Exception:
            log.exception("Could not enqueue a refit of the matching engine")
            return "unavailable"

    def wait(self, timeout: float = 60.0) -> bool:
        """Block until refits due within `timeout` have run here (for tests); True when none
        is left."""
        return jobs.backend(self._app).wait(timeout)


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
