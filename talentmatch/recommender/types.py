"""The engine's inputs and outputs: frozen dataclasses, free of any web or database type."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

CEFR_ORDER = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6, "NATIVE": 7}
CEFR_NAMES = {value: name for name, value in CEFR_ORDER.items()}


def cefr_level(text: str | int) -> int:
    """'B2' -> 4, 'native' -> 7; ints pass through."""
    if isinstance(text, int):
        return text
    return CEFR_ORDER[text.strip().upper()]


@dataclass(frozen=True)
class SkillRef:
    """A skill as someone gave it: its label, and the ESCO URI when it is already known."""

    label: str
    uri: str | None = None


@dataclass(frozen=True)
class LanguageLevel:
    code: str  # ISO 639-1
    level: int  # 1 = A1 … 6 = C2, 7 = native


@dataclass(frozen=True)
class Eligibility:
    """Who may take part. Each criterion is a set of alternatives; an empty one lets everyone in,
    and a profile must meet every criterion that is set."""

    universities: tuple[str, ...] = ()  # identifiers, compared with ProfileDoc.university
    university_names: tuple[str, ...] = ()  # the same universities' names, for the wording
    degree_levels: tuple[str, ...] = ()  # bachelor | master | doctorate | other
    max_years_since_graduation: int | None = None  # students (graduating later) always qualify
    work_permits: tuple[str, ...] = ()  # the values of ProfileDoc.work_permit
    fields_of_study: tuple[str, ...] = ()  # keywords; any one in the field of study will do
    target_groups: tuple[str, ...] = ()  # newcomers | international

    @property
    def is_open(self) -> bool:
        return self == OPEN_TO_ALL


OPEN_TO_ALL = Eligibility()


@dataclass(frozen=True)
class OpportunityDoc:
    id: str
    kind: str  # job | programme | community | event | course
    title: str
    description: str = ""
    skills: tuple[SkillRef, ...] = ()  # required
    nice_to_have_skills: tuple[SkillRef, ...] = ()
    languages: tuple[LanguageLevel, ...] = ()  # minimum levels
    municipality: str | None = None
    remote: str = "on_site"  # on_site | hybrid | remote
    employment_type: str | None = None
    sponsors_permit: bool | None = None
    deadline: date | None = None
    provider: str = ""
    eligibility: Eligibility = OPEN_TO_ALL


@dataclass(frozen=True)
class ProfileDoc:
    id: str
    headline: str = ""
    about: str = ""
    skills: tuple[SkillRef, ...] = ()
    languages: tuple[LanguageLevel, ...] = ()
    municipalities: tuple[str, ...] = ()  # may contain "remote"
    remote_ok: bool = False
    work_permit: str | None = None  # eu_eea_citizen | permit_allows_work | post_study_job_seeker
    #                                 | needs_sponsorship
    field_of_study: str = ""
    open_to: tuple[str, ...] = ()  # employment types
    university: str | None = None  # the identifier Eligibility.universities holds
    degree_level: str | None = None  # bachelor | master | doctorate | other
    graduation_year: int | None = None  # a year ahead while still studying
    moved_to_finland_year: int | None = None  # for target groups such as newcomers


@dataclass(frozen=True)
class Interaction:
    """Feedback: save, apply, join, rsvp pull toward an item; hide, not_interested push away."""

    opportunity_id: str
    kind: str


@dataclass(frozen=True)
class MatchFilters:
    """Hard filters the graduate switched on; everything else becomes a penalty with a reason."""

    languages_met: bool = False
    sponsors_permit: bool = False
    my_municipalities: bool = False


class ReasonCode(StrEnum):
    """What a reason says; the app words each code in the user's language."""

    LANGUAGE_OK = "language_ok"
    LANGUAGE_BELOW = "language_below"
    LANGUAGE_MISSING = "language_missing"
    PERMIT_OK = "permit_ok"
    PERMIT_NEEDS_SPONSORSHIP = "permit_needs_sponsorship"
    LOCATION_OK = "location_ok"
    LOCATION_REMOTE = "location_remote"
    LOCATION_ELSEWHERE = "location_elsewhere"
    DEADLINE_SOON = "deadline_soon"
    PROMOTED = "promoted"
    ELIGIBLE = "eligible"  # params: criterion, and what was asked and met
    NOT_ELIGIBLE = "not_eligible"  # params: criterion, what was asked, what the profile says


@dataclass(frozen=True)
class Reason:
    """One plain-language reason, as a code plus values; the app words it in the user's language."""

    code: ReasonCode
    params: tuple[tuple[str, str], ...] = ()
    penalty: float = 0.0

    def param(self, name: str) -> str:
        return dict(self.params).get(name, "")


@dataclass(frozen=True)
class Explanation:
    shared_skills: tuple[str, ...] = ()  # labels of skills both sides have
    related_skills: tuple[tuple[str, str], ...] = ()  # (profile's skill, opportunity's skill)
    missing_skills: tuple[str, ...] = ()  # required by the opportunity, absent from the profile
    reasons: tuple[Reason, ...] = ()
    band: str | None = None  # strong | good | some | None, decided from the facts here
    required_count: int = 0  # required skills the opportunity names
    required_met: int = 0  # of those, the person has directly
    required_close: int = 0  # of the rest, the person has a close skill
    missing_count: int = 0  # required skills neither met nor close (all, not only those listed)
    offered_skills: tuple[str, ...] = ()  # what an item with no required skills builds, not shared


@dataclass(frozen=True)
class Match:
    opportunity_id: str
    kind: str
    score: float  # in [0, 1], deterministic
    explanation: Explanation = field(default_factory=Explanation)


@dataclass(frozen=True)
class CandidateMatch:
    profile_id: str
    score: float  # mutual score in [0, 1]
    explanation: Explanation = field(default_factory=Explanation)
