"""Connecting to the mail server with the configured TLS and login, for sending and for checks.

Imports nothing of the app, so `flask check-deploy` can use it when the app does not start.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from typing import Any


def open_smtp(settings: Mapping[str, Any], server: str, port: int, timeout: float) -> smtplib.SMTP:
    """An SMTP connection as MAIL_USE_SSL, MAIL_USE_TLS and MAIL_USERNAME/PASSWORD ask."""
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if settings.get("MAIL_USE_SSL"):
        smtp = smtplib.SMTP_SSL(server, port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(server, port, timeout=timeout)
        if settings.get("MAIL_USE_TLS"):
            smtp.starttls(context=context)
    if settings.get("MAIL_USERNAME"):
        smtp.login(str(settings["MAIL_USERNAME"]), str(settings.get("MAIL_PASSWORD") or ""))
    return smtp
