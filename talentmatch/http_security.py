"""HTTP hardening: security headers on every response (pages, redirects, error pages, JSON, static
files) and a plain refusal of requests for a host name outside TRUSTED_HOSTS.

The policy is fixed and small, so it is one `after_request` function rather than flask-talisman
(last released in 2023, with no Cross-Origin-Opener-Policy or no-store handling, and an HTTPS
redirect that belongs to the reverse proxy here).
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask_babel import gettext as _
from werkzeug.exceptions import SecurityError

# Powerful browser features this site never uses, switched off for it and anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


def init_http_security(app: Flask) -> None:
    """Add the headers to every response `app` sends, error pages included."""
    app.after_request(add_security_headers)
    app.register_error_handler(SecurityError, refuse_untrusted_host)


def refuse_untrusted_host(error: SecurityError) -> Response:
    """A Host header outside TRUSTED_HOSTS: no URL can be built for it, so no templated page."""
    return Response(
        _("This site does not answer to that host name."),
        status=400,
        mimetype="text/plain",
    )


def add_security_headers(response: Response) -> Response:
    config = current_app.config
    headers = response.headers
    headers["Content-Security-Policy"] = config["CONTENT_SECURITY_POLICY"]
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    max_age = int(config.get("HSTS_MAX_AGE") or 0)
    if max_age > 0:
        # Browsers ignore HSTS over plain HTTP, so it is sent whatever the proxy says the scheme is.
        value = f"max-age={max_age}"
        if config.get("HSTS_INCLUDE_SUBDOMAINS"):
            value += "; includeSubDomains"
        headers["Strict-Transport-Security"] = value
    # Static files are the same bytes for everyone and hold nothing personal, so they keep Flask's
    # revalidated caching; every other response may carry a name, a profile or a CSRF token.
    if request.endpoint != "static":
        headers["Cache-Control"] = "no-store"
    return response
