"""The staying checklist's content, on the `admin` blueprint: each step's texts and links in
English, Finnish and Swedish, its sources and the day they were last checked."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from talentmatch.admin.forms import StayingStepForm
from talentmatch.admin.views import bp
from talentmatch.auth.access import role_required
from talentmatch.content_language import reader_locale
from talentmatch.errors import apply_to_form
from talentmatch.models.enums import Role
from talentmatch.services import staying_steps
from talentmatch.services.errors import InvalidInput
from talentmatch.services.staying_steps import LOCALES, Step, StepEdit, StepText
from talentmatch.site_dates import site_today


@bp.get("/staying/")
@role_required(Role.ADMIN)
def staying_steps_list():
    """Every step of the checklist with its check date, and whether it was edited here."""
    content = staying_steps.current()
    return render_template(
        "admin/staying_steps.html",
        steps=content.steps,
        content=content,
        locale=reader_locale(),
        today=site_today(),
    )


def _form_data(step: Step) -> dict[str, object]:
    data: dict[str, object] = {
        "sources": "\n".join(f"{source.title} | {source.url}" for source in step.sources),
        "last_checked": step.last_checked,
    }
    for locale in LOCALES:
        text = step.texts.get(locale, StepText("", "", ""))
        data |= {
            f"title_{locale}": text.title,
            f"what_{locale}": text.what,
            f"when_{locale}": text.when,
            f"link_{locale}": step.links.get(locale, ""),
        }
    return data


def _source_pairs(text: str) -> list[tuple[str, str]]:
    """ "Title | address" lines; a line without a bar is all title (the service says what is
    missing)."""
    pairs = []
    for line in text.splitlines():
        if not line.strip():
            continue
        title, _bar, address = line.rpartition("|") if "|" in line else (line, "", "")
        pairs.append((title.strip(), address.strip()))
    return pairs


def _step_edit(form: StayingStepForm) -> StepEdit:
    return StepEdit(
        texts={
            locale: StepText(
                form[f"title_{locale}"].data or "",
                form[f"what_{locale}"].data or "",
                form[f"when_{locale}"].data or "",
            )
            for locale in LOCALES
        },
        links={locale: form[f"link_{locale}"].data or "" for locale in LOCALES},
        sources=_source_pairs(form.sources.data or ""),
        last_checked=form.last_checked.data,
    )


@bp.route("/staying/<key>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_staying_step(key: str):
    """Edit a step's texts, links and sources; graduates see the change at once."""
    step = staying_steps.current().step(key)
    form = StayingStepForm() if request.method == "POST" else StayingStepForm(data=_form_data(step))
    if form.validate_on_submit():
        try:
            step = staying_steps.edit_step(current_user, key, _step_edit(form), site_today())
        except InvalidInput as error:
            apply_to_form(form, error)
        else:
            flash(
                _(
                    "Saved: graduates see the new version of “%(step)s” now.",
                    step=step.text(reader_locale())[0].title,
                ),
                "success",
            )
            return redirect(url_for("admin.staying_steps_list"))
    return render_template(
        "admin/edit_staying_step.html",
        form=form,
        step=step,
        edited=staying_steps.is_edited(key),
        shipped=staying_steps.shipped().step(key),
        locale=reader_locale(),
    ), 400 if form.errors or form.form_errors else 200


@bp.post("/staying/<key>/revert")
@role_required(Role.ADMIN)
def revert_staying_step(key: str):
    """Go back to the step as shipped with TalentMatch."""
    step = staying_steps.revert_step(current_user, key)
    flash(
        _(
            "“%(step)s” is back to the version shipped with TalentMatch.",
            step=step.text(reader_locale())[0].title,
        ),
        "success",
    )
    return redirect(url_for("admin.staying_steps_list"))


@bp.get("/staying/steps.json")
@role_required(Role.ADMIN)
def export_staying_steps():
    """The checklist as it stands, in the format of the shipped data file."""
    return Response(
        staying_steps.export(current_user),
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="staying_steps.json"'},
    )
