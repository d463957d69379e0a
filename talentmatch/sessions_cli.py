"""`flask sessions`: housekeeping of sign-ins (sessions and remember-me tokens)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

sessions_cli = AppGroup("sessions", help="Signed-in sessions and remember-me tokens.")


@sessions_cli.command("purge-expired")
def purge_expired() -> None:
    """Delete sign-ins whose session and remember-me token have both run out (run daily)."""
    from talentmatch.services import sessions

    removed = sessions.purge_expired()
    click.echo(f"Deleted {removed} expired sign-in(s).")
