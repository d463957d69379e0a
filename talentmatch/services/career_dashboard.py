"""The career-services dashboard's numbers: open items by kind, drafts, and graduates who
share their profile with the team."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, func, select

from talentmatch.extensions import db
from talentmatch.models import (
    GraduateProfile,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    Role,
    University,
    User,
    Visibility,
)
from talentmatch.services.curation import CURATED_KINDS, check_curator


@dataclass(frozen=True)
class CareerServicesOverview:
    university: University | None
    open_by_kind: dict[OpportunityKind, int]
    drafts: int
    sharing_graduates: int


def career_services_overview(actor: User, today: date) -> CareerServicesOverview:
    """Dashboard numbers: the actor's items open today by kind (as the catalogue lists them),
    drafts, and graduates who share their profile (administrators see every university)."""
    check_curator(actor)
    scope: list[ColumnElement[bool]] = [Opportunity.kind.in_(CURATED_KINDS)]
    graduates: list[ColumnElement[bool]] = [
        GraduateProfile.visibility.in_([Visibility.CAREER_SERVICES, Visibility.EMPLOYERS])
    ]
    if actor.role is Role.CAREER_SERVICES:
        scope.append(Opportunity.university_id == actor.university_id)
        graduates.append(GraduateProfile.university_id == actor.university_id)
    open_by_kind = {kind: 0 for kind in CURATED_KINDS}
    rows = db.session.execute(
        select(Opportunity.kind, func.count())
        .where(and_(*scope), Opportunity.open_on(today))
        .group_by(Opportunity.kind)
    )
    open_by_kind.update({kind: count for kind, count in rows})
    drafts = db.session.scalar(
        select(func.count())
        .select_from(Opportunity)
        .where(and_(*scope), Opportunity.status == OpportunityStatus.DRAFT)
    )
    sharing = db.session.scalar(
        select(func.count()).select_from(GraduateProfile).where(and_(*graduates))
    )
    return CareerServicesOverview(
        university=actor.university if actor.role is Role.CAREER_SERVICES else None,
        open_by_kind=open_by_kind,
        drafts=drafts or 0,
        sharing_graduates=sharing or 0,
    )
