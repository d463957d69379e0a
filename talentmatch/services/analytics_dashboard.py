"""Every number of career services' analytics dashboard for one group, in one call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from talentmatch.models import User
from talentmatch.services import (
    analytics,
    analytics_checklist,
    analytics_engagement,
    analytics_gaps,
    analytics_outcomes,
)
from talentmatch.services.analytics import (
    Breakdown,
    Choices,
    Count,
    CoverageWeek,
    Group,
    SkillsGap,
)
from talentmatch.services.analytics_checklist import ChecklistProgress
from talentmatch.services.analytics_engagement import FunnelStep, Reach
from talentmatch.services.analytics_gaps import GroupGap, TakenCourse
from talentmatch.services.analytics_outcomes import OutcomeRow, StayingRow


@dataclass(frozen=True)
class Dashboard:
    group: Group
    choices: Choices
    graduates: Count
    by_field: Breakdown
    by_permit: Breakdown
    coverage: tuple[CoverageWeek, ...]
    funnel: tuple[FunnelStep, ...]  # empty when nothing was recommended or done yet
    reach: tuple[Reach, ...]  # promoted, organic; empty likewise
    skills: SkillsGap
    gaps: tuple[GroupGap, ...]
    courses: tuple[TakenCourse, ...]
    outcomes: tuple[OutcomeRow, ...]
    staying: tuple[StayingRow, ...]
    checklist: ChecklistProgress


def dashboard(
    actor: User, university_id: int | None, cohort_id: int | None, today: date
) -> Dashboard:
    """The dashboard of the group the actor asked for (see analytics.resolve_group)."""
    group = analytics.resolve_group(actor, university_id, cohort_id)
    engagement = analytics_engagement.load_engagement(group)
    active = analytics_engagement.has_engagement(engagement)
    return Dashboard(
        group=group,
        choices=analytics.choices(actor, group),
        graduates=Count.of(analytics.group_size(group)),
        by_field=analytics.profiles_by_field(group),
        by_permit=analytics.profiles_by_permit(group),
        coverage=analytics.match_coverage(group, today),
        funnel=analytics_engagement.funnel(engagement) if active else (),
        reach=analytics_engagement.promotions_against_organic(engagement) if active else (),
        skills=analytics.skills_gap(group, today),
        gaps=analytics_gaps.group_gaps(group),
        courses=analytics_gaps.courses_taken(group),
        outcomes=analytics_outcomes.outcomes(group, today),
        staying=analytics_outcomes.staying(group, today),
        checklist=analytics_checklist.checklist_progress(group),
    )
