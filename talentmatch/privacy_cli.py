"""`flask privacy` commands: the retention purge and resuming interrupted erasures."""

from __future__ import annotations

import click
from flask.cli import AppGroup

privacy_cli = AppGroup("privacy", help="Retention and erasure of personal data.")


@privacy_cli.command("purge-expired")
def purge_expired() -> None:
    """Warn accounts about to expire and erase those inactive for RETENTION_MONTHS."""
    from talentmatch.services import retention

    report = retention.purge_expired()
    click.echo(
        f"Warned {len(report.warned)} account(s), erased {len(report.erased)}, "
        f"{len(report.cancelled)} warning(s) cancelled by a later login."
    )
    if report.failed:
        raise click.ClickException(
            f"{len(report.failed)} erasure(s) stopped part-way (accounts "
            f"{', '.join(map(str, report.failed))}); run `flask privacy resume-erasures`."
        )


@privacy_cli.command("resume-erasures")
def resume_erasures() -> None:
    """Finish every erasure that was interrupted, from the step where it stopped: here, or with
    JOB_QUEUE=rq by enqueueing them for the workers (see the model page for how they went)."""
    from talentmatch import jobs
    from talentmatch.services import erasure

    if not jobs.runs_here():
        click.echo(f"Queued {erasure.queue_unfinished()} erasure(s) for the workers.")
        return
    completed, failing = erasure.resume_unfinished()
    click.echo(f"Completed {len(completed)} erasure(s).")
    if failing:
        details = "; ".join(f"request {r.id}: {r.last_error}" for r in failing)
        raise click.ClickException(f"{len(failing)} erasure(s) still failing: {details}")
