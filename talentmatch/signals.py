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
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the proxy's target
    opportunity_changed.send(app, opportunity_id=opportunity_id)
