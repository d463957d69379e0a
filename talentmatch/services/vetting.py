"""Vetting: an employer's jobs are listed, and its candidates shown, only once an administrator
has verified its organisation.

Until then its jobs stay out of the catalogue, search, "For you" and the matching engine, and
their pages answer only the organisation's own employers and administrators. Programmes,
communities and events are curated by career services and administrators, so they are listed
whatever their provider.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, or_, select

from talentmatch.extensions import db
from talentmatch.models import Opportunity, OpportunityKind, Organisation, User
from talentmatch.signals import announce_opportunity_changed


def listed() -> ColumnElement[bool]:
    """SQL: the opportunity may be shown to people outside its organisation."""
    verified_organisation = exists(
        select(Organisation.id).where(
            Organisation.id == Opportunity.organisation_id, Organisation.verified.is_(True)
        )
    )
    return or_(Opportunity.kind != OpportunityKind.JOB, verified_organisation)


def is_listed(opportunity: Opportunity) -> bool:
    """The opportunity may be shown to people outside its organisation."""
    if opportunity.kind is not OpportunityKind.JOB:
        return True
    return opportunity.organisation is not None and opportunity.organisation.verified


def organisation_verified(actor: User) -> bool:
    """Whether the employer's organisation has been verified by an administrator."""
    return actor.organisation is not None and actor.organisation.verified


def announce_jobs_changed(organisation_id: int) -> None:
    """After (un)verifying: the organisation's jobs enter, or leave, the matching engine at once."""
    job_ids = db.session.scalars(
        select(Opportunity.id).where(
            Opportunity.organisation_id == organisation_id,
            Opportunity.kind == OpportunityKind.JOB,
        )
    ).all()
    for job_id in job_ids:
        announce_opportunity_changed(job_id)
