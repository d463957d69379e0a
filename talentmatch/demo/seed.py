"""`flask seed-demo`: load the demo data (idempotent)."""

from __future__ import annotations

import click

from talentmatch.services import skills


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load ESCO skills and the demo universities, organisations, opportunities and people."""
    added = skills.import_esco()
    click.echo(f"ESCO skills: {added} added.")
