"""Organisations: employers with a Finnish business ID, and catalogue providers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Enum, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.extensions import db
from talentmatch.models.enums import OrganisationSize, enum_column_values
from talentmatch.models.timestamps import utcnow


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Y-tunnus, e.g. 0112038-9; catalogue providers registered by an admin may have none.
    business_id: Mapped[str | None] = mapped_column(String(9), unique=True)
    industry: Mapped[str | None] = mapped_column(String(120))
    size: Mapped[OrganisationSize | None] = mapped_column(
        Enum(
            OrganisationSize,
            values_callable=enum_column_values,
            native_enum=False,
            length=20,
            name="organisation_size",
        )
    )
    website: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    verified: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Organisation {self.name}>"
