"""A graduate's courses, on the `graduates` blueprint: "I'm taking this", and finishing a course
with one confirmation of what it adds to the profile."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from talentmatch.auth.access import role_required
from talentmatch.errors import apply_to_form
from talentmatch.graduates.filters import door_names
from talentmatch.graduates.forms import ConfirmForm
from talentmatch.graduates.views import bp
from talentmatch.models.enums import Role
from talentmatch.services import course_progress
from talentmatch.services.errors import InvalidInput
from talentmatch.site_dates import site_today


def _graduate():
    return current_user._get_current_object()


def _back(course_id: int):
    return redirect(
        url_for("catalogue.detail", opportunity_id=course_id, _anchor="course-progress")
    )


@bp.post("/courses/<int:course_id>/taking")
@role_required(Role.GRADUATE)
def take_course(course_id: int):
    """Note that the graduate is taking the course."""
    course_progress.take(_graduate(), course_id, site_today())
    flash(
        _(
            "Noted: you are taking this course. When you finish it, add what it taught to "
            "your profile here."
        ),
        "success",
    )
    return _back(course_id)


@bp.post("/courses/<int:course_id>/not-taking")
@role_required(Role.GRADUATE)
def stop_taking_course(course_id: int):
    """Take back "I'm taking this"."""
    course_progress.stop_taking(_graduate(), course_id)
    flash(_("All right: you are no longer marked as taking this course."), "info")
    return _back(course_id)


@bp.route("/courses/<int:course_id>/finish", methods=["GET", "POST"])
@role_required(Role.GRADUATE)
def finish_course(course_id: int):
    """Show what finishing the course adds to the profile; add it on confirmation."""
    found = course_progress.completion(_graduate(), course_id)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            course_progress.finish(_graduate(), course_id)
        except InvalidInput as error:
            apply_to_form(form, error)
        else:
            flash(_("Well done! Your profile now shows what the course taught you."), "success")
            return redirect(url_for("graduates.profile"))
    return render_template(
        "graduates/finish_course.html", found=found, form=form, **door_names()
    ), 400 if form.errors or form.form_errors else 200
