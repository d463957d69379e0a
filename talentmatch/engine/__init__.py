"""The matching engine as a Flask extension: every app serves its own engine, warmed up on its
first request, kept fresh as opportunities change, and refitted by background jobs."""

from __future__ import annotations

import logging
import threading
from datetime import date

from flask import Flask, current_app
from sqlalchemy.exc import SQLAlchemyError

from talentmatch.engine.background import BackgroundRefits, WarmUp
from talentmatch.engine.holder import EngineHolder
from talentmatch.extensions import db
from talentmatch.recommender.model import CandidatePool, Recommender
from talentmatch.signals import model_fitted, opportunity_changed, profile_withdrawn

log = logging.getLogger(__name__)

EXTENSION_KEY = "matching"


class ServedEngine:
    """One app's engine: its holder, its background refits and its warm-up."""

    def __init__(self, app: Flask) -> None:
        self.refits = BackgroundRefits(app)
        self.holder = EngineHolder(app.config, self.refits)
        self.warm_up = WarmUp(app, load_engine=self._warm)
        self._app = app
        self._pool_lock = threading.Lock()
        self._pool_builder: threading.Thread | None = None

    def candidate_pool(self, engine: Recommender) -> CandidatePool | None:
        """`engine`'s pool of candidates, up to date; None while it is being built.

        Building it reads and transforms every visible profile: tens of seconds at tens of
        thousands, longer than a request may wait (gunicorn would replace the worker). So it
        is built in a thread of its own (MATCHING_POOL_IN_BACKGROUND; the test suite builds it
        in the request) and the Candidates tab says candidates are being prepared meanwhile."""
        holder = self.holder
        if holder.has_pool_for(engine) or not self._app.config["MATCHING_POOL_IN_BACKGROUND"]:
            return holder.candidate_pool(engine)
        with self._pool_lock:
            if self._pool_builder is None or not self._pool_builder.is_alive():
                self._pool_builder = threading.Thread(
                    target=self._build_pool, daemon=True, name="candidate-pool"
                )
                self._pool_builder.start()
        return None

    def wait_for_pool(self, timeout: float = 60.0) -> bool:
        """Block until a pool being built is ready (for tests); True when none is building."""
        builder = self._pool_builder
        if builder is not None:
            builder.join(timeout)
            return not builder.is_alive()
        return True

    def _build_pool(self) -> None:
        with self._app.app_context():
            try:
                engine = self.holder.engine()
                if engine is not None:
                    self.holder.candidate_pool(engine)
            except Exception:
                log.exception("Building the pool of candidates failed")
            finally:
                db.session.remove()

    def _warm(self) -> None:
        """Load the active version and build its pool of candidates (every visible profile in
        the engine's space: seconds at tens of thousands), so neither waits for a request."""
        engine = self.holder.engine()
        if engine is not None:
            self.holder.candidate_pool(engine)

    def opportunity_changed(self, opportunity_id: int) -> None:
        """Serve the change at once and schedule a refit; never fails the caller's request."""
        try:
            self.holder.take_in(opportunity_id, date.today())
            self.refits.request()
        except Exception:
            # The change itself is saved; the next sync or refit picks it up.
            log.exception("The matching engine could not take in opportunity %s", opportunity_id)
            _leave_the_session_usable()

    def profile_withdrawn(self, profile_id: int) -> None:
        """A profile left the candidates side (made private, account deactivated or erased):
        take it out of the served engine and, by a refit that deletes every older version, out
        of every stored artefact. Never fails the caller's request."""
        try:
            if not self.holder.forget_profile(profile_id):
                return  # the served fit never learnt from it
            if self.refits.request(delay=0, drop_older=True) in ("off", "unavailable"):
                self.holder.fit_and_activate(drop_older=True)
        except Exception:
            # The change itself is saved; the next refit leaves the profile out regardless.
            log.exception("The matching engine could not forget profile %s", profile_id)
            _leave_the_session_usable()

    def readiness(self) -> dict[str, str]:
        """Whether a model is loaded here; starts a background fit when there is none."""
        engine = self.holder.engine(fit_if_missing=False)
        if engine is None:
            if not self.warm_up.running():  # the warm-up fits one itself when none exists
                self.refits.request(delay=0)
            return {"model": "missing"}
        version = self.holder.version
        return {"model": "ok", "model_version": str(version[0]) if version else ""}


def _leave_the_session_usable() -> None:
    """After the engine failed on the caller's session (the database went away mid-read), end
    that session's transaction so the caller's next query reports the real state (a new
    connection, or the outage) rather than a transaction left to roll back. The caller's change
    was committed before the engine was told of it."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        log.debug("Rolling back after the engine's failure failed too", exc_info=True)


def _take_in_change(app: Flask, opportunity_id: int) -> None:
    app.extensions[EXTENSION_KEY].opportunity_changed(opportunity_id)


def _forget_profile(app: Flask, profile_id: int) -> None:
    app.extensions[EXTENSION_KEY].profile_withdrawn(profile_id)


def _serve_fitted(app: Flask, version, recommender) -> None:
    app.extensions[EXTENSION_KEY].holder.install(recommender, version)


def _start_warm_up() -> None:
    current_app.extensions[EXTENSION_KEY].warm_up.start()


class MatchingEngine:
    """Created unattached; `init_app` gives each app its own `ServedEngine`."""

    def __init__(self, app: Flask | None = None) -> None:
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        app.extensions[EXTENSION_KEY] = ServedEngine(app)
        opportunity_changed.connect(_take_in_change, sender=app)
        profile_withdrawn.connect(_forget_profile, sender=app)
        model_fitted.connect(_serve_fitted, sender=app)
        if app.config["MATCHING_WARM_UP"]:
            app.before_request(_start_warm_up)

    @property
    def served(self) -> ServedEngine:
        """The current app's engine."""
        return current_app.extensions[EXTENSION_KEY]

    @property
    def holder(self) -> EngineHolder:
        return self.served.holder


matching_engine = MatchingEngine()
