"""The staying checklist page: the steps that apply to the graduate, ticked off and dated by
them, and where they live now."""

from __future__ import annotations

from datetime import datetime

import click
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from talentmatch.auth.access import role_required
from talentmatch.content_language import reader_locale
from talentmatch.errors import apply_to_form
from talentmatch.models import User
from talentmatch.models.enums import Role
from talentmatch.services import mail, staying, staying_reminders
from talentmatch.services.errors import InvalidInput
from talentmatch.site_dates import site_today
from talentmatch.staying.forms import DoneForm, HomeForm

bp = Blueprint("staying", __name__, url_prefix="/staying")


def _graduate() -> User:
    """The signed-in graduate as the model object the services expect."""
    return current_user._get_current_object()


def _page(
    home_form: HomeForm | None = None,
    failed_key: str = "",
    failed_form: DoneForm | None = None,
):
    found = staying.checklist(_graduate())
    today = site_today()
    if home_form is None:
        home = staying.home_of(_graduate())
        home_form = HomeForm(
            formdata=None,
            data={"municipality": home.municipality if home else "", "moved_on": home.moved_on}
            if home
            else None,
        )
    done_forms = {
        item.step.key: (
            failed_form
            if item.step.key == failed_key and failed_form is not None
            else DoneForm(formdata=None, prefix=item.step.key, data={"done_on": today})
        )
        for item in found.to_do
    }
    failed = home_form.errors or failed_form is not None
    return render_template(
        "staying/index.html",
        checklist=found,
        today=today,
        home_form=home_form,
        done_forms=done_forms,
        failed_key=failed_key,
        locale=reader_locale(),
    ), 400 if failed else 200


@bp.get("/")
@role_required(Role.GRADUATE)
def index():
    """The steps that apply to the graduate's permit situation and stage, to do and done."""
    return _page()


@bp.post("/steps/<key>/done")
@role_required(Role.GRADUATE)
def mark_done(key: str):
    """Tick a step off on the day the graduate did it."""
    staying.item_of(_graduate(), key)  # 404 for a step not on their checklist
    form = DoneForm(prefix=key)
    if form.validate_on_submit():
        try:
            item = staying.mark_done(_graduate(), key, form.done_on.data, site_today())
        except InvalidInput as error:
            apply_to_form(form, error)
        else:
            flash(_("Done: %(step)s.", step=item.step.text(reader_locale())[0].title), "success")
            return redirect(url_for("staying.index", _anchor="done-heading"))
    return _page(failed_key=key, failed_form=form)


@bp.post("/steps/<key>/undo")
@role_required(Role.GRADUATE)
def mark_not_done(key: str):
    """Put a ticked step back on the to-do list."""
    staying.mark_not_done(_graduate(), key)
    flash(_("The step is back on your list."), "info")
    return redirect(url_for("staying.index", _anchor=f"step-{key}"))


@bp.post("/home")
@role_required(Role.GRADUATE)
def update_home():
    """Record where the graduate lives now, and a move."""
    form = HomeForm()
    if form.validate_on_submit():
        try:
            staying.update_home(
                _graduate(), form.municipality.data or "", form.moved_on.data, site_today()
            )
        except InvalidInput as error:
            apply_to_form(form, error)
        else:
            flash(_("Saved: your checklist follows where you live."), "success")
            return redirect(url_for("staying.index"))
    return _page(home_form=form)


@bp.cli.command("remind")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day to remind for (YYYY-MM-DD); today in Finland when not given.",
)
def remind_command(today: datetime | None) -> None:
    """Remind graduates of checklist deadlines that came near (run it daily; nobody is reminded
    twice of the same deadline)."""
    reminded = staying_reminders.remind_due(today.date() if today else site_today())
    click.echo(f"Graduates reminded: {reminded}.")
    click.echo(f"Emails delivered: {mail.deliver_pending(limit=10_000)}.")
