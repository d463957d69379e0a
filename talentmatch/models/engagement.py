"""What graduates do with opportunities: the feedback the recommender and analytics read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.extensions import db
from talentmatch.models.enums import InteractionKind, enum_column_values
from talentmatch.models.timestamps import utcnow


class Interaction(db.Model):
    __tablename__ = "interactions"
    __table_args__ = (Index("ix_interactions_user_opportunity", "user_id", "opportunity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[InteractionKind] = mapped_column(
        Enum(
            InteractionKind,
            values_callable=enum_column_values,
            native_enum=False,
            length=20,
            name="interaction_kind",
        )
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
