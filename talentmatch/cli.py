"""`flask` commands: ESCO import, demo data, user administration."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from talentmatch.models.enums import Role
from talentmatch.services import accounts, skills, universities
from talentmatch.services.errors import DomainError, InvalidInput, NotAllowed

users_cli = AppGroup("users", help="Manage user accounts.")
mail_cli = AppGroup("mail", help="The email outbox.")


@users_cli.command("create-admin")
@click.option("--email", prompt=True, help="The administrator's email address.")
@click.option("--name", "full_name", prompt="Full name", help="The administrator's name.")
@click.password_option(help="At least 8 characters; prompted for when not given.")
def create_admin(email: str, full_name: str, password: str) -> None:
    """Create the first administrator (later ones are created in the admin pages)."""
    account = accounts.NewAccount(
        email=email, password=password, full_name=full_name, role=Role.ADMIN
    )
    try:
        user = accounts.create_staff_account(account, actor=None)
    except InvalidInput as error:
        raise _input_error(error) from None
    except NotAllowed:
        raise click.ClickException(
            "An administrator already exists. Further administrators are created by an "
            "administrator on the Administration > Users page."
        ) from None
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created administrator {user.email}.")


def _input_error(error: InvalidInput) -> click.ClickException:
    return click.ClickException(
        "; ".join(
            f"{field.replace('_', ' ')}: {message}" if field else message
            for field, message in error.errors.items()
        )
    )


@users_cli.command("create-career-services")
@click.option("--email", prompt=True, help="The staff member's email address.")
@click.option("--full-name", prompt="Full name", help="The staff member's name.")
@click.option(
    "--university", prompt=True, help="The university's short name (such as Aalto) or its id."
)
@click.password_option(help="At least 8 characters; prompted for when not given.")
def create_career_services(email: str, full_name: str, university: str, password: str) -> None:
    """Create an active career-services account for one university."""
    found = universities.find_university(university)
    if found is None:
        known = ", ".join(u.short_name for u in universities.list_universities()) or "none yet"
        raise click.ClickException(
            f"No university {university!r}. Give a short name or an id; known: {known}."
        )
    account = accounts.NewAccount(
        email=email,
        password=password,
        full_name=full_name,
        role=Role.CAREER_SERVICES,
        university_id=found.id,
    )
    try:
        user = accounts.create_staff_account(account, actor=None)
    except InvalidInput as error:
        raise _input_error(error) from None
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created career-services account {user.email} for {found.name}.")


@click.command("import-esco")
@with_appcontext
def import_esco() -> None:
    """Load the ESCO skills shipped in talentmatch/data/ (skills already loaded are kept)."""
    added = skills.import_esco()
    click.echo(f"ESCO skills: {added} added, {skills.count_skills()} in the database.")


@mail_cli.command("send-pending")
def send_pending() -> None:
    """Deliver the messages in the outbox that are due, retrying failed ones whose wait is over."""
    from talentmatch.services import mail

    sent = mail.deliver_pending(limit=10_000)
    click.echo(f"Sent {sent} message(s).")


def register_commands(app: Flask) -> None:
    from talentmatch.career_services_cli import career_services_cli
    from talentmatch.demo.seed import seed_demo_command
    from talentmatch.deploy_check import check_deploy_command
    from talentmatch.jobs_cli import jobs_cli
    from talentmatch.notifications_cli import notifications_cli
    from talentmatch.privacy_cli import privacy_cli
    from talentmatch.recommender_cli import recommender_cli
    from talentmatch.sessions_cli import sessions_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(import_esco)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(recommender_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(sessions_cli)
    app.cli.add_command(check_deploy_command)
    app.cli.add_command(notifications_cli)
    app.cli.add_command(career_services_cli)
    app.cli.add_command(jobs_cli)
