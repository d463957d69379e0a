"""`flask notifications`: the digest of new strong matches and saved-search alerts, for cron."""

from __future__ import annotations

import click
from flask.cli import AppGroup

notifications_cli = AppGroup("notifications", help="Digests and saved-search alerts.")


def _deliver() -> int:
    from talentmatch.services import mail

    return mail.deliver_pending(limit=10_000)


@notifications_cli.command("send-digests")
@click.option("--no-alerts", is_flag=True, help="Send the digests only, not search alerts.")
def send_digests(no_alerts: bool) -> None:
    """Send due digests of new strong matches, then due saved-search alerts (run it daily;
    running it again the same day sends nothing new)."""
    from talentmatch.services import digests, saved_searches

    sent = digests.send_digests()
    click.echo(f"Digests sent: {sent}.")
    if not no_alerts:
        click.echo(f"Search alerts sent: {saved_searches.send_alerts()}.")
    click.echo(f"Emails delivered: {_deliver()}.")


@notifications_cli.command("send-search-alerts")
def send_search_alerts() -> None:
    """Send due saved-search alerts only (at most one a day per search)."""
    from talentmatch.services import saved_searches

    click.echo(f"Search alerts sent: {saved_searches.send_alerts()}.")
    click.echo(f"Emails delivered: {_deliver()}.")
