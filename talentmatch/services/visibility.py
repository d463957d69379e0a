"""Who may see an opportunity: anyone when it is open and listed; its owners (and
administrators) when it is a draft, closed, or a job of an organisation not yet verified."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from talentmatch.extensions import db
from talentmatch.models import Opportunity, OpportunitySkill, OpportunityStatus, Role, User
from talentmatch.services.errors import NotFound
from talentmatch.services.vetting import is_listed


def can_manage(viewer: User | None, opportunity: Opportunity) -> bool:
    """The opportunity's owners: its organisation's employers, its university's career
    services, and administrators."""
    if viewer is None or not viewer.is_authenticated:
        return False
    if viewer.role is Role.ADMIN:
        return True
    if viewer.role is Role.EMPLOYER:
        return (
            opportunity.organisation_id is not None
            and viewer.organisation_id == opportunity.organisation_id
        )
    if viewer.role is Role.CAREER_SERVICES:
        return (
            opportunity.university_id is not None
            and viewer.university_id == opportunity.university_id
        )
    return False


def get_visible(opportunity_id: int, viewer: User | None) -> Opportunity:
    """An open, listed opportunity for anyone; a draft, a closed one or a job of an organisation
    not yet verified only for its owners (and administrators)."""
    opportunity = db.session.scalar(
        select(Opportunity)
        .where(Opportunity.id == opportunity_id)
        .options(
            selectinload(Opportunity.skills).selectinload(OpportunitySkill.skill),
            selectinload(Opportunity.languages),
            selectinload(Opportunity.organisation),
            selectinload(Opportunity.university),
            selectinload(Opportunity.eligible_universities),
        )
    )
    if opportunity is None:
        raise NotFound()
    public = opportunity.status is OpportunityStatus.OPEN and is_listed(opportunity)
    if not public and not can_manage(viewer, opportunity):
        raise NotFound()
    return opportunity
