"""Fixtures for tests where several workers serve the matching engine from one database."""

from __future__ import annotations

import pytest
from flask import Flask


@pytest.fixture
def checks_every_request(app, monkeypatch) -> None:
    """Workers ask which model version is active on every request, not every few seconds."""
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)


@pytest.fixture
def other_worker(make_app) -> Flask:
    """A second app on the same database, as another worker process serves its own engine."""
    return make_app(MATCHING_CHECK_SECONDS=0)
