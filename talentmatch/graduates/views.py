"""A graduate's own profile: viewing it and editing it."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from talentmatch.auth.access import role_required
from talentmatch.errors import apply_to_form
from talentmatch.form_fields import language_names, language_rows
from talentmatch.graduates.forms import VISIBILITY_EXPLANATIONS, ProfileForm
from talentmatch.models import GraduateProfile, User
from talentmatch.models.enums import HELSINKI_REGION, DegreeLevel, Role, Visibility, WorkPermit
from talentmatch.services import profiles, universities
from talentmatch.services.errors import InvalidInput
from talentmatch.services.skills import SkillsInput

bp = Blueprint("graduates", __name__, url_prefix="/graduates")


@bp.get("/profile")
@role_required(Role.GRADUATE)
def profile():
    """The graduate's own profile, as career services and employers would see it."""
    own = profiles.get_profile(_graduate())
    return render_template(
        "graduates/profile.html",
        profile=own,
        missing=profiles.missing_sections(own),
        language_names=language_names(str(get_locale() or "en")),
        visibility_explanations=VISIBILITY_EXPLANATIONS,
    )


@bp.route("/profile/edit", methods=["GET", "POST"])
@role_required(Role.GRADUATE)
def edit_profile():
    """Edit studies, skills, languages, places, permit situation and visibility."""
    own = profiles.get_profile(_graduate())
    form = ProfileForm() if request.method == "POST" else ProfileForm(data=_form_data(own))
    form.university_id.choices = [(0, _("Not listed / not applicable"))] + [
        (u.id, u.name) for u in universities.list_universities()
    ]
    if form.validate_on_submit():
        try:
            profiles.update_profile(_graduate(), _profile_input(form), date.today())
        except InvalidInput as error:
            apply_to_form(form, error)
        else:
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("graduates.profile"))
    form.add_blank_language_rows()
    return render_template(
        "graduates/edit_profile.html",
        form=form,
        helsinki_region=HELSINKI_REGION,
        visibility_explanations=VISIBILITY_EXPLANATIONS,
    ), 400 if form.errors else 200


def _graduate() -> User:
    """The signed-in graduate as the model object the services expect."""
    return current_user._get_current_object()


def _form_data(profile: GraduateProfile) -> dict[str, object]:
    """The saved profile as the form's initial values."""
    return {
        "headline": profile.headline,
        "about": profile.about,
        "university_id": profile.university_id or 0,
        "degree_level": profile.degree_level.value if profile.degree_level else "",
        "field_of_study": profile.field_of_study,
        "graduation_year": profile.graduation_year,
        "skills": profiles.skill_choices(profile),
        "languages": [{"code": lang.code, "level": lang.cefr.name} for lang in profile.languages],
        "municipalities": [m.name for m in profile.municipalities],
        "remote_ok": profile.remote_ok,
        "work_permit": profile.work_permit.value if profile.work_permit else None,
        "permit_end_date": profile.permit_end_date,
        "open_to_full_time": profile.open_to_full_time,
        "open_to_part_time": profile.open_to_part_time,
        "open_to_internship": profile.open_to_internship,
        "open_to_trainee": profile.open_to_trainee,
        "visibility": profile.visibility.value,
    }


def _profile_input(form: ProfileForm) -> profiles.ProfileInput:
    """The submitted form as plain values for the service."""
    return profiles.ProfileInput(
        headline=form.headline.data or "",
        about=form.about.data or "",
        university_id=form.university_id.data or None,
        degree_level=DegreeLevel(form.degree_level.data) if form.degree_level.data else None,
        field_of_study=form.field_of_study.data or "",
        graduation_year=form.graduation_year.data,
        skills=SkillsInput(tuple(form.skills.tokens), form.skills.typed),
        languages=language_rows(form.languages),
        municipalities=list(form.municipalities.data or []),
        remote_ok=form.remote_ok.data,
        work_permit=WorkPermit(form.work_permit.data) if form.work_permit.data else None,
        permit_end_date=form.permit_end_date.data,
        open_to_full_time=form.open_to_full_time.data,
        open_to_part_time=form.open_to_part_time.data,
        open_to_internship=form.open_to_internship.data,
        open_to_trainee=form.open_to_trainee.data,
        visibility=Visibility(form.visibility.data),
    )
