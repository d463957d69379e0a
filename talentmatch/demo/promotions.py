"""Demo cohorts and promotions: each university's career services saved a few cohorts of their
graduates and promoted a programme, an event and jobs to them with a note, some to one
graduate. The graduates who received them opened, saved and applied to some, so the per-
promotion counts and "promotions against organic recommendations" have something to compare.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select

from talentmatch.demo.activity import Activity
from talentmatch.demo.staff import ADVISERS
from talentmatch.extensions import db
from talentmatch.models import (
    Cohort,
    GraduateProfile,
    Interaction,
    InteractionKind,
    Opportunity,
    OpportunityKind,
    Promotion,
    PromotionDelivery,
    University,
    User,
    WorkPermit,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.services import eligibility
from talentmatch.services.cohorts import (
    SHARED_WITH_CAREER_SERVICES,
    CohortCriteria,
    member_user_ids,
)

SEED = 5005
OWN_PROGRAMMES = {
    "University of Helsinki": "UNITalent – HelsinkiUNI International Talent Programme",
    "Hanken School of Economics": "Hanken International Talent (HIT)",
}
PROGRAMME_FOR_EVERYONE = "Helsinki Partners talent services"
WORKSHOP = "Job search in Finland: a workshop for international graduates"
EXCLUDING = (InteractionKind.HIDE, InteractionKind.NOT_INTERESTED)


@dataclass(frozen=True)
class CohortPromotion:
    """A cohort saved `days_ago`, and what was promoted to it then, with the note."""

    name: str
    criteria: Callable[[date], CohortCriteria]
    days_ago: int
    note: str


CLASS_NOTE = (
    "You graduated this year: this programme helps international graduates find their first "
    "job here, with mentoring and employer visits. Applying takes ten minutes."
)
WORKSHOP_NOTE = (
    "Not many strong matches yet? This workshop goes through how hiring works in Finland, "
    "what to put in a Finnish CV and where the jobs that are never advertised are found."
)
SPONSOR_NOTE = (
    "This employer sponsors work permits, which few do. If the role is close to what you do, "
    "say in your application that you need a sponsored permit; they know the process."
)
PERSONAL_NOTES = (
    "Hi {first}, I thought of you when I saw this: your skills fit what they ask for. Happy "
    "to read your application before you send it.",
    "{first}, this one matches your profile well and they hire international graduates. Book "
    "a time with me if you want to practise for the interview.",
)


def _class_of(today: date) -> CohortCriteria:
    return CohortCriteria(graduation_year_from=today.year, graduation_year_to=today.year)


def _few_strong(_today: date) -> CohortCriteria:
    return CohortCriteria(few_strong_matches=True)


def _need_sponsor(_today: date) -> CohortCriteria:
    return CohortCriteria(work_permits=(WorkPermit.NEEDS_SPONSORSHIP,))


COHORTS = (
    CohortPromotion("Graduating this year", _class_of, 100, CLASS_NOTE),
    CohortPromotion("Fewer than three strong matches", _few_strong, 14, WORKSHOP_NOTE),
    CohortPromotion("Needs an employer-sponsored permit", _need_sponsor, 45, SPONSOR_NOTE),
)
PERSONAL_DAYS_AGO = (60, 6)


class _Deliveries:
    """Who received which opportunity (once, whichever promotion it came through), and what
    they did with it."""

    def __init__(self, activity: Activity, today: date, added: Counter[str]) -> None:
        self.activity = activity
        self.today = today
        self.added = added
        self.rng = random.Random(SEED)
        self.received: set[tuple[int, int]] = {
            (user_id, opportunity_id)
            for user_id, opportunity_id in db.session.execute(
                select(PromotionDelivery.user_id, PromotionDelivery.opportunity_id)
            )
        }
        self.excluded = set(
            db.session.execute(
                select(Interaction.user_id, Interaction.opportunity_id).where(
                    Interaction.kind.in_(EXCLUDING)
                )
            )
        )
        self.interactions: list[dict[str, object]] = []  # written at once by `finish`

    def deliver(self, promotion: Promotion, profiles: list[GraduateProfile]) -> None:
        opportunity = promotion.opportunity
        now = utcnow()
        for profile in profiles:
            key = (profile.user_id, opportunity.id)
            if key in self.received or key in self.excluded:
                continue
            if not self._eligible(profile.user, opportunity):
                continue
            self.received.add(key)
            delivered = promotion.created_at + timedelta(minutes=self.rng.randint(1, 30))
            opened = delivered + timedelta(hours=self.rng.randint(2, 120))
            opens = self.rng.random() < 0.65 and opened < now
            db.session.add(
                PromotionDelivery(
                    promotion=promotion,
                    user_id=profile.user_id,
                    opportunity_id=opportunity.id,
                    delivered_at=delivered,
                    opened_at=opened if opens else None,
                )
            )
            self.added["promotions received"] += 1
            if opens:
                self._follow_up(profile, opportunity, opened)

    def _eligible(self, user: User, opportunity: Opportunity) -> bool:
        if not opportunity.has_eligibility:  # open to everyone; skips loading the profile
            return True
        check = eligibility.for_viewer(user, opportunity, self.today)
        return check is None or check.eligible

    def _follow_up(
        self, profile: GraduateProfile, opportunity: Opportunity, opened: datetime
    ) -> None:
        """The click that opened it, then perhaps a save and an application."""
        interactions = [(InteractionKind.PROMOTION_CLICK, opened)]
        if self.rng.random() < 0.35:
            interactions.append((InteractionKind.SAVE, opened + timedelta(minutes=3)))
        if self.rng.random() < 0.35:
            applied = opened + timedelta(hours=self.rng.randint(1, 48))
            if opportunity.kind is OpportunityKind.JOB:
                self.activity.apply(profile, opportunity, applied, timedelta(days=5))
            elif opportunity.kind is OpportunityKind.PROGRAMME:
                interactions.append((InteractionKind.APPLY, applied))
        now = utcnow()
        self.interactions += [
            {
                "user_id": profile.user_id,
                "opportunity_id": opportunity.id,
                "kind": kind,
                "created_at": at,
            }
            for kind, at in interactions
            if at < now
        ]

    def finish(self) -> None:
        if self.interactions:
            db.session.execute(insert(Interaction), self.interactions)


def load_promotions(
    profiles: list[GraduateProfile],
    activity: Activity,
    featured: set[str],
    today: date,
    added: Counter[str],
) -> None:
    """Cohorts and promotions for each university that has no promotion yet; `featured`
    graduates (by email) are the first to get a personal one."""
    promoted = set(db.session.scalars(select(Promotion.university_id).distinct()))
    catalogue = {
        o.title: o
        for o in db.session.scalars(
            select(Opportunity).where(Opportunity.kind != OpportunityKind.JOB)
        )
    }
    universities = {u.name: u for u in db.session.scalars(select(University))}
    advisers = {
        u.email: u for u in db.session.scalars(select(User).where(User.university_id.is_not(None)))
    }
    deliveries = _Deliveries(activity, today, added)
    for plan in ADVISERS:
        university = universities.get(plan.university)
        adviser = advisers.get(plan.email)
        if university is None or adviser is None or university.id in promoted:
            continue
        own = [p for p in profiles if p.university_id == university.id]
        programme = catalogue.get(OWN_PROGRAMMES.get(university.name, PROGRAMME_FOR_EVERYONE))
        items = (programme, catalogue.get(WORKSHOP), _sponsoring_job(own, activity))
        for spec, item in zip(COHORTS, items, strict=True):
            criteria = spec.criteria(today)
            cohort = Cohort(
                university=university,
                name=spec.name,
                criteria=criteria.to_json(),
                created_by_id=adviser.id,
                created_at=_days_ago(today, spec.days_ago),
            )
            db.session.add(cohort)
            added["cohorts"] += 1
            if item is None:
                continue
            promotion = _promotion(university, adviser, item, spec.note, cohort.created_at)
            promotion.cohort = cohort
            members = set(member_user_ids(university.id, criteria))
            deliveries.deliver(promotion, [p for p in own if p.user_id in members])
            added["promotions"] += 1
        for (profile, job), days_ago, note in zip(
            _personal_picks(own, featured, activity, deliveries.received),
            PERSONAL_DAYS_AGO,
            PERSONAL_NOTES,
            strict=False,
        ):
            first = profile.user.full_name.split()[0]
            at = _days_ago(today, days_ago)
            promotion = _promotion(university, adviser, job, note.format(first=first), at)
            promotion.graduate_id = profile.user_id
            deliveries.deliver(promotion, [profile])
            added["promotions"] += 1
    deliveries.finish()


def _days_ago(today: date, days: int) -> datetime:
    return datetime.combine(today - timedelta(days=days), time(10))


def _promotion(
    university: University, adviser: User, item: Opportunity, note: str, at: datetime
) -> Promotion:
    promotion = Promotion(
        university=university,
        opportunity=item,
        note=note,
        created_by_id=adviser.id,
        created_at=at,
    )
    db.session.add(promotion)
    return promotion


def _sponsoring_job(profiles: list[GraduateProfile], activity: Activity) -> Opportunity | None:
    """The permit-sponsoring job that most of the university's graduates match best."""
    counts: Counter[int] = Counter()
    jobs = {}
    for profile in profiles:
        for match in activity.ranked[profile.user_id].best[:5]:
            if match.job.sponsors_permit:
                counts[match.job.id] += 1
                jobs[match.job.id] = match.job
    return jobs[min(counts, key=lambda job_id: (-counts[job_id], job_id))] if counts else None


def _personal_picks(
    profiles: list[GraduateProfile],
    featured: set[str],
    activity: Activity,
    received: set[tuple[int, int]],
) -> list[tuple[GraduateProfile, Opportunity]]:
    """Sharing graduates, featured ones first, then those with a strong match, each with their
    best job that has not reached them through another promotion."""
    picks = []
    for profile in profiles:
        best = [
            match
            for match in activity.ranked[profile.user_id].best
            if (profile.user_id, match.job.id) not in received
        ]
        if profile.visibility in SHARED_WITH_CAREER_SERVICES and best:
            strong = best[0].band == "strong"
            picks.append(
                (
                    (profile.user.email not in featured, not strong, profile.user_id),
                    profile,
                    best[0].job,
                )
            )
    picks.sort(key=lambda pick: pick[0])
    return [(profile, job) for _order, profile, job in picks[: len(PERSONAL_DAYS_AGO)]]
