"""What would open more doors, on the `graduates` blueprint: the jobs the next level of a
language, or one skill, would make good or strong fits for the graduate."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from talentmatch.auth.access import role_required
from talentmatch.graduates.filters import door_names, for_you_filters
from talentmatch.graduates.views import bp
from talentmatch.models.enums import Role
from talentmatch.services import course_gaps, doors
from talentmatch.site_dates import site_today


def _page(opened: doors.Opened, filters, query: dict[str, str]):
    courses = course_gaps.courses_for_door(
        current_user._get_current_object(), opened.door, filters, site_today(), limit=10
    )
    return render_template(
        "graduates/doors.html", opened=opened, courses=courses, query=query, **door_names()
    )


@bp.get("/doors/languages/<code>")
@role_required(Role.GRADUATE)
def language_door(code: str):
    """The jobs the next level of a language would make good or strong fits."""
    _form, filters, query = for_you_filters()
    opened = doors.opened_by_language(
        current_user._get_current_object(), code, filters, site_today()
    )
    return _page(opened, filters, query)


@bp.get("/doors/skills/<int:skill_id>")
@role_required(Role.GRADUATE)
def skill_door(skill_id: int):
    """The jobs one skill would make good or strong fits."""
    _form, filters, query = for_you_filters()
    opened = doors.opened_by_skill(
        current_user._get_current_object(), skill_id, filters, site_today()
    )
    return _page(opened, filters, query)
