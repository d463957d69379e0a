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
    """Send due digests of new strong matches, then due saved-search alerts. Run it daily from
    cron or a timer on one host; running it again the same day sends nothing new.

    Where jobs run in this process the digests are sent before the command returns. With
    JOB_QUEUE=rq the command only enqueues them, in batches, for the workers (`flask jobs work`)
    and returns at once; the model page shows how the batches went."""
    from talentmatch import jobs
    from talentmatch.services import digests, saved_searches

    if jobs.runs_here():
        click.echo(f"Digests sent: {digests.send_digests()}.")
    else:
        batches = digests.batches()
        for first_id, last_id in batches:
            jobs.enqueue("digests.send", first_id, last_id)
        click.echo(f"Digest batches queued for the workers: {len(batches)}.")
    if not no_alerts:
        click.echo(f"Search alerts sent: {saved_searches.send_alerts()}.")
    click.echo(f"Emails delivered: {_deliver()}.")


@notifications_cli.command("send-search-alerts")
def send_search_alerts() -> None:
    """Send due saved-search alerts only (at most one a day per search)."""
    from talentmatch.services import saved_searches

    click.echo(f"Search alerts sent: {saved_searches.send_alerts()}.")
    click.echo(f"Emails delivered: {_deliver()}.")
