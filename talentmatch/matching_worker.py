"""Background refits of the matching engine: a thread in this process on the embedded default,
an RQ job when Redis is configured and RQ is installed."""

from __future__ import annotations

import importlib.util
import logging
import threading

from flask import Flask, current_app

log = logging.getLogger(__name__)

QUEUE_NAME = "talentmatch"
PENDING_KEY = "talentmatch:matching-refit-pending"

_lock = threading.Lock()
_pending: threading.Timer | None = None
_running = threading.Event()


def request_refit(delay: float | None = None) -> str:
    """Schedule one refit; edits arriving while it waits share it.

    Returns how it will run: "queued" (RQ), "scheduled" (thread here), "pending" (one is already
    waiting) or "off" (background refits disabled, as in the test suite by default).
    """
    app = current_app._get_current_object()
    if not app.config.get("MATCHING_BACKGROUND_REFIT", not app.testing):
        return "off"
    if delay is None:
        delay = float(app.config.get("MATCHING_REFIT_DELAY_SECONDS", 60.0))
    if app.config.get("REDIS_URL") and _rq_available():
        return _enqueue(app, delay)
    return _schedule_thread(app, delay)


def _rq_available() -> bool:
    return importlib.util.find_spec("rq") is not None


def _enqueue(app: Flask, delay: float) -> str:
    from redis import Redis
    from rq import Queue

    connection = Redis.from_url(app.config["REDIS_URL"])
    # The key lives as long as the wait, so a burst of edits enqueues one job.
    if not connection.set(PENDING_KEY, "1", nx=True, ex=max(int(delay), 1)):
        return "pending"
    Queue(QUEUE_NAME, connection=connection).enqueue("talentmatch.matching_worker.refit_job")
    return "queued"


def _schedule_thread(app: Flask, delay: float) -> str:
    global _pending
    with _lock:
        if _pending is not None:
            return "pending"
        _pending = threading.Timer(delay, _run, args=(app,))
        _pending.daemon = True
        _pending.name = "matching-refit"
        _pending.start()
    return "scheduled"


def _run(app: Flask) -> None:
    global _pending
    with _lock:
        # Edits from now on need a later refit: this one may already have read the data.
        _pending = None
    refit(app)


def refit(app: Flask) -> None:
    """Fit and activate a new version inside `app`; failures are logged, never raised."""
    from talentmatch.extensions import db
    from talentmatch.services import matching

    _running.set()
    try:
        with app.app_context():
            try:
                matching.fit_and_activate()
            except Exception:
                log.exception("Background refit of the matching engine failed")
            finally:
                db.session.remove()
    finally:
        _running.clear()


def refit_job() -> None:
    """The RQ job: a fresh app in the worker process, one refit."""
    from talentmatch import create_app

    refit(create_app())


def wait_for_pending(timeout: float = 60.0) -> bool:
    """Block until a scheduled refit has run (for commands and tests); True when none is left."""
    timer = _pending
    if timer is not None:
        timer.join(timeout)
    return _pending is None and not _running.is_set()
