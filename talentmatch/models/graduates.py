"""Graduate profiles: studies, skills, languages, where they want to work, permit situation."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Enum, ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from talentmatch.extensions import db
from talentmatch.models.enums import (
    CEFRLevel,
    DegreeLevel,
    Visibility,
    WorkPermit,
    enum_column_values,
)
from talentmatch.models.timestamps import utcnow

if TYPE_CHECKING:
    from talentmatch.models.taxonomy import EscoSkill
    from talentmatch.models.universities import University
    from talentmatch.models.users import User


class GraduateProfile(db.Model):
    __tablename__ = "graduate_profiles"
    __table_args__ = (
        CheckConstraint(
            "graduation_year IS NULL OR graduation_year BETWEEN 1950 AND 2100",
            name="graduation_year_range",
        ),
        CheckConstraint(
            "moved_to_finland_year IS NULL OR moved_to_finland_year BETWEEN 1900 AND 2100",
            name="moved_to_finland_year_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    headline: Mapped[str] = mapped_column(String(160), default="")
    about: Mapped[str] = mapped_column(Text, default="")
    university_id: Mapped[int | None] = mapped_column(
        ForeignKey("universities.id", ondelete="SET NULL"), index=True
    )
    degree_level: Mapped[DegreeLevel | None] = mapped_column(
        Enum(
            DegreeLevel,
            values_callable=enum_column_values,
            native_enum=False,
            length=20,
            name="degree_level",
        )
    )
    field_of_study: Mapped[str] = mapped_column(String(160), default="")
    graduation_year: Mapped[int | None]
    # Only to check target groups such as newcomers; never a question about nationality.
    moved_to_finland_year: Mapped[int | None]
    work_permit: Mapped[WorkPermit | None] = mapped_column(
        Enum(
            WorkPermit,
            values_callable=enum_column_values,
            native_enum=False,
            length=30,
            name="work_permit",
        )
    )
    permit_end_date: Mapped[date | None]
    remote_ok: Mapped[bool] = mapped_column(default=False)
    open_to_full_time: Mapped[bool] = mapped_column(default=True)
    open_to_part_time: Mapped[bool] = mapped_column(default=False)
    open_to_internship: Mapped[bool] = mapped_column(default=False)
    open_to_trainee: Mapped[bool] = mapped_column(default=False)
    visibility: Mapped[Visibility] = mapped_column(
        Enum(
            Visibility,
            values_callable=enum_column_values,
            native_enum=False,
            length=20,
            name="visibility",
        ),
        default=Visibility.PRIVATE,
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(back_populates="profile")
    university: Mapped[University | None] = relationship()
    skills: Mapped[list[ProfileSkill]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", order_by="ProfileSkill.position"
    )
    languages: Mapped[list[ProfileLanguage]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", order_by="ProfileLanguage.id"
    )
    municipalities: Mapped[list[ProfileMunicipality]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", order_by="ProfileMunicipality.id"
    )

    def language_levels(self) -> dict[str, CEFRLevel]:
        return {lang.code: CEFRLevel(lang.level) for lang in self.languages}

    def __repr__(self) -> str:
        return f"<GraduateProfile user={self.user_id}>"


class ProfileSkill(db.Model):
    """An ESCO skill, or free text when no ESCO skill fits (then `skill_id` is NULL)."""

    __tablename__ = "profile_skills"
    # A skill once per profile, one per position: concurrent saves cannot double the list.
    __table_args__ = (
        UniqueConstraint("profile_id", "skill_id", name="uq_profile_skills_profile_skill"),
        UniqueConstraint("profile_id", "position", name="uq_profile_skills_profile_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("graduate_profiles.id", ondelete="CASCADE"), index=True
    )
    skill_id: Mapped[int | None] = mapped_column(
        ForeignKey("esco_skills.id", ondelete="SET NULL"), index=True
    )
    label: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(default=0)

    profile: Mapped[GraduateProfile] = relationship(back_populates="skills")
    skill: Mapped[EscoSkill | None] = relationship()


class ProfileLanguage(db.Model):
    __tablename__ = "profile_languages"
    __table_args__ = (
        UniqueConstraint("profile_id", "code", name="uq_profile_languages_profile_code"),
        CheckConstraint("level BETWEEN 1 AND 7", name="level_cefr"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("graduate_profiles.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(2))  # ISO 639-1
    level: Mapped[int]  # CEFRLevel value: A1=1 … C2=6, native=7

    profile: Mapped[GraduateProfile] = relationship(back_populates="languages")

    @property
    def cefr(self) -> CEFRLevel:
        return CEFRLevel(self.level)


class ProfileMunicipality(db.Model):
    __tablename__ = "profile_municipalities"
    __table_args__ = (
        UniqueConstraint("profile_id", "name", name="uq_profile_municipalities_profile_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("graduate_profiles.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))

    profile: Mapped[GraduateProfile] = relationship(back_populates="municipalities")


def _touch_changed_profiles(session: Session, flush_context: object, instances: object) -> None:
    """A profile's skills, languages and places are part of it: adding, changing or removing
    one moves the profile's `updated_at`, which the matching engine follows (on every host)
    to know which candidates changed."""
    touched: set[GraduateProfile] = set()
    for item in (*session.new, *session.dirty):
        if isinstance(item, GraduateProfile) and session.is_modified(item):
            touched.add(item)
        elif isinstance(item, ProfileSkill | ProfileLanguage | ProfileMunicipality):
            if item.profile is not None:
                touched.add(item.profile)
    for profile in touched:
        profile.updated_at = utcnow()


event.listen(db.session, "before_flush", _touch_changed_profiles)
