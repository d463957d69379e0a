"""The matching engine as a Flask extension: every app serves its own engine, warmed up on its
first request, kept fresh as opportunities change, and refitted by background jobs."""

from __future__ import annotations

import logging
from datetime import date

from flask import Flask, current_app

from talentmatch.engine.background import BackgroundRefits, WarmUp
from talentmatch.engine.holder import EngineHolder
from talentmatch.signals import model_fitted, opportunity_changed, profile_withdrawn

log = logging.getLogger(__name__)

EXTENSION_KEY = "matching"


class ServedEngine:
    """One app's engine: its holder, its background refits and its warm-up."""

    def __init__(self, app: Flask) -> None:
        self.refits = BackgroundRefits(app)
        self.holder = EngineHolder(app.config, self.refits)
        self.warm_up = WarmUp(app, load_engine=self.holder.engine)

    def opportunity_changed(self, opportunity_id: int) -> None:
        """Serve the change at once and schedule a refit; never fails the caller's request."""
        try:
            self.holder.take_in(opportunity_id, date.today())
            self.refits.request()
        except Exception:
            # The change itself is saved; the next sync or refit picks it up.
            log.exception("The matching engine could not take in opportunity %s", opportunity_id)

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

    def readiness(self) -> dict[str, str]:
        """Whether a model is loaded here; starts a background fit when there is none."""
        engine = self.holder.engine(fit_if_missing=False)
        if engine is None:
            if not self.warm_up.running():  # the warm-up fits one itself when none exists
                self.refits.request(delay=0)
            return {"model": "missing"}
        version = self.holder.version
        return {"model": "ok", "model_version": str(version[0]) if version else ""}


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
