"""Employer pages: the organisation, and the jobs it posts, edits, closes and reopens."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from talentmatch.auth.access import role_required
from talentmatch.content_language import reader_locale
from talentmatch.employers.forms import JobForm, OrganisationForm
from talentmatch.errors import apply_to_form
from talentmatch.form_fields import language_names
from talentmatch.models.enums import OpportunityStatus, Role
from talentmatch.services import applicants, invitations, jobs, matching, organisations
from talentmatch.services.errors import InvalidInput
from talentmatch.services.submissions import AlreadySubmitted
from talentmatch.site_dates import site_today

bp = Blueprint("employers", __name__, url_prefix="/employers")


def _form_status(form) -> int:
    return 400 if form.errors else 200


@dataclass(frozen=True)
class JobSuggestions:
    skills: list[matching.SkillSuggestion] | None = None
    occupations: list[matching.OccupationSuggestion] | None = None


def _suggestions(form: JobForm) -> JobSuggestions | None:
    """When a suggestion button was pressed: suggestions to show, and nothing saved."""
    if request.method != "POST":
        return None
    if form.suggest_skills.data:
        if not form.description.validate(form):
            return JobSuggestions(skills=[])
        picked = set(form.required_skills.tokens) | set(form.nice_to_have_skills.tokens)
        found = matching.suggest_skills(form.description.data or "", locale=reader_locale())
        return JobSuggestions(skills=[s for s in found if s.token not in picked])
    if form.suggest_occupation.data:
        if not form.title.validate(form):
            return JobSuggestions(occupations=[])
        return JobSuggestions(
            occupations=matching.suggest_occupations(form.title.data or "", locale=reader_locale())
        )
    return None


@bp.get("/")
@role_required(Role.EMPLOYER)
def dashboard():
    """The organisation's jobs with their status, or a call to register the organisation."""
    return render_template(
        "employers/dashboard.html",
        organisation=current_user.organisation,
        jobs=jobs.list_jobs(current_user),
        applicant_counts=applicants.counts_by_job(current_user),
        today=site_today(),
    )


@bp.route("/organisation", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
def edit_organisation():
    """Register the employer's organisation, or edit it."""
    organisation = current_user.organisation
    was_verified = organisation is not None and organisation.verified
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        try:
            saved = organisations.save_organisation(
                current_user, form.to_input(), submission_token=form.submission_token.data
            )
        except InvalidInput as error:
            apply_to_form(form, error)
        except AlreadySubmitted:
            flash(_("This form was already sent: your organisation is registered."), "info")
            return redirect(url_for("employers.dashboard"))
        else:
            if was_verified and not saved.verified:
                flash(
                    _(
                        "Organisation details saved. A new name or business ID needs to be "
                        "verified again: until TalentMatch has done so, your jobs are not "
                        "listed and the Candidates tab is closed."
                    ),
                    "warning",
                )
            elif organisation is None:
                flash(
                    _(
                        "Your organisation is registered. TalentMatch will verify it, usually "
                        "within %(days)d working days; meanwhile you can prepare and publish "
                        "jobs, which are listed for graduates once it is verified.",
                        days=current_app.config["VERIFICATION_WORKING_DAYS"],
                    ),
                    "success",
                )
            else:
                flash(_("Organisation details saved."), "success")
            return redirect(url_for("employers.dashboard"))
    return render_template(
        "employers/edit_organisation.html", form=form, organisation=organisation
    ), _form_status(form)


def _organisation_first():
    flash(_("Register your organisation first; then you can post jobs for it."), "info")
    return redirect(url_for("employers.edit_organisation"))


@bp.route("/jobs/new", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
def new_job():
    """Post a new job, as a draft or published at once."""
    if current_user.organisation_id is None:
        return _organisation_first()
    form = JobForm()
    if request.method == "GET":
        form.add_blank_language_rows()
    suggestions = _suggestions(form)
    if suggestions is None and form.validate_on_submit():
        publish = bool(form.publish.data)
        try:
            job = jobs.create_job(
                current_user,
                form.to_input(),
                publish=publish,
                today=site_today(),
                submission_token=form.submission_token.data,
            )
        except InvalidInput as error:
            apply_to_form(form, error)
        except AlreadySubmitted as earlier:
            return _already_posted(earlier)
        else:
            if publish:
                flash(_published_message(), "success")
            else:
                flash(_("Your job is saved as a draft. Publish it when it is ready."), "success")
            return redirect(url_for("employers.detail", job_id=job.id))
    return render_template(
        "employers/new_job.html", form=form, suggestions=suggestions
    ), _form_status(form)


def _published_message() -> str:
    if current_user.organisation.verified:
        return _("Your job is published.")
    return _(
        "Your job is published. Graduates will see it once TalentMatch has verified your "
        "organisation."
    )


def _already_posted(earlier: AlreadySubmitted):
    """The same form again (a double click): show the job the first one posted."""
    flash(_("This form was already sent: here is the job it posted."), "info")
    if earlier.purpose == "job" and earlier.result_id is not None:
        return redirect(url_for("employers.detail", job_id=earlier.result_id))
    return redirect(url_for("employers.dashboard"))


@bp.get("/jobs/<int:job_id>")
@role_required(Role.EMPLOYER)
def detail(job_id: int):
    """The employer's view of one of its jobs, drafts and closed jobs included."""
    return _detail_page(jobs.get_own_job(current_user, job_id))


def _detail_page(job, status: int = 200):
    return render_template(
        "employers/detail.html", job=job, today=site_today(), language_names=language_names()
    ), status


@bp.route("/jobs/<int:job_id>/edit", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
def edit_job(job_id: int):
    """Edit a job; a draft can be published from here."""
    job = jobs.get_own_job(current_user, job_id)
    form = JobForm(data=JobForm.initial_data(job))
    if request.method == "GET":
        form.add_blank_language_rows()
    suggestions = _suggestions(form)
    if suggestions is None and form.validate_on_submit():
        publish = bool(form.publish.data)
        was_draft = job.status is OpportunityStatus.DRAFT
        try:
            jobs.update_job(current_user, job_id, form.to_input(), site_today(), publish=publish)
        except InvalidInput as error:
            apply_to_form(form, error)
        else:
            if publish and was_draft:
                flash(_published_message(), "success")
            else:
                flash(_("Changes saved."), "success")
            return redirect(url_for("employers.detail", job_id=job_id))
    return render_template(
        "employers/edit_job.html", form=form, job=job, suggestions=suggestions
    ), _form_status(form)


@bp.get("/jobs/<int:job_id>/candidates")
@role_required(Role.EMPLOYER)
def candidates(job_id: int):
    """Graduates who share their profile with employers, ranked for this job, with the why;
    closed (403, with the reason) while the organisation awaits verification."""
    result = matching.candidates_for(
        current_user, job_id, k=current_app.config["CANDIDATES_SHOWN"], today=site_today()
    )
    return render_template(
        "employers/candidates.html",
        result=result,
        job=result.job,
        invited={}
        if result.awaiting_verification
        else invitations.sent_for_job(current_user, job_id),
        today=site_today(),
        language_names=language_names(),
    ), 403 if result.awaiting_verification else 200


def _refused(job_id: int, error: InvalidInput):
    """Show why a status change was refused on the job's page, with a 400."""
    flash(str(error), "error")
    return _detail_page(jobs.get_own_job(current_user, job_id), 400)


@bp.post("/jobs/<int:job_id>/close")
@role_required(Role.EMPLOYER)
def close_job(job_id: int):
    """Stop taking applications for a job."""
    try:
        job = jobs.close_job(current_user, job_id)
    except InvalidInput as error:
        return _refused(job_id, error)
    flash(_("“%(title)s” is closed.", title=job.title), "success")
    return redirect(url_for("employers.dashboard"))


@bp.post("/jobs/<int:job_id>/reopen")
@role_required(Role.EMPLOYER)
def reopen_job(job_id: int):
    """Open a closed job again."""
    try:
        job = jobs.reopen_job(current_user, job_id, site_today())
    except InvalidInput as error:
        return _refused(job_id, error)
    flash(_("“%(title)s” is open again.", title=job.title), "success")
    return redirect(url_for("employers.dashboard"))
