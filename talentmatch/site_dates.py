"""The site's "today": the date in Finland (the configured time zone), since deadlines are
Finnish dates and every page that asks "is this open?" must ask it of the same day."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask_babel import to_user_timezone


def site_today() -> date:
    return to_user_timezone(datetime.now(UTC)).date()
