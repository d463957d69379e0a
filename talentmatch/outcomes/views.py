"""The graduate survey page: each checkpoint with its answer, answering, and a hire recorded as
an answer in one click; and `flask outcomes ask`, which asks those whose checkpoint has come."""

from __future__ import annotations

from datetime import datetime

import click
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from talentmatch.auth.access import role_required
from talentmatch.errors import apply_to_form
from talentmatch.models import Role, User
from talentmatch.outcomes.forms import OutcomeForm
from talentmatch.services import mail, outcomes
from talentmatch.services.errors import InvalidInput
from talentmatch.site_dates import site_today

bp = Blueprint("outcomes", __name__, url_prefix="/outcomes")


def _graduate() -> User:
    return current_user._get_current_object()


def _back_to(months: int):
    return redirect(url_for("outcomes.index", _anchor=f"checkpoint-{months}"))


@bp.get("/")
@role_required(Role.GRADUATE)
def index():
    """The graduate's checkpoints, their answers, and any hire offered as an answer."""
    return render_template(
        "outcomes/index.html",
        survey=outcomes.survey(_graduate(), site_today()),
        place_label=outcomes.place_label,
    )


def _input(form: OutcomeForm) -> outcomes.OutcomeInput:
    return outcomes.OutcomeInput(
        checkpoint=form.checkpoint.data or "",
        status=form.status.data or "",
        employer_name=form.employer_name.data or "",
        municipality=form.municipality.data or "",
        found_through_talentmatch=bool(form.found_through_talentmatch.data),
    )


@bp.route("/answer", methods=["GET", "POST"])
@role_required(Role.GRADUATE)
def answer():
    """Answer a due checkpoint, or change the answer."""
    graduate, today = _graduate(), site_today()
    survey = outcomes.survey(graduate, today)
    if request.method == "GET":
        if not survey.open:
            return redirect(url_for("outcomes.index"))
        checkpoint = outcomes.due_checkpoint(survey, request.args.get("checkpoint", ""), today)
        response = checkpoint.response
        form = OutcomeForm(
            formdata=None,
            checkpoint=str(checkpoint.months),
            status=response.status.value if response and response.status else None,
            employer_name=response.employer_name if response else "",
            municipality=(response.municipality or "") if response else "",
            found_through_talentmatch=bool(response and response.found_through_talentmatch),
        )
        return render_template("outcomes/answer.html", form=form, checkpoint=checkpoint)
    form = OutcomeForm()
    if form.validate_on_submit():
        try:
            saved = outcomes.answer(graduate, _input(form), today)
        except InvalidInput as error:
            if not survey.open:
                raise  # no form to show it on: the error page says why
            apply_to_form(form, error)
        else:
            flash(_("Thank you: your answer is saved. You can change it at any time."), "success")
            return _back_to(saved.checkpoint)
    months = (form.checkpoint.data or "").strip()
    shown = survey.checkpoint(int(months)) if months.isdigit() else None
    return render_template("outcomes/answer.html", form=form, checkpoint=shown), 400


@bp.post("/hires/<int:application_id>/record")
@role_required(Role.GRADUATE)
def record_hire(application_id: int):
    """Record a hire in TalentMatch as a checkpoint's answer (the graduate's one click)."""
    response = outcomes.record_hire(_graduate(), application_id, site_today())
    flash(
        _(
            "Recorded: you work at %(organisation)s, found through TalentMatch.",
            organisation=response.employer_name,
        ),
        "success",
    )
    return _back_to(response.checkpoint)


@bp.post("/hires/<int:application_id>/decline")
@role_required(Role.GRADUATE)
def decline_hire(application_id: int):
    """Decline to record a hire as an answer; it is not offered again."""
    offer = outcomes.decline_hire(_graduate(), application_id, site_today())
    flash(_("All right: your hire is not recorded as your answer."), "info")
    return _back_to(offer.checkpoint)


@bp.cli.command("ask")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day to ask for (YYYY-MM-DD); today in Finland when not given.",
)
def ask_command(today: datetime | None) -> None:
    """Ask the graduates whose 6- or 12-month checkpoint has come (run it daily; nobody is asked
    twice about the same checkpoint)."""
    asked = outcomes.ask_due(today.date() if today else site_today())
    click.echo(f"Graduates asked: {asked}.")
    click.echo(f"Emails delivered: {mail.deliver_pending(limit=10_000)}.")
