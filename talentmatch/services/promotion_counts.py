"""What came of career services' promotions: per promotion, how many graduates received it,
opened it, and saved or applied for the opportunity after receiving it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Exists, exists, func, or_, select
from sqlalchemy.orm import selectinload

from talentmatch.extensions import db
from talentmatch.models import (
    Application,
    Interaction,
    InteractionKind,
    Promotion,
    PromotionDelivery,
    User,
)
from talentmatch.services import cohorts


@dataclass(frozen=True)
class PromotionCounts:
    promotion: Promotion
    received: int
    opened: int
    saved: int
    applied: int


def _after_delivery(*conditions: ColumnElement[bool]) -> Exists:
    return exists(
        select(Interaction.id).where(
            Interaction.user_id == PromotionDelivery.user_id,
            Interaction.opportunity_id == PromotionDelivery.opportunity_id,
            Interaction.created_at >= PromotionDelivery.delivered_at,
            *conditions,
        )
    )


def made_by_university(actor: User) -> list[PromotionCounts]:
    """The promotions of the actor's university (every university for administrators), newest
    first, each with how many graduates received, opened, saved and applied after receiving."""
    university_id = cohorts.university_scope(actor)
    applied = or_(
        _after_delivery(Interaction.kind == InteractionKind.APPLY),
        exists(
            select(Application.id).where(
                Application.user_id == PromotionDelivery.user_id,
                Application.opportunity_id == PromotionDelivery.opportunity_id,
                Application.created_at >= PromotionDelivery.delivered_at,
            )
        ),
    )

    def count(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.count(PromotionDelivery.id).filter(condition)

    tally = (
        select(
            PromotionDelivery.promotion_id,
            func.count(PromotionDelivery.id).label("received"),
            count(PromotionDelivery.opened_at.is_not(None)).label("opened"),
            count(_after_delivery(Interaction.kind == InteractionKind.SAVE)).label("saved"),
            count(applied).label("applied"),
        )
        .join(Promotion, Promotion.id == PromotionDelivery.promotion_id)
        .group_by(PromotionDelivery.promotion_id)
    )
    if university_id is not None:
        tally = tally.where(Promotion.university_id == university_id)
    counts = {row.promotion_id: row for row in db.session.execute(tally)}
    query = (
        select(Promotion)
        .options(
            selectinload(Promotion.opportunity),
            selectinload(Promotion.graduate),
            selectinload(Promotion.cohort),
            selectinload(Promotion.university),
        )
        .order_by(Promotion.created_at.desc(), Promotion.id.desc())
    )
    if university_id is not None:
        query = query.where(Promotion.university_id == university_id)
    result = []
    for promotion in db.session.scalars(query):
        row = counts.get(promotion.id)
        result.append(
            PromotionCounts(
                promotion,
                received=row.received if row else 0,
                opened=row.opened if row else 0,
                saved=row.saved if row else 0,
                applied=row.applied if row else 0,
            )
        )
    return result
