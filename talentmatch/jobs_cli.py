"""`flask jobs work`: an RQ worker for the background jobs (JOB_QUEUE=rq)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

jobs_cli = AppGroup("jobs", help="Background jobs: refits, email, digests, erasures.")


@jobs_cli.command("work")
@click.option("--burst", is_flag=True, help="Quit once the queue is empty.")
def work(burst: bool) -> None:
    """Run background jobs from Redis (REDIS_URL) until SIGTERM, which lets the job running
    finish first. Run one or more per host under systemd; a job whose worker dies is retried
    by another once its heartbeat lapses."""
    from talentmatch.jobs import RQ
    from talentmatch.jobs.worker import work as run_worker

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config["JOB_QUEUE"] != RQ:
        raise click.ClickException(
            "JOB_QUEUE is not 'rq': jobs run in the web process, there is no queue to work on."
        )
    run_worker(app, burst=burst)
