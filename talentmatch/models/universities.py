"""Universities whose career services curate and promote opportunities."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.extensions import db


class University(db.Model):
    __tablename__ = "universities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(40))
    municipality: Mapped[str] = mapped_column(String(80))
    website: Mapped[str | None] = mapped_column(String(300))

    def __repr__(self) -> str:
        return f"<University {self.short_name}>"
