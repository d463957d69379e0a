"""Absolute links to pages of the app, for emails and anything else read outside it."""

from __future__ import annotations

from flask import current_app, has_request_context, request


def absolute(path: str) -> str:
    """`path` (inside the app, starting with "/") on PUBLIC_URL when configured (so a forged
    Host header cannot send people elsewhere), else on the current request's host. Commands
    run outside a request need PUBLIC_URL (`flask check-deploy` says so); without it they fall
    back to SERVER_NAME or localhost."""
    base = str(current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if not base and has_request_context():
        base = request.host_url.rstrip("/")
    if not base:
        scheme = current_app.config.get("PREFERRED_URL_SCHEME") or "http"
        base = f"{scheme}://{current_app.config.get('SERVER_NAME') or 'localhost:5000'}"
    return base + path


def path_for(endpoint: str, **values: object) -> str:
    """The path of a page, also outside a request (where `url_for` needs SERVER_NAME)."""
    adapter = current_app.url_map.bind("localhost")
    return str(adapter.build(endpoint, values))
