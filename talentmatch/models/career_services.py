"""What a university's career services keep: saved cohorts of their graduates, the
opportunities they promote with a note, who received each promotion, and a daily summary of
each graduate's strong matches (the cohort view and the coverage chart read it)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentmatch.extensions import db
from talentmatch.models.timestamps import utcnow

if TYPE_CHECKING:
    from talentmatch.models.opportunities import Opportunity
    from talentmatch.models.universities import University
    from talentmatch.models.users import User


class Cohort(db.Model):
    """A saved filter over one university's consenting graduates (services/cohorts.py reads
    `criteria`); who belongs is decided each time, so graduates who join later are in it."""

    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    university_id: Mapped[int] = mapped_column(
        ForeignKey("universities.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    criteria: Mapped[str] = mapped_column(Text, default="{}")  # JSON of CohortCriteria
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    university: Mapped[University] = relationship()

    def __repr__(self) -> str:
        return f"<Cohort {self.id} {self.name!r}>"


class Promotion(db.Model):
    """An opportunity recommended by a university's career services, with a note, to one
    graduate or to a cohort (then also to graduates who join the cohort later)."""

    __tablename__ = "promotions"
    __table_args__ = (
        CheckConstraint(
            "(graduate_id IS NULL) <> (cohort_id IS NULL)", name="one_graduate_or_cohort"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    university_id: Mapped[int] = mapped_column(
        ForeignKey("universities.id", ondelete="CASCADE"), index=True
    )
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    graduate_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    university: Mapped[University] = relationship()
    opportunity: Mapped[Opportunity] = relationship()
    graduate: Mapped[User | None] = relationship(foreign_keys=[graduate_id])
    cohort: Mapped[Cohort | None] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    deliveries: Mapped[list[PromotionDelivery]] = relationship(
        back_populates="promotion", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Promotion {self.id} of {self.opportunity_id}>"


class PromotionDelivery(db.Model):
    """A promotion received by one graduate. An opportunity reaches a graduate through at most
    one promotion, whoever promotes it again: the database refuses a second delivery."""

    __tablename__ = "promotion_deliveries"
    __table_args__ = (
        UniqueConstraint("user_id", "opportunity_id", name="uq_promotion_deliveries_user_opp"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    promotion_id: Mapped[int] = mapped_column(
        ForeignKey("promotions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    delivered_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_at: Mapped[datetime | None]

    promotion: Mapped[Promotion] = relationship(back_populates="deliveries")
    user: Mapped[User] = relationship()


class MatchSummary(db.Model):
    """A graduate's strong matches on one day: how many, and the best few as JSON
    ([{"opportunity_id", "title", "kind", "band"}]). One row per graduate per day; the newest
    is current, the history draws match coverage over time."""

    __tablename__ = "match_summaries"
    __table_args__ = (
        UniqueConstraint("user_id", "computed_on", name="uq_match_summaries_user_day"),
        Index("ix_match_summaries_day", "computed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    computed_on: Mapped[date]
    strong_matches: Mapped[int] = mapped_column(default=0)
    top: Mapped[str] = mapped_column(Text, default="[]")
    # What would open more doors that day, as JSON: {"languages": {code: jobs},
    # "skills": {ESCO uri: jobs}} (only steps that open at least one job).
    gaps: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
