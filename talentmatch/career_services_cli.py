"""`flask career-services`: the daily match summaries and cohort promotions, for a scheduler."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from talentmatch.site_dates import site_today

career_services_cli = AppGroup(
    "career-services", help="Daily work for career services' cohorts and promotions."
)


@career_services_cli.command("refresh-matches")
def refresh_matches() -> None:
    """Compute today's match summary of every graduate sharing their profile with career
    services (run it daily; running it again the same day recomputes today's)."""
    from talentmatch.services import match_summaries

    count = match_summaries.refresh_everyone(site_today())
    if count is None:
        raise click.ClickException("The matching engine is not fitted yet: try again later.")
    click.echo(f"Match summaries refreshed: {count}.")


@career_services_cli.command("deliver-promotions")
def deliver_promotions() -> None:
    """Deliver cohort promotions to graduates who joined the cohort since (run it daily)."""
    from talentmatch.services import promotions

    click.echo(f"Promotions delivered: {promotions.deliver_all_pending(site_today())}.")
