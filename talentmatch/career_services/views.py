"""Career services: the dashboard of their university's curated items and graduates."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from talentmatch.auth.access import role_required
from talentmatch.content_language import plain_title
from talentmatch.errors import apply_to_form
from talentmatch.messages.forms import IntroductionForm
from talentmatch.models.enums import Role
from talentmatch.services import career_dashboard, curation
from talentmatch.services import introductions as introduction_service
from talentmatch.services.errors import InvalidInput
from talentmatch.services.introductions import IntroductionInput
from talentmatch.services.submissions import AlreadySubmitted
from talentmatch.site_dates import site_today

bp = Blueprint("career_services", __name__, url_prefix="/career-services")


@bp.get("/")
@role_required(Role.CAREER_SERVICES, Role.ADMIN)
def dashboard():
    """Overview numbers and the programmes, communities and events this team curates."""
    today = site_today()
    overview = career_dashboard.career_services_overview(current_user, today)
    items = curation.list_items_for(current_user)
    return render_template(
        "career_services/dashboard.html",
        overview=overview,
        items=items,
        curated_kinds=curation.CURATED_KINDS,
    )


@bp.route("/introductions", methods=["GET", "POST"])
@role_required(Role.CAREER_SERVICES)
def introductions():
    """Introduce a graduate who shares their profile with us to an employer, with a note; and
    the introductions made so far."""
    today = site_today()
    form = IntroductionForm()
    form.graduate_id.choices = [(0, _("Choose a graduate"))] + [
        (g.id, g.full_name) for g in introduction_service.shared_graduates(current_user)
    ]
    form.organisation_id.choices = [(0, _("Choose an organisation"))] + [
        (o.id, o.name) for o in introduction_service.organisations()
    ]
    form.job_id.choices = [(0, _("No particular job"))] + [
        (job.id, f"{job.provider_name}: {plain_title(job)}")
        for job in introduction_service.open_jobs(today)
    ]
    if form.validate_on_submit():
        data = IntroductionInput(
            graduate_id=form.graduate_id.data,
            organisation_id=form.organisation_id.data,
            job_id=form.job_id.data or None,
            note=form.note.data or "",
        )
        try:
            introduction_service.introduce(
                current_user, data, today, submission_token=form.submission_token.data
            )
        except InvalidInput as error:
            apply_to_form(form, error)
        except AlreadySubmitted:
            flash(_("This form was already sent: the introduction is made."), "info")
            return redirect(url_for("career_services.introductions"))
        else:
            flash(_("Introduction sent: both sides have been told."), "success")
            return redirect(url_for("career_services.introductions"))
    return render_template(
        "career_services/introductions.html",
        form=form,
        made=introduction_service.made_by(current_user),
    ), 400 if form.errors else 200
