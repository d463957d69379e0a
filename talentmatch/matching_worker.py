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
_warm_up_thread: threading.Thread | None = None


def request_refit(delay: float | None = None) -> str:
    """Schedule one refit; edits arriving while it waits share it.

    Returns how it will run: "queued" (RQ), "scheduled" (thread here), "pending" (one is already
    waiting) or "off" (background refits disabled, as in the test suite by default).
    """
    app = current_app._get_current_object()
    if not app.config["MATCHING_BACKGROUND_REFIT"]:
        return "off"
    if delay is None:
        delay = float(app.config["MATCHING_REFIT_DELAY_SECONDS"])
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


def warm_up_on_first_request(app: Flask) -> None:
    """Load the language models and the active engine in a thread when the first request comes.

    Building the language models takes seconds; starting at the first request of any kind (not at
    import) keeps `flask db upgrade` and other commands from paying for it.
    """
    started = threading.Event()

    @app.before_request
    def start_warm_up() -> None:
        global _warm_up_thread
        if not started.is_set():
            started.set()
            _warm_up_thread = threading.Thread(
                target=_warm_up, args=(app,), daemon=True, name="matching-warm-up"
            )
            _warm_up_thread.start()


def warming_up() -> bool:
    """Whether this process's warm-up thread is still loading or fitting the engine."""
    thread = _warm_up_thread
    return thread is not None and thread.is_alive()


def wait_for_warm_up(timeout: float) -> bool:
    """Block until the warm-up thread has finished; True when it has (or never started)."""
    thread = _warm_up_thread
    if thread is not None:
        thread.join(timeout)
        return not thread.is_alive()
    return True


def _warm_up(app: Flask) -> None:
    from talentmatch.extensions import db
    from talentmatch.recommender.language import language_models
    from talentmatch.services.matching_engine import holder

    with app.app_context():
        try:
            language_models()
            holder().engine(fit_if_missing=True)
            log.info("Matching engine warmed up")
        except Exception:
            log.exception("Warming up the matching engine failed")
        finally:
            db.session.remove()
