"""Opportunities of every kind: reading the catalogue."""

from __future__ import annotations

from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import Opportunity, OpportunityKind, OpportunityStatus


def latest_open(limit: int = 6) -> list[Opportunity]:
    return list(
        db.session.scalars(
            select(Opportunity)
            .where(Opportunity.status == OpportunityStatus.OPEN)
            .order_by(Opportunity.created_at.desc(), Opportunity.id.desc())
            .limit(limit)
        )
    )


def open_counts_by_kind() -> dict[OpportunityKind, int]:
    rows = db.session.execute(
        select(Opportunity.kind, func.count())
        .where(Opportunity.status == OpportunityStatus.OPEN)
        .group_by(Opportunity.kind)
    )
    return {kind: count for kind, count in rows}
