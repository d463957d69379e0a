"""Signals services send after a committed change that other parts of the app react to.

Senders import only this module, so a service never depends on whoever listens (the matching
engine subscribes to `opportunity_changed` for its own app).
"""

from __future__ import annotations

from blinker import Namespace
from flask import current_app

_signals = Namespace()

opportunity_changed = _signals.signal(
    "opportunity-changed",
    doc="An opportunity was created, edited, closed, reopened or deleted. "
    "The sender is the app; `opportunity_id` names the opportunity.",
)


def announce_opportunity_changed(opportunity_id: int) -> None:
    """Tell this app's listeners that an opportunity changed (after the change is committed)."""
    _send(opportunity_changed, opportunity_id=opportunity_id)


profile_withdrawn = _signals.signal(
    "profile-withdrawn",
    doc="A graduate profile stopped being visible to employers (visibility changed, account "
    "deactivated or erased). The sender is the app; `profile_id` names the profile.",
)


def announce_profile_withdrawn(profile_id: int) -> None:
    """Tell this app's listeners a profile left the candidates side (after the commit)."""
    _send(profile_withdrawn, profile_id=profile_id)


model_fitted = _signals.signal(
    "model-fitted",
    doc="A service fitted and activated a model version outside the engine (the refit after an "
    "erasure). The sender is the app; `version` is the stored row, `recommender` the engine.",
)


def announce_model_fitted(version: object, recommender: object) -> None:
    """Let this app's engine serve a version a service just fitted, without loading it again."""
    _send(model_fitted, version=version, recommender=recommender)


def _send(signal, **payload: object) -> None:
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the proxy's target
    signal.send(app, **payload)
