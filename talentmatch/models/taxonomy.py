"""ESCO skills, loaded from the extracts in talentmatch/data/ by `flask import-esco`."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.extensions import db


class EscoSkill(db.Model):
    __tablename__ = "esco_skills"

    id: Mapped[int] = mapped_column(primary_key=True)
    uri: Mapped[str] = mapped_column(String(120), unique=True)
    # Indexed: explanations name skills by their English label (services.skill_labels).
    label_en: Mapped[str] = mapped_column(String(300), index=True)
    label_fi: Mapped[str] = mapped_column(String(300))
    label_sv: Mapped[str] = mapped_column(String(300))
    alt_labels_en: Mapped[str] = mapped_column(Text, default="")
    skill_type: Mapped[str] = mapped_column(String(30), default="")
    # Lower-cased labels in every language, one per line: what autocomplete searches.
    search_text: Mapped[str] = mapped_column(Text, default="")

    def label(self, locale: str = "en") -> str:
        return {"fi": self.label_fi, "sv": self.label_sv}.get(locale) or self.label_en

    def __repr__(self) -> str:
        return f"<EscoSkill {self.label_en}>"
