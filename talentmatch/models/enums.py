"""The domain's fixed vocabularies: roles, CEFR levels, permit situations, opportunity kinds."""

from __future__ import annotations

import enum
from typing import Any

from flask_babel import lazy_gettext as _l


class Role(enum.StrEnum):
    GRADUATE = "graduate"
    EMPLOYER = "employer"
    CAREER_SERVICES = "career_services"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.GRADUATE: _l("Graduate"),
    Role.EMPLOYER: _l("Employer"),
    Role.CAREER_SERVICES: _l("Career services"),
    Role.ADMIN: _l("Administrator"),
}


class CEFRLevel(enum.IntEnum):
    """Common European Framework levels, ordered so that comparisons mean 'at least'."""

    A1 = 1
    A2 = 2
    B1 = 3
    B2 = 4
    C1 = 5
    C2 = 6
    NATIVE = 7

    @property
    def label(self) -> str:
        return str(_l("Native")) if self is CEFRLevel.NATIVE else self.name

    @classmethod
    def parse(cls, text: str) -> CEFRLevel:
        return cls[text.strip().upper()]


class WorkPermit(enum.StrEnum):
    EU_EEA_CITIZEN = "eu_eea_citizen"
    PERMIT_ALLOWS_WORK = "permit_allows_work"
    POST_STUDY_JOB_SEEKER = "post_study_job_seeker"
    NEEDS_SPONSORSHIP = "needs_sponsorship"

    @property
    def label(self) -> str:
        return str(WORK_PERMIT_LABELS[self])


WORK_PERMIT_LABELS = {
    WorkPermit.EU_EEA_CITIZEN: _l("EU/EEA or Nordic citizen: free to work"),
    WorkPermit.PERMIT_ALLOWS_WORK: _l("Residence permit that allows work"),
    WorkPermit.POST_STUDY_JOB_SEEKER: _l("Permit to look for work after graduation"),
    WorkPermit.NEEDS_SPONSORSHIP: _l("Needs an employer-sponsored work permit"),
}


class DegreeLevel(enum.StrEnum):
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(DEGREE_LEVEL_LABELS[self])


DEGREE_LEVEL_LABELS = {
    DegreeLevel.BACHELOR: _l("Bachelor's degree"),
    DegreeLevel.MASTER: _l("Master's degree"),
    DegreeLevel.DOCTORATE: _l("Doctorate"),
    DegreeLevel.OTHER: _l("Other degree"),
}


class TargetGroup(enum.StrEnum):
    """Groups an opportunity may be meant for, each checkable from the profile alone."""

    NEWCOMERS = "newcomers"
    INTERNATIONAL = "international"

    @property
    def label(self) -> str:
        return str(TARGET_GROUP_LABELS[self])


# A newcomer moved to Finland at most this many years ago.
NEWCOMER_YEARS = 5

TARGET_GROUP_LABELS = {
    TargetGroup.NEWCOMERS: _l("Newcomers: moved to Finland within the last 5 years"),
    TargetGroup.INTERNATIONAL: _l("International talent: moved to Finland from abroad"),
}


class Visibility(enum.StrEnum):
    PRIVATE = "private"
    CAREER_SERVICES = "career_services"
    EMPLOYERS = "employers"

    @property
    def label(self) -> str:
        return str(VISIBILITY_LABELS[self])


VISIBILITY_LABELS = {
    Visibility.PRIVATE: _l("Private: only me"),
    Visibility.CAREER_SERVICES: _l("My university's career services"),
    Visibility.EMPLOYERS: _l("Career services and employers"),
}


class OpportunityKind(enum.StrEnum):
    JOB = "job"
    PROGRAMME = "programme"
    COMMUNITY = "community"
    EVENT = "event"
    COURSE = "course"

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])

    @property
    def plural_label(self) -> str:
        return str(KIND_PLURAL_LABELS[self])


KIND_PLURAL_LABELS = {
    OpportunityKind.JOB: _l("Jobs"),
    OpportunityKind.PROGRAMME: _l("Talent programmes"),
    OpportunityKind.COMMUNITY: _l("Communities"),
    OpportunityKind.EVENT: _l("Events"),
    OpportunityKind.COURSE: _l("Courses"),
}

KIND_LABELS = {
    OpportunityKind.JOB: _l("Job"),
    OpportunityKind.PROGRAMME: _l("Talent programme"),
    OpportunityKind.COMMUNITY: _l("Community"),
    OpportunityKind.EVENT: _l("Event"),
    OpportunityKind.COURSE: _l("Course"),
}


class CourseCost(enum.StrEnum):
    FREE = "free"
    PAID = "paid"

    @property
    def label(self) -> str:
        return str(COURSE_COST_LABELS[self])


COURSE_COST_LABELS = {
    CourseCost.FREE: _l("Free"),
    CourseCost.PAID: _l("Paid"),
}


class CourseFormat(enum.StrEnum):
    """How a course is taught; `Opportunity.remote_mode` follows it (online is remote)."""

    ON_SITE = "on_site"
    ONLINE = "online"
    BLENDED = "blended"

    @property
    def label(self) -> str:
        return str(COURSE_FORMAT_LABELS[self])


COURSE_FORMAT_LABELS = {
    CourseFormat.ON_SITE: _l("On site"),
    CourseFormat.ONLINE: _l("Online"),
    CourseFormat.BLENDED: _l("Blended: on site and online"),
}


class OpportunityStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    OpportunityStatus.DRAFT: _l("Draft"),
    OpportunityStatus.OPEN: _l("Open"),
    OpportunityStatus.CLOSED: _l("Closed"),
}


class RemoteMode(enum.StrEnum):
    ON_SITE = "on_site"
    HYBRID = "hybrid"
    REMOTE = "remote"

    @property
    def label(self) -> str:
        return str(REMOTE_LABELS[self])


REMOTE_LABELS = {
    RemoteMode.ON_SITE: _l("On site"),
    RemoteMode.HYBRID: _l("Hybrid"),
    RemoteMode.REMOTE: _l("Remote"),
}


class EmploymentType(enum.StrEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    INTERNSHIP = "internship"
    TRAINEE = "trainee"

    @property
    def label(self) -> str:
        return str(EMPLOYMENT_LABELS[self])


EMPLOYMENT_LABELS = {
    EmploymentType.FULL_TIME: _l("Full-time"),
    EmploymentType.PART_TIME: _l("Part-time"),
    EmploymentType.INTERNSHIP: _l("Internship"),
    EmploymentType.TRAINEE: _l("Trainee"),
}


class OrganisationSize(enum.StrEnum):
    MICRO = "1-9"
    SMALL = "10-49"
    MEDIUM = "50-249"
    LARGE = "250+"

    @property
    def label(self) -> str:
        return str(_l("%(size)s employees", size=self.value))


class InteractionKind(enum.StrEnum):
    VIEW = "view"
    SAVE = "save"
    HIDE = "hide"
    NOT_INTERESTED = "not_interested"
    APPLY = "apply"
    JOIN = "join"
    RSVP = "rsvp"
    PROMOTION_CLICK = "promotion_click"
    TAKING = "taking"  # "I'm taking this" course
    FINISHED = "finished"  # a course finished, its skills or level added to the profile


# The Helsinki region first, then the rest of Uusimaa and Finland's other university towns.
HELSINKI_REGION = ("Helsinki", "Espoo", "Vantaa", "Kauniainen")
MUNICIPALITIES = HELSINKI_REGION + (
    "Kerava",
    "Järvenpää",
    "Kirkkonummi",
    "Tuusula",
    "Sipoo",
    "Nurmijärvi",
    "Porvoo",
    "Lohja",
    "Tampere",
    "Turku",
    "Oulu",
    "Jyväskylä",
    "Lahti",
    "Kuopio",
    "Vaasa",
    "Joensuu",
    "Lappeenranta",
    "Rovaniemi",
)


def enum_column_values(enum_cls: type[enum.Enum]) -> list[str]:
    """Values, not names, are what the database stores for string enums."""
    return [str(member.value) for member in enum_cls]


# The labels of each vocabulary, worded when shown. A form's choices are built once, when the
# module is imported, outside any request: `.label` read there would stay English for good.
_LAZY_LABELS: dict[type[enum.Enum], dict] = {
    Role: ROLE_LABELS,
    WorkPermit: WORK_PERMIT_LABELS,
    DegreeLevel: DEGREE_LEVEL_LABELS,
    TargetGroup: TARGET_GROUP_LABELS,
    Visibility: VISIBILITY_LABELS,
    OpportunityKind: KIND_LABELS,
    OpportunityStatus: STATUS_LABELS,
    RemoteMode: REMOTE_LABELS,
    EmploymentType: EMPLOYMENT_LABELS,
    CourseCost: COURSE_COST_LABELS,
    CourseFormat: COURSE_FORMAT_LABELS,
}


def label_choices(vocabulary: type[enum.Enum]) -> list[tuple[str, Any]]:
    """(value, label) pairs for a form's choices, each label in the language of the request
    that shows the form."""
    if vocabulary is OrganisationSize:
        return [
            (size.value, _l("%(size)s employees", size=size.value)) for size in OrganisationSize
        ]
    labels = _LAZY_LABELS[vocabulary]
    return [(str(member.value), labels[member]) for member in vocabulary]
