"""An opportunity's title and description in a language other than the one it was written in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentmatch.extensions import db

if TYPE_CHECKING:
    from talentmatch.models.opportunities import Opportunity

# The languages an opportunity can be written or translated in: the interface languages.
CONTENT_LANGUAGES = ("en", "fi", "sv")


class OpportunityText(db.Model):
    """One translation; the original stays on the opportunity (Opportunity.written_in)."""

    __tablename__ = "opportunity_texts"
    __table_args__ = (
        UniqueConstraint("opportunity_id", "locale", name="uq_opportunity_texts_opp_locale"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    locale: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

    opportunity: Mapped[Opportunity] = relationship(back_populates="texts")

    def __repr__(self) -> str:
        return f"<OpportunityText {self.locale} {self.title!r}>"
