"""Opportunities of every kind (job, programme, community, event, course) in one table, with who
they are for and their lifecycle: draft, open until its deadline (an event until it ends, a dated
course until the day it starts), closed."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ColumnElement,
    Enum,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    func,
    or_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentmatch.extensions import db
from talentmatch.models.enums import (
    CEFRLevel,
    CourseCost,
    CourseFormat,
    DegreeLevel,
    EmploymentType,
    OpportunityKind,
    OpportunityStatus,
    RemoteMode,
    TargetGroup,
    WorkPermit,
    enum_column_values,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.models.value_lists import ValueList

if TYPE_CHECKING:
    from talentmatch.models.opportunity_texts import OpportunityText
    from talentmatch.models.organisations import Organisation
    from talentmatch.models.taxonomy import EscoSkill
    from talentmatch.models.universities import University
    from talentmatch.models.users import User


def _enum(enum_cls: type, name: str, length: int = 20) -> Enum:
    return Enum(
        enum_cls, values_callable=enum_column_values, native_enum=False, length=length, name=name
    )


# Students and alumni of these universities may take part (no rows: any university).
opportunity_universities = Table(
    "opportunity_universities",
    db.metadata,
    Column(
        "opportunity_id",
        ForeignKey("opportunities.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "university_id",
        ForeignKey("universities.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class LifecycleRefused(Exception):
    """A status change the opportunity's status or dates do not allow; services report it as
    invalid input on `field`."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _start_of(day: date) -> datetime:
    """Midnight UTC starting `day`, to compare with the stored naive-UTC event times."""
    return datetime.combine(day, time.min)


def course_day(day: date) -> datetime:
    """A course's first or last day as stored in `starts_at`/`ends_at`: its midnight UTC,
    which is the same calendar day in Helsinki, so the day shows as given."""
    return _start_of(day)


# A course taught in a language asks this much of it from its participants, unless the
# language is the one it teaches (a Finnish course taught in Finnish starts where level_from is).
COURSE_INSTRUCTION_LEVEL = CEFRLevel.B1

# Every course column, NULL on the other kinds.
_COURSE_COLUMNS = (
    "instruction_language",
    "teaches_language",
    "level_from",
    "level_to",
    "cost",
    "price_eur",
    "course_format",
    "self_paced",
    "details_checked_on",
)


class Opportunity(db.Model):
    """Kind-specific columns (salary, sponsorship, event dates, capacity, course facts) are NULL
    elsewhere.

    A course keeps `starts_at`/`ends_at` as its first and last day (`course_day`) unless it is
    self-paced, and teaches a language (`teaches_language` from `level_from`, NULL = from
    scratch, to `level_to`) or skills. The skills a course teaches are its `skills` rows, all
    stored with `required` True (a course has no nice-to-have list), so `taught_skills`,
    `required_skills` and `skills` are the same rows for a course.
    """

    __tablename__ = "opportunities"
    __table_args__ = (
        CheckConstraint(
            "salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max",
            name="salary_range",
        ),
        CheckConstraint(
            "starts_at IS NULL OR ends_at IS NULL OR starts_at <= ends_at", name="event_dates"
        ),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint(
            "max_years_since_graduation IS NULL OR max_years_since_graduation >= 0",
            name="max_years_since_graduation_positive",
        ),
        CheckConstraint(
            "kind = 'course' OR ("
            + " AND ".join(f"{column} IS NULL" for column in _COURSE_COLUMNS)
            + ")",
            name="course_columns_only_on_courses",
        ),
        CheckConstraint(
            "kind <> 'course' OR (instruction_language IS NOT NULL AND cost IS NOT NULL "
            "AND course_format IS NOT NULL AND self_paced IS NOT NULL)",
            name="course_facts_given",
        ),
        CheckConstraint(
            "self_paced IS NULL OR (self_paced AND starts_at IS NULL AND ends_at IS NULL) "
            "OR (NOT self_paced AND starts_at IS NOT NULL)",
            name="course_self_paced_or_dated",
        ),
        CheckConstraint(
            "(level_from IS NULL OR level_from BETWEEN 1 AND 6) "
            "AND (level_to IS NULL OR level_to BETWEEN 1 AND 6) "
            "AND (level_from IS NULL OR level_to IS NULL OR level_to > level_from)",
            name="course_levels",
        ),
        CheckConstraint(
            "teaches_language IS NULL OR level_to IS NOT NULL", name="language_course_level_to"
        ),
        CheckConstraint(
            "teaches_language IS NOT NULL OR (level_from IS NULL AND level_to IS NULL)",
            name="course_levels_need_language",
        ),
        CheckConstraint(
            "price_eur IS NULL OR (price_eur >= 0 AND cost = 'paid')", name="course_price"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OpportunityKind] = mapped_column(_enum(OpportunityKind, "opportunity_kind"))
    status: Mapped[OpportunityStatus] = mapped_column(
        _enum(OpportunityStatus, "opportunity_status"), default=OpportunityStatus.DRAFT, index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # The language the title and description are written in; `texts` may translate them.
    written_in: Mapped[str] = mapped_column(String(5), default="en", server_default="en")
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    university_id: Mapped[int | None] = mapped_column(
        ForeignKey("universities.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    municipality: Mapped[str | None] = mapped_column(String(80), index=True)
    remote_mode: Mapped[RemoteMode] = mapped_column(
        _enum(RemoteMode, "remote_mode"), default=RemoteMode.ON_SITE
    )
    url: Mapped[str | None] = mapped_column(String(500))
    deadline: Mapped[date | None]
    # Jobs
    employment_type: Mapped[EmploymentType | None] = mapped_column(
        _enum(EmploymentType, "employment_type")
    )
    salary_min: Mapped[int | None]  # euros per month
    salary_max: Mapped[int | None]
    sponsors_permit: Mapped[bool | None]
    # Events and programmes; times in UTC, shown in Helsinki time
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    capacity: Mapped[int | None]
    # An event may belong to a community, whose page lists it.
    community_id: Mapped[int | None] = mapped_column(
        ForeignKey("opportunities.id", ondelete="SET NULL"), index=True
    )
    # Courses (see the class docstring); `remote_mode` follows `course_format`.
    instruction_language: Mapped[str | None] = mapped_column(String(2))  # ISO 639-1
    teaches_language: Mapped[str | None] = mapped_column(String(2))
    level_from: Mapped[int | None]  # CEFRLevel A1..C2
    level_to: Mapped[int | None]
    cost: Mapped[CourseCost | None] = mapped_column(_enum(CourseCost, "course_cost"))
    price_eur: Mapped[int | None]
    course_format: Mapped[CourseFormat | None] = mapped_column(_enum(CourseFormat, "course_format"))
    self_paced: Mapped[bool | None] = mapped_column(Boolean)
    # The day the course details were last checked against the provider's own page.
    details_checked_on: Mapped[date | None]
    # Eligibility (programmes, communities, events, courses); an empty criterion lets everyone in.
    eligible_degree_levels: Mapped[list[DegreeLevel]] = mapped_column(
        ValueList(100, DegreeLevel), default=list, server_default=""
    )
    max_years_since_graduation: Mapped[int | None]
    eligible_work_permits: Mapped[list[WorkPermit]] = mapped_column(
        ValueList(200, WorkPermit), default=list, server_default=""
    )
    eligible_fields_of_study: Mapped[list[str]] = mapped_column(
        ValueList(500), default=list, server_default=""
    )
    target_groups: Mapped[list[TargetGroup]] = mapped_column(
        ValueList(100, TargetGroup), default=list, server_default=""
    )
    # Set when an administrator took it down (status closed): its owner cannot reopen it, only
    # an administrator can republish it. The reason is shown to the owner.
    unpublished_at: Mapped[datetime | None]
    unpublished_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation | None] = relationship()
    university: Mapped[University | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    community: Mapped[Opportunity | None] = relationship(remote_side=[id])
    eligible_universities: Mapped[list[University]] = relationship(
        secondary=opportunity_universities, order_by="University.name"
    )
    skills: Mapped[list[OpportunitySkill]] = relationship(
        back_populates="opportunity",
        cascade="all, delete-orphan",
        order_by="OpportunitySkill.position",
    )
    languages: Mapped[list[OpportunityLanguage]] = relationship(
        back_populates="opportunity",
        cascade="all, delete-orphan",
        order_by="OpportunityLanguage.id",
    )
    # Loaded with the opportunity wherever it is loaded: every page that names an opportunity
    # names it in the reader's language, so a lazy load would be one query per row.
    texts: Mapped[list[OpportunityText]] = relationship(
        back_populates="opportunity",
        cascade="all, delete-orphan",
        order_by="OpportunityText.locale",
        lazy="selectin",
    )

    @property
    def provider_name(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        if self.university is not None:
            return self.university.name
        return ""

    @property
    def has_eligibility(self) -> bool:
        """Whether anything limits who may take part."""
        return bool(
            self.eligible_universities
            or self.eligible_degree_levels
            or self.max_years_since_graduation is not None
            or self.eligible_work_permits
            or self.eligible_fields_of_study
            or self.target_groups
        )

    @property
    def required_skills(self) -> list[OpportunitySkill]:
        return [s for s in self.skills if s.required]

    @property
    def nice_to_have_skills(self) -> list[OpportunitySkill]:
        return [s for s in self.skills if not s.required]

    @property
    def taught_skills(self) -> list[OpportunitySkill]:
        """A course's skills: what it teaches (none for other kinds)."""
        return list(self.skills) if self.kind is OpportunityKind.COURSE else []

    @property
    def cefr_from(self) -> CEFRLevel | None:
        return CEFRLevel(self.level_from) if self.level_from is not None else None

    @property
    def cefr_to(self) -> CEFRLevel | None:
        return CEFRLevel(self.level_to) if self.level_to is not None else None

    @property
    def instruction_requirement(self) -> tuple[str, CEFRLevel] | None:
        """What a course asks of its participants' languages: its language of instruction at
        COURSE_INSTRUCTION_LEVEL, unless that is the language it teaches (then level_from is
        the starting point, and a beginners' course asks nothing)."""
        if self.kind is not OpportunityKind.COURSE or not self.instruction_language:
            return None
        if self.instruction_language == self.teaches_language:
            return None
        return self.instruction_language, COURSE_INSTRUCTION_LEVEL

    # --- Lifecycle: one rule for every kind ---------------------------------------------------

    def deadline_passed(self, day: date) -> bool:
        return self.deadline is not None and self.deadline < day

    def ended_before(self, day: date) -> bool:
        """An event whose end (or, without one, its start) came before `day` began; a dated
        course whose first day came before `day` (people enrol up to the day it starts; a
        self-paced course stays open until closed)."""
        if self.kind is OpportunityKind.COURSE:
            return self.starts_at is not None and self.starts_at < _start_of(day)
        if self.kind is not OpportunityKind.EVENT:
            return False
        last = self.ends_at or self.starts_at
        return last is not None and last < _start_of(day)

    def is_open_on(self, day: date) -> bool:
        """Published, its deadline not passed and, for an event, not over: what the catalogue
        lists, the landing page counts, graduates may act on and the engine recommends (listing
        a job also needs its organisation verified: services.vetting)."""
        return (
            self.status is OpportunityStatus.OPEN
            and not self.deadline_passed(day)
            and not self.ended_before(day)
        )

    @classmethod
    def open_on(cls, day: date) -> ColumnElement[bool]:
        """SQL for `is_open_on(day)`, so lists and counts agree with the method."""
        last = func.coalesce(cls.ends_at, cls.starts_at)
        return and_(
            cls.status == OpportunityStatus.OPEN,
            or_(cls.deadline.is_(None), cls.deadline >= day),
            or_(cls.kind != OpportunityKind.EVENT, last.is_(None), last >= _start_of(day)),
            or_(
                cls.kind != OpportunityKind.COURSE,
                cls.starts_at.is_(None),
                cls.starts_at >= _start_of(day),
            ),
        )

    def _check_can_open(self, day: date, now: datetime, reopening: bool) -> None:
        # What an administrator took down stays down until an administrator puts it back.
        if self.unpublished_at is not None:
            raise LifecycleRefused(
                _(
                    "An administrator unpublished this opportunity (%(reason)s), so only an "
                    "administrator can publish it again.",
                    reason=self.unpublished_reason or "",
                )
            )
        if self.deadline_passed(day):
            if reopening:
                raise LifecycleRefused(
                    _("The deadline has passed. Edit the deadline first, then reopen it."),
                    "deadline",
                )
            raise LifecycleRefused(
                _("The deadline has passed: set a new deadline before publishing."),
                "deadline",
            )
        # Nobody can sign up for an event that has begun, so it cannot be (re)opened.
        if self.kind is OpportunityKind.EVENT and self.starts_at and self.starts_at < now:
            raise LifecycleRefused(
                _("This event has already started, so it cannot be opened again."),
                "starts_at",
            )
        if self.kind is OpportunityKind.COURSE and self.ended_before(day):
            raise LifecycleRefused(
                _("This course has already started, so it cannot be opened again."),
                "starts_at",
            )

    def publish(self, day: date, now: datetime | None = None) -> None:
        """Open a draft (or a closed item) by the rules of reopening; an open one stays open."""
        if self.status is OpportunityStatus.OPEN:
            return
        self._check_can_open(day, now or utcnow(), reopening=False)
        self.status = OpportunityStatus.OPEN

    def close(self) -> None:
        """Take an open item out of the catalogue; closing a closed one changes nothing."""
        if self.status is OpportunityStatus.DRAFT:
            raise LifecycleRefused(_("This is a draft: only published items can be closed."))
        self.status = OpportunityStatus.CLOSED

    def reopen(self, day: date, now: datetime | None = None) -> None:
        """Open a closed item again, unless its deadline has passed (or the event has started);
        reopening an open one changes nothing."""
        if self.status is OpportunityStatus.DRAFT:
            raise LifecycleRefused(_("This is a draft: publish it from its edit page."))
        if self.status is OpportunityStatus.OPEN:
            return
        self._check_can_open(day, now or utcnow(), reopening=True)
        self.status = OpportunityStatus.OPEN

    def unpublish(self, reason: str, now: datetime | None = None) -> None:
        """An administrator takes the item off the site: closed, and its owners cannot open it
        again."""
        self.status = OpportunityStatus.CLOSED
        self.unpublished_at = now or utcnow()
        self.unpublished_reason = reason

    def republish(self) -> None:
        """An administrator puts an unpublished item back as it was: open."""
        self.status = OpportunityStatus.OPEN
        self.unpublished_at = None
        self.unpublished_reason = None

    def __repr__(self) -> str:
        return f"<Opportunity {self.kind} {self.title!r}>"


class OpportunitySkill(db.Model):
    __tablename__ = "opportunity_skills"
    # A skill once per opportunity, one per position: concurrent saves cannot double the list.
    __table_args__ = (
        UniqueConstraint("opportunity_id", "skill_id", name="uq_opportunity_skills_opp_skill"),
        UniqueConstraint("opportunity_id", "position", name="uq_opportunity_skills_opp_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    skill_id: Mapped[int | None] = mapped_column(
        ForeignKey("esco_skills.id", ondelete="SET NULL"), index=True
    )
    label: Mapped[str] = mapped_column(String(300))
    required: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)

    opportunity: Mapped[Opportunity] = relationship(back_populates="skills")
    skill: Mapped[EscoSkill | None] = relationship()


class OpportunityLanguage(db.Model):
    __tablename__ = "opportunity_languages"
    __table_args__ = (
        UniqueConstraint("opportunity_id", "code", name="uq_opportunity_languages_opp_code"),
        CheckConstraint("min_level BETWEEN 1 AND 7", name="min_level_cefr"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(2))
    min_level: Mapped[int]

    opportunity: Mapped[Opportunity] = relationship(back_populates="languages")

    @property
    def cefr(self) -> CEFRLevel:
        return CEFRLevel(self.min_level)
