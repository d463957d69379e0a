"""Career services' analytics: which graduates a dashboard is about (a university's consenting
graduates, or one of its saved cohorts), the privacy rule every number obeys, and the numbers
about profiles, match coverage and the skills the region's jobs ask for.

Engagement (the funnel, promotions against organic recommendations) is in analytics_engagement,
first-destination outcomes and staying in the region in analytics_outcomes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select

from talentmatch.extensions import db
from talentmatch.models import (
    Cohort,
    EscoSkill,
    GraduateProfile,
    MatchSummary,
    Opportunity,
    OpportunityKind,
    OpportunitySkill,
    OpportunityStatus,
    ProfileSkill,
    RemoteMode,
    University,
    User,
    WorkPermit,
)
from talentmatch.models.enums import HELSINKI_REGION
from talentmatch.services import cohorts
from talentmatch.services.cohorts import FEW_STRONG_MATCHES, CohortCriteria
from talentmatch.services.errors import NotFound
from talentmatch.services.vetting import listed

# No group of fewer people than this is shown, and no rate over fewer than this.
PRIVACY_MINIMUM = 5


@dataclass(frozen=True)
class Count:
    """A number of people, or of their (graduate, opportunity) pairs. `value` is None when
    fewer than PRIVACY_MINIMUM people are behind it: then it is shown as "fewer than 5";
    or, with `protects`, when it is hidden so that a smaller group cannot be worked out."""

    value: int | None
    protects: bool = False

    @classmethod
    def of(cls, value: int, people: int | None = None) -> Count:
        """`value`, unless the people behind it (`value` itself when it counts people) are
        too few to show."""
        behind = value if people is None else people
        return cls(value if behind >= PRIVACY_MINIMUM else None)

    @property
    def shown(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Rate:
    """`part` of `whole`; its share is shown only when both may be shown."""

    part: Count
    whole: Count

    @property
    def share(self) -> float | None:
        if self.part.value is None or not self.whole.value:
            return None
        return self.part.value / self.whole.value


def counts_of(values: list[int]) -> list[Count]:
    """Counts of the parts of one whole whose total is shown too: when just one part is too
    small to show, the smallest other is hidden with it, so it cannot be worked out from the
    total."""
    counts = [Count.of(value) for value in values]
    hidden = [index for index, count in enumerate(counts) if not count.shown]
    if len(hidden) == 1 and len(values) > 1:
        others = [index for index in range(len(values)) if index not in hidden]
        smallest = min(others, key=lambda index: values[index])
        counts[smallest] = Count(None, protects=True)
    return counts


@dataclass(frozen=True)
class Group:
    """Whom a dashboard counts: the consenting graduates of one university (of every
    university when `university_id` is None), narrowed to a saved cohort's criteria."""

    university_id: int | None
    university_name: str
    cohort_id: int | None
    cohort_name: str
    criteria: CohortCriteria


@dataclass(frozen=True)
class Choices:
    """What the actor may choose between on the dashboard."""

    universities: tuple[tuple[int, str], ...]  # empty for career services: theirs only
    cohorts: tuple[tuple[int, str], ...]


def resolve_group(actor: User, university_id: int | None, cohort_id: int | None) -> Group:
    """The group the actor asked for. Career services see only their own university;
    administrators any (a cohort alone names its university). An unknown university or
    cohort, or another university's, is NotFound; other roles are NotAllowed."""
    scope = cohorts.university_scope(actor)
    if scope is not None:
        if university_id is not None and university_id != scope:
            raise NotFound(_("There is no such university among yours."))
        university_id = scope
    cohort = db.session.get(Cohort, cohort_id) if cohort_id is not None else None
    if cohort_id is not None:
        if cohort is None or (university_id is not None and cohort.university_id != university_id):
            raise NotFound(_("There is no such cohort at this university."))
        university_id = cohort.university_id
    university = db.session.get(University, university_id) if university_id is not None else None
    if university_id is not None and university is None:
        raise NotFound(_("There is no such university."))
    return Group(
        university_id=university_id,
        university_name=university.name if university else "",
        cohort_id=cohort.id if cohort else None,
        cohort_name=cohort.name if cohort else "",
        criteria=CohortCriteria.from_json(cohort.criteria) if cohort else CohortCriteria(),
    )


def choices(actor: User, group: Group) -> Choices:
    """Universities (administrators only) and the chosen university's saved cohorts."""
    universities: tuple[tuple[int, str], ...] = ()
    if cohorts.university_scope(actor) is None:
        universities = tuple(
            (ident, name)
            for ident, name in db.session.execute(
                select(University.id, University.name).order_by(University.name)
            )
        )
    saved: tuple[tuple[int, str], ...] = ()
    if group.university_id is not None:
        saved = tuple(
            (ident, name)
            for ident, name in db.session.execute(
                select(Cohort.id, Cohort.name)
                .where(Cohort.university_id == group.university_id)
                .order_by(Cohort.name, Cohort.id)
            )
        )
    return Choices(universities=universities, cohorts=saved)


def member_profiles(group: Group) -> Select:
    """SQL: the profiles of the group's graduates today."""
    return cohorts.filtered(cohorts.sharing_profiles(group.university_id), group.criteria)


def member_user_ids(group: Group) -> Select:
    """SQL: the user ids of the group's graduates today."""
    return member_profiles(group).with_only_columns(GraduateProfile.user_id)


def group_size(group: Group) -> int:
    return (
        db.session.scalar(select(func.count()).select_from(member_user_ids(group).subquery())) or 0
    )


# --- profiles -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One bar of a breakdown: its label and its share of the group."""

    label: str
    rate: Rate


@dataclass(frozen=True)
class Breakdown:
    total: Count  # graduates in the group
    parts: tuple[Part, ...]  # largest first; the suppressed ones last

    @property
    def empty(self) -> bool:
        return not self.parts


def _breakdown(labels: list[str]) -> Breakdown:
    total = Count.of(len(labels))
    counted = Counter(labels)
    names = list(counted)
    counts = counts_of([counted[name] for name in names])
    parts = sorted(
        (Part(name, Rate(count, total)) for name, count in zip(names, counts, strict=True)),
        key=lambda part: (part.rate.part.value is None, -(part.rate.part.value or 0), part.label),
    )
    return Breakdown(total, tuple(parts))


def profiles_by_field(group: Group) -> Breakdown:
    """The group's graduates by field of study (as written, ignoring case and spaces
    around; no field given is its own bar; fields of fewer than five make one bar)."""
    rows = db.session.scalars(
        member_profiles(group).with_only_columns(GraduateProfile.field_of_study)
    )
    spelled: dict[str, Counter[str]] = defaultdict(Counter)
    keys = []
    for field in rows:
        text = " ".join((field or "").split())
        key = text.casefold()
        spelled[key][text] += 1
        keys.append(key)
    # A field is shown as most of its graduates wrote it. Fields of fewer than five are
    # counted together: naming one, even as "fewer than 5", says someone studied it.
    names = {key: spelling.most_common(1)[0][0] for key, spelling in spelled.items()}
    sizes = Counter(keys)
    other = _("Other fields")
    return _breakdown(
        [(names[key] or _("Not given")) if sizes[key] >= PRIVACY_MINIMUM else other for key in keys]
    )


def profiles_by_permit(group: Group) -> Breakdown:
    """The group's graduates by work-permit situation."""
    rows = db.session.scalars(member_profiles(group).with_only_columns(GraduateProfile.work_permit))
    return _breakdown([WorkPermit(permit).label if permit else _("Not given") for permit in rows])


# --- match coverage -----------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageWeek:
    week_start: date  # a Monday
    # Graduates with at least FEW_STRONG_MATCHES strong matches, of those summarised that week.
    rate: Rate


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def match_coverage(group: Group, today: date, weeks: int = 26) -> tuple[CoverageWeek, ...]:
    """Per week, of the group's graduates summarised that week (their newest summary of the
    week counts), the share with at least three strong matches; from the first week with a
    summary to the last, the last `weeks` weeks at most."""
    since = _monday(today) - timedelta(weeks=weeks - 1)
    rows = db.session.execute(
        select(MatchSummary.user_id, MatchSummary.computed_on, MatchSummary.strong_matches).where(
            MatchSummary.user_id.in_(member_user_ids(group)),
            MatchSummary.computed_on >= since,
            MatchSummary.computed_on <= today,
        )
    )
    newest: dict[tuple[date, int], tuple[date, int]] = {}
    for user_id, day, strong in rows:
        key = (_monday(day), user_id)
        if key not in newest or newest[key][0] < day:
            newest[key] = (day, strong)
    if not newest:
        return ()
    summarised: Counter[date] = Counter()
    covered: Counter[date] = Counter()
    for (week, _user), (_day, strong) in newest.items():
        summarised[week] += 1
        covered[week] += strong >= FEW_STRONG_MATCHES
    first, last = min(summarised), max(summarised)
    found = []
    week = first
    while week <= last:
        found.append(CoverageWeek(week, Rate(Count.of(covered[week]), Count.of(summarised[week]))))
        week += timedelta(weeks=1)
    return tuple(found)


# --- skills gap ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SkillDemand:
    label: str  # as stored: English for an ESCO skill, as typed otherwise
    jobs: int  # open jobs in the region asking for it (jobs, not people: never suppressed)
    holders: Rate  # graduates of the group who hold it, of the group
    skill: EscoSkill | None = None  # the ESCO skill, to name it in the reader's language


@dataclass(frozen=True)
class SkillsGap:
    open_jobs: int
    skills: tuple[SkillDemand, ...]  # most demanded first

    @property
    def empty(self) -> bool:
        return not self.skills


def _skill_key(skill_id: int | None, label: str) -> str:
    """An ESCO skill by its id; a free-text one by its words, ignoring case."""
    return (
        f"esco:{skill_id}" if skill_id is not None else "text:" + " ".join(label.split()).casefold()
    )


def open_region_jobs(today: date) -> Select:
    """SQL: listed, open jobs before their deadline in the Helsinki region or fully remote."""
    return select(Opportunity.id).where(
        Opportunity.kind == OpportunityKind.JOB,
        Opportunity.status == OpportunityStatus.OPEN,
        or_(Opportunity.deadline.is_(None), Opportunity.deadline >= today),
        listed(),
        or_(
            Opportunity.municipality.in_(HELSINKI_REGION),
            Opportunity.remote_mode == RemoteMode.REMOTE,
        ),
    )


def skills_gap(group: Group, today: date, limit: int = 10) -> SkillsGap:
    """The skills most open jobs in the region ask for (required or nice to have), each with
    the share of the group's graduates who list it."""
    jobs = open_region_jobs(today)
    open_jobs = db.session.scalar(select(func.count()).select_from(jobs.subquery())) or 0
    demanded: dict[str, set[int]] = defaultdict(set)
    labels: dict[str, str] = {}
    for opportunity_id, skill_id, label in db.session.execute(
        select(
            OpportunitySkill.opportunity_id, OpportunitySkill.skill_id, OpportunitySkill.label
        ).where(OpportunitySkill.opportunity_id.in_(jobs))
    ):
        key = _skill_key(skill_id, label)
        demanded[key].add(opportunity_id)
        labels.setdefault(key, " ".join(label.split()))
    top = sorted(demanded, key=lambda key: (-len(demanded[key]), labels[key].casefold()))[:limit]
    holders: dict[str, set[int]] = defaultdict(set)
    for profile_id, skill_id, label in db.session.execute(
        select(ProfileSkill.profile_id, ProfileSkill.skill_id, ProfileSkill.label)
        .join(GraduateProfile, GraduateProfile.id == ProfileSkill.profile_id)
        .where(GraduateProfile.user_id.in_(member_user_ids(group)))
    ):
        holders[_skill_key(skill_id, label)].add(profile_id)
    total = Count.of(group_size(group))
    esco_ids = [int(key.removeprefix("esco:")) for key in top if key.startswith("esco:")]
    esco = {
        f"esco:{skill.id}": skill
        for skill in db.session.scalars(select(EscoSkill).where(EscoSkill.id.in_(esco_ids)))
    }
    return SkillsGap(
        open_jobs=open_jobs,
        skills=tuple(
            SkillDemand(
                labels[key],
                len(demanded[key]),
                Rate(Count.of(len(holders[key])), total),
                esco.get(key),
            )
            for key in top
        ),
    )
