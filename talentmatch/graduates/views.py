"""A graduate's own pages: the profile, "For you" with its feedback buttons, saved and hidden
items."""

from __future__ import annotations

import re

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from talentmatch.auth.access import role_required
from talentmatch.auth.views import safe_next
from talentmatch.content_language import plain_title, reader_locale
from talentmatch.errors import apply_to_form
from talentmatch.form_fields import language_names, language_rows
from talentmatch.graduates.filters import door_names, for_you_filters
from talentmatch.graduates.forms import VISIBILITY_EXPLANATIONS, ProfileForm
from talentmatch.models import GraduateProfile, InteractionKind, User
from talentmatch.models.enums import HELSINKI_REGION, DegreeLevel, Role, Visibility, WorkPermit
from talentmatch.services import (
    applications,
    course_gaps,
    doors,
    engagement,
    matching,
    profiles,
    universities,
)
from talentmatch.services.errors import InvalidInput
from talentmatch.services.skills import SkillsInput
from talentmatch.site_dates import site_today

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
        visibility_explanations=VISIBILITY_EXPLANATIONS,
        doors=doors.doors_for(_graduate(), today=site_today()),
        door_query={},
        **door_names(),
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
    suggestions: list[matching.SkillSuggestion] | None = None
    if request.method == "POST" and form.suggest_skills.data:
        # Suggesting saves nothing: the page comes back with the form as it was sent.
        if form.cv_text.validate(form):
            try:
                found = matching.suggest_skills(form.cv_text.data or "", locale=reader_locale())
            except InvalidInput as error:
                apply_to_form(form, error)
            else:
                suggestions = _new_suggestions(form, found)
    elif form.validate_on_submit():
        try:
            profiles.update_profile(_graduate(), _profile_input(form), site_today())
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
        suggestions=suggestions,
    ), 400 if form.errors else 200


def _new_suggestions(
    form: ProfileForm, found: list[matching.SkillSuggestion]
) -> list[matching.SkillSuggestion]:
    """Suggestions the graduate has not already picked."""
    picked = set(form.skills.tokens)
    return [s for s in found if s.token not in picked]


@bp.get("/for-you")
@role_required(Role.GRADUATE)
def for_you():
    """Jobs, programmes, communities and events ranked for the graduate, each with its why."""
    form, filters, query = for_you_filters()
    seen = matching.reading_of(_graduate())  # the lanes, doors and courses read it once
    page = matching.for_you(
        _graduate(),
        filters,
        per_lane=current_app.config["FOR_YOU_PER_LANE"],
        today=site_today(),
        seen=seen,
    )
    found = doors.doors_for(_graduate(), filters, site_today(), seen=seen)
    by_door = course_gaps.courses_by_door(_graduate(), found, filters, site_today(), seen=seen)
    return render_template(
        "graduates/for_you.html",
        page=page,
        form=form,
        applied=applications.applications_by_opportunity(_graduate()),
        doors=found,
        door_query=query,
        door_courses={key: items[:2] for key, items in by_door.items()},
        course_lane=course_gaps.course_lane(by_door),
        **door_names(),
    )


@bp.get("/saved")
@role_required(Role.GRADUATE)
def saved():
    """The opportunities the graduate saved."""
    return render_template(
        "graduates/saved.html",
        saved=engagement.saved_for(_graduate()),
        applied=applications.applications_by_opportunity(_graduate()),
        today=site_today(),
        language_names=language_names(str(get_locale() or "en")),
    )


@bp.get("/hidden")
@role_required(Role.GRADUATE)
def hidden():
    """What the graduate hid or marked "not interested", each of which can be un-hidden."""
    return render_template(
        "graduates/hidden.html",
        hidden=engagement.hidden_for(_graduate()),
        language_names=language_names(str(get_locale() or "en")),
    )


# An element id on the page a feedback button came from (e.g. "save-12", "opportunity-14").
FOCUS_TARGET = re.compile(r"[a-z][a-z0-9-]{0,63}")


def _back():
    """Back to the page the button was on, at the element that should have the focus now."""
    target = safe_next(request.args.get("next")) or url_for("graduates.for_you")
    focus = request.form.get("focus", "")
    if FOCUS_TARGET.fullmatch(focus):
        target = f"{target.partition('#')[0]}#{focus}"
    return redirect(target)


@bp.post("/opportunities/<int:opportunity_id>/save")
@role_required(Role.GRADUATE)
def save(opportunity_id: int):
    """Keep an opportunity on the saved list; similar ones rise in "For you"."""
    opportunity = engagement.record(_graduate(), opportunity_id, InteractionKind.SAVE, site_today())
    flash(_("Saved “%(title)s”.", title=plain_title(opportunity)), "success")
    return _back()


@bp.post("/opportunities/<int:opportunity_id>/unsave")
@role_required(Role.GRADUATE)
def unsave(opportunity_id: int):
    """Take an opportunity off the saved list."""
    opportunity = engagement.unsave(_graduate(), opportunity_id)
    flash(_("“%(title)s” is no longer saved.", title=plain_title(opportunity)), "success")
    return _back()


@bp.post("/opportunities/<int:opportunity_id>/hide")
@role_required(Role.GRADUATE)
def hide(opportunity_id: int):
    """Never show this opportunity in "For you" again."""
    opportunity = engagement.record(_graduate(), opportunity_id, InteractionKind.HIDE, site_today())
    flash(
        _("“%(title)s” is hidden: you will not see it here again.", title=plain_title(opportunity)),
        "success",
    )
    return _back()


@bp.post("/opportunities/<int:opportunity_id>/unhide")
@role_required(Role.GRADUATE)
def unhide(opportunity_id: int):
    """Take back a hide or "not interested": it may appear in "For you" again."""
    opportunity = engagement.unhide(_graduate(), opportunity_id)
    flash(
        _(
            "“%(title)s” is no longer hidden and may appear in For you again.",
            title=plain_title(opportunity),
        ),
        "success",
    )
    return _back()


@bp.post("/opportunities/<int:opportunity_id>/not-interested")
@role_required(Role.GRADUATE)
def not_interested(opportunity_id: int):
    """Hide this opportunity and show fewer like it."""
    opportunity = engagement.record(
        _graduate(), opportunity_id, InteractionKind.NOT_INTERESTED, site_today()
    )
    flash(
        _(
            "Noted: you will see fewer opportunities like “%(title)s”.",
            title=plain_title(opportunity),
        ),
        "success",
    )
    return _back()


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
        "moved_to_finland_year": profile.moved_to_finland_year,
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
        moved_to_finland_year=form.moved_to_finland_year.data,
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
