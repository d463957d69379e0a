"""The cohort view of career services: their consenting graduates filtered by a cohort's
criteria, each with their current matches; the same list as a CSV of what the graduates agreed
to share with career services, and nothing more (no email, no about text, no CV)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from talentmatch.extensions import db
from talentmatch.models import EscoSkill, GraduateProfile, ProfileSkill, User
from talentmatch.services import audit, match_summaries
from talentmatch.services.cohorts import (
    CohortCriteria,
    members_query,
    sharing_profiles,
    university_scope,
)
from talentmatch.services.match_summaries import Summary
from talentmatch.services.skill_labels import skill_label

PER_PAGE = 50
# A spreadsheet runs a cell beginning with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CohortRow:
    profile: GraduateProfile
    summary: Summary | None

    @property
    def user(self) -> User:
        return self.profile.user


@dataclass(frozen=True)
class CohortPage:
    rows: list[CohortRow]
    pagination: Pagination
    criteria: CohortCriteria
    matches_ready: bool  # False while the engine is fitted for the first time
    all_universities: bool  # administrators: every university, with a university column


def _with_details(query):
    return query.options(
        selectinload(GraduateProfile.user),
        selectinload(GraduateProfile.university),
        selectinload(GraduateProfile.languages),
        selectinload(GraduateProfile.municipalities),
        selectinload(GraduateProfile.skills).selectinload(ProfileSkill.skill),
    )


def page(actor: User, criteria: CohortCriteria, page_number: int, today: date) -> CohortPage:
    """One page of the graduates the actor may see who meet the criteria, by name; those shown
    with no summary of today get one computed now, so no row is more than a day old."""
    university_id = university_scope(actor)
    pagination = db.paginate(
        _with_details(members_query(university_id, criteria)),
        page=page_number,
        per_page=PER_PAGE,
        error_out=False,
    )
    profiles: list[GraduateProfile] = list(pagination.items)
    ids = [p.user_id for p in profiles]
    stale = match_summaries.missing_today(ids, today)
    ready = match_summaries.refresh(stale, today) if stale else True
    summaries = match_summaries.current(ids)
    return CohortPage(
        rows=[CohortRow(p, summaries.get(p.user_id)) for p in profiles],
        pagination=pagination,
        criteria=criteria,
        matches_ready=ready,
        all_universities=university_id is None,
    )


def skills_held(actor: User) -> list[EscoSkill]:
    """ESCO skills held by the graduates the actor may see: the skills a cohort can ask for."""
    university_id = university_scope(actor)
    profile_ids = sharing_profiles(university_id).with_only_columns(GraduateProfile.id)
    return list(
        db.session.scalars(
            select(EscoSkill)
            .join(ProfileSkill, ProfileSkill.skill_id == EscoSkill.id)
            .where(ProfileSkill.profile_id.in_(profile_ids))
            .distinct()
            .order_by(EscoSkill.label_en, EscoSkill.id)
        )
    )


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: one that would run as a formula gets a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _where(profile: GraduateProfile) -> str:
    places = [m.name for m in profile.municipalities]
    if profile.remote_ok:
        places.append(_("Remote"))
    return ", ".join(places)


def _open_to(profile: GraduateProfile) -> str:
    wanted = (
        (_("Full-time"), profile.open_to_full_time),
        (_("Part-time"), profile.open_to_part_time),
        (_("Internship"), profile.open_to_internship),
        (_("Trainee"), profile.open_to_trainee),
    )
    return ", ".join(label for label, yes in wanted if yes)


def _languages(profile: GraduateProfile) -> str:
    return ", ".join(f"{lang.code} {lang.cefr.label}" for lang in profile.languages)


def export_csv(actor: User, criteria: CohortCriteria, locale: str = "en") -> str:
    """The graduates meeting the criteria as CSV (a header row only when there is none), and an
    audit event saying who exported how many. Skills are named in `locale`."""
    university_id = university_scope(actor)
    profiles = list(db.session.scalars(_with_details(members_query(university_id, criteria))))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Name"),
            _("University"),
            _("Degree level"),
            _("Field of study"),
            _("Graduation year"),
            _("Skills"),
            _("Languages"),
            _("Permit situation"),
            _("Where they want to work"),
            _("Open to"),
        ]
    )
    for profile in profiles:
        writer.writerow(
            safe_cell(value)
            for value in (
                profile.user.full_name,
                profile.university.name if profile.university else "",
                profile.degree_level.label if profile.degree_level else "",
                profile.field_of_study,
                profile.graduation_year or "",
                ", ".join(skill_label(s, locale).text for s in profile.skills),
                _languages(profile),
                profile.work_permit.label if profile.work_permit else "",
                _where(profile),
                _open_to(profile),
            )
        )
    audit.record(
        audit.AuditEventKind.COHORT_EXPORTED,
        actor,
        rows=len(profiles),
        criteria=criteria.to_json(),
    )
    db.session.commit()
    return out.getvalue()
