"""Applying to jobs, and a graduate's own applications; the CV download both sides use."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from talentmatch.applications.forms import AppliedThereForm, ApplyForm, WithdrawForm
from talentmatch.auth.access import role_required
from talentmatch.content_language import plain_title
from talentmatch.errors import apply_to_form
from talentmatch.form_fields import language_names
from talentmatch.models import Application, Role, User
from talentmatch.request_input import accepts_upload
from talentmatch.services import applicants, application_fit, applications, cv_files
from talentmatch.services.errors import InvalidInput
from talentmatch.site_dates import site_today

bp = Blueprint("applications", __name__, url_prefix="/applications")


def _graduate() -> User:
    return current_user._get_current_object()


def _upload(form: ApplyForm) -> cv_files.CvUpload | None:
    """The chosen file, or None when the graduate chose none (an empty name and no bytes)."""
    storage = form.cv.data
    if storage is None or not getattr(storage, "filename", ""):
        return None
    return cv_files.CvUpload(storage.filename, storage.read())


def _outcome(outcome: applications.Outcome):
    application = outcome.application
    if outcome.created:
        flash(
            _(
                "Your application to “%(title)s” is sent.",
                title=plain_title(application.opportunity),
            ),
            "success",
        )
    else:
        flash(_("You have already applied to this job: here is your application."), "info")
    return redirect(url_for("applications.detail", application_id=application.id))


@bp.route("/new/<int:opportunity_id>", methods=["GET", "POST"])
@accepts_upload("APPLICATION_MAX_CONTENT_LENGTH")
@role_required(Role.GRADUATE)
def apply(opportunity_id: int):
    """The apply page: the job, how well it fits and why, a cover note and a CV."""
    form = ApplyForm()
    if form.validate_on_submit():
        data = applications.ApplyInput(form.cover_note.data or "", _upload(form))
        try:
            return _outcome(applications.apply(_graduate(), opportunity_id, data, site_today()))
        except InvalidInput as error:
            apply_to_form(form, error)
    page = applications.apply_page(_graduate(), opportunity_id, site_today())
    return render_template(
        "applications/apply.html",
        page=page,
        skill_names=application_fit.skill_names([page.fit]),
        form=form,
        applied_there=AppliedThereForm(),
        language_names=language_names(str(get_locale() or "en")),
    ), 400 if form.errors or form.form_errors else 200


@bp.post("/external/<int:opportunity_id>")
@role_required(Role.GRADUATE)
def applied_there(opportunity_id: int):
    """ "I applied there": record an application made on the employer's own site."""
    form = AppliedThereForm()
    if form.validate_on_submit():
        try:
            outcome = applications.record_external(
                _graduate(), opportunity_id, form.note.data or "", site_today()
            )
        except InvalidInput as error:
            apply_to_form(form, error)
        else:
            return _outcome(outcome)
    page = applications.apply_page(_graduate(), opportunity_id, site_today())
    return render_template(
        "applications/apply.html",
        page=page,
        skill_names=application_fit.skill_names([page.fit]),
        form=ApplyForm(formdata=None),
        applied_there=form,
        language_names=language_names(str(get_locale() or "en")),
    ), 400


@bp.get("/")
@role_required(Role.GRADUATE)
def mine():
    """Every application of the graduate, with its status."""
    return render_template(
        "applications/mine.html", applications=applications.my_applications(_graduate())
    )


def _detail_page(application: Application, withdraw_form: WithdrawForm, status: int = 200):
    fit = application_fit.from_json(application.explanation)
    return render_template(
        "applications/detail.html",
        application=application,
        fit=fit,
        skill_names=application_fit.skill_names([fit]),
        withdraw_form=withdraw_form,
        can_withdraw=application.status in applications.ACTIVE,
        language_names=language_names(str(get_locale() or "en")),
    ), status


@bp.get("/<int:application_id>")
@role_required(Role.GRADUATE)
def detail(application_id: int):
    """One application: its status, its whole history with the employer's notes."""
    return _detail_page(applications.get_own(_graduate(), application_id), WithdrawForm())


@bp.post("/<int:application_id>/withdraw")
@role_required(Role.GRADUATE)
def withdraw(application_id: int):
    """Take back an application that is still open."""
    form = WithdrawForm()
    application = applications.get_own(_graduate(), application_id)
    if form.validate_on_submit():
        try:
            applications.withdraw(_graduate(), application_id, form.note.data or "")
        except InvalidInput as error:
            flash(str(error), "error")
            return _detail_page(application, form, 400)
        flash(_("Your application is withdrawn; the employer has been told."), "success")
        return redirect(url_for("applications.detail", application_id=application_id))
    return _detail_page(application, form, 400)


@bp.get("/<int:application_id>/cv")
@login_required
def cv(application_id: int):
    """The application's CV, as a download, for the applicant and the job's employers only."""
    path, filename = applicants.cv_download(current_user._get_current_object(), application_id)
    response = send_file(
        path,
        mimetype="application/pdf",
        as_attachment=True,
        download_name=filename,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
