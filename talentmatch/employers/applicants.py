"""The Applicants tab of a job, one application's page, and moving an application on."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from talentmatch.auth.access import role_required
from talentmatch.employers.applicant_forms import MoveForm
from talentmatch.employers.views import bp
from talentmatch.errors import apply_to_form
from talentmatch.form_fields import language_names
from talentmatch.models import Application, ApplicationStatus, Role
from talentmatch.services import applicants, application_fit
from talentmatch.services.errors import InvalidInput


def _move_form(application: Application, form: MoveForm | None = None) -> MoveForm:
    """The form for one application; its fields are named after it, so the Applicants tab can
    hold one per applicant."""
    form = form or MoveForm(formdata=None, prefix=MoveForm.prefix_for(application.id))
    form.offer(applicants.next_statuses(application))
    return form


@bp.get("/jobs/<int:job_id>/applicants")
@role_required(Role.EMPLOYER)
def applicants_tab(job_id: int):
    """Everyone who applied to the job, with their status, note, CV and history; closed (403,
    with the reason) while the organisation awaits verification."""
    result = applicants.applicants_for(current_user, job_id)
    fits = {a.id: application_fit.from_json(a.explanation) for a in result.applications}
    return render_template(
        "employers/applicants.html",
        result=result,
        job=result.job,
        fits=fits,
        skill_names=application_fit.skill_names(fits.values()),
        forms={a.id: _move_form(a) for a in result.applications},
        language_names=language_names(),
    ), 403 if result.awaiting_verification else 200


def _application_page(application: Application, form: MoveForm, status: int = 200):
    fit = application_fit.from_json(application.explanation)
    return render_template(
        "employers/application.html",
        application=application,
        job=application.opportunity,
        fit=fit,
        skill_names=application_fit.skill_names([fit]),
        form=form,
        language_names=language_names(),
    ), status


@bp.get("/applications/<int:application_id>")
@role_required(Role.EMPLOYER)
def application(application_id: int):
    """One application to one of the organisation's jobs."""
    found = applicants.get_for_employer(current_user, application_id)
    return _application_page(found, _move_form(found))


@bp.post("/applications/<int:application_id>/move")
@role_required(Role.EMPLOYER)
def move_application(application_id: int):
    """Move an application to its next step, with an optional note to the applicant."""
    found = applicants.get_for_employer(current_user, application_id)
    form = MoveForm(prefix=MoveForm.prefix_for(application_id))
    if form.validate_on_submit():
        try:
            status = ApplicationStatus(form.status.data)
        except ValueError:
            form.status.errors = [_("Choose one of the next steps offered.")]
        else:
            try:
                moved = applicants.move(current_user, application_id, status, form.note.data or "")
            except InvalidInput as error:
                apply_to_form(form, error)
            else:
                flash(
                    _(
                        "%(name)s's application is now: %(status)s. They have been told.",
                        name=moved.applicant.full_name or _("The applicant"),
                        status=moved.status.label,
                    ),
                    "success",
                )
                return redirect(url_for("employers.application", application_id=application_id))
    return _application_page(found, _move_form(found, form), 400)
