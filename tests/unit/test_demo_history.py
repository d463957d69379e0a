"""The history `flask seed-demo` gives career services: classes of consenting graduates big
enough to show, weeks of match summaries, a funnel through to hires, promotions that were
received and acted on, and first-destination answers at both checkpoints."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date, timedelta

from sqlalchemy import func, select

from talentmatch.demo.accounts import UNUSABLE_PREFIX
from talentmatch.demo.classes import class_years
from talentmatch.extensions import db
from talentmatch.models import (
    Application,
    ApplicationStatus,
    Cohort,
    GraduateProfile,
    Interaction,
    InteractionKind,
    MatchSummary,
    Opportunity,
    OpportunityKind,
    Promotion,
    Role,
    University,
    User,
)
from talentmatch.models.enums import HELSINKI_REGION
from talentmatch.models.outcomes import (
    OutcomeResponse,
    OutcomeSource,
    OutcomeStatus,
    checkpoint_due,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.services.cohorts import CohortCriteria, outcome_sharing, sharing_profiles

PRIVACY_MINIMUM = 5
BANDS = {"strong", "good", "some"}


def _counting_graduates(university_id: int) -> list[GraduateProfile]:
    """Graduates who share their profile with the university and let their outcome count."""
    return list(
        db.session.scalars(
            sharing_profiles(university_id).where(outcome_sharing(GraduateProfile.user_id))
        )
    )


def _sharing_user_ids(university_id: int) -> set[int]:
    return set(
        db.session.scalars(
            sharing_profiles(university_id).with_only_columns(GraduateProfile.user_id)
        )
    )


def test_every_university_has_classes_to_show_and_answers_at_both_checkpoints(runner, app):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    today = date.today()

    with app.app_context():
        universities = db.session.scalars(select(University)).all()
        assert len(universities) == 9
        answers = {
            (r.user_id, r.checkpoint): r for r in db.session.scalars(select(OutcomeResponse))
        }
        for university in universities:
            counting = _counting_graduates(university.id)
            classes = defaultdict(list)
            for profile in counting:
                classes[profile.graduation_year].append(profile)
            for year in class_years(today):
                assert len(classes[year]) >= PRIVACY_MINIMUM, (university.name, year)
                for checkpoint in (6, 12):
                    if checkpoint_due(year, checkpoint) > today:
                        assert not any((p.user_id, checkpoint) in answers for p in classes[year])
                        continue
                    asked = [answers.get((p.user_id, checkpoint)) for p in classes[year]]
                    assert all(asked), (university.name, year, checkpoint)  # every one asked
                    known = [a for a in asked if a.status is not None]
                    assert len(known) >= PRIVACY_MINIMUM, (university.name, year, checkpoint)

        counting_ids = {p.user_id for u in universities for p in _counting_graduates(u.id)}
        years = {p.user_id: p.graduation_year for p in db.session.scalars(select(GraduateProfile))}
        by_checkpoint: dict[int, Counter[str]] = {6: Counter(), 12: Counter()}
        for (user_id, checkpoint), answer in answers.items():
            # Only graduates who let their outcome count, asked when their checkpoint came.
            assert user_id in counting_ids
            due = checkpoint_due(years[user_id], checkpoint)
            assert due <= today and answer.asked_at.date() == due
            if answer.status is None:
                by_checkpoint[checkpoint]["unanswered"] += 1
                assert answer.answered_at is None
                continue
            assert answer.answered_at is not None and answer.answered_at <= utcnow()
            if answer.status is OutcomeStatus.EMPLOYED:
                assert answer.employer_name
                region = answer.municipality in HELSINKI_REGION
                by_checkpoint[checkpoint]["region" if region else "elsewhere in Finland"] += 1
            else:
                by_checkpoint[checkpoint][answer.status.value] += 1
        for checkpoint, counts in by_checkpoint.items():
            for kind in ("region", "elsewhere in Finland", "left_finland", "seeking"):
                assert counts[kind] > 0, (checkpoint, kind)
            assert counts["further_study"] > 0 and counts["unanswered"] > 0, checkpoint
            known = sum(counts.values()) - counts["unanswered"]
            assert counts["region"] > known / 2  # most stayed in the region
        # A year on, fewer are still looking.
        assert by_checkpoint[12]["seeking"] < by_checkpoint[6]["seeking"]

        filled = [a for a in answers.values() if a.source is OutcomeSource.HIRE]
        assert len(filled) >= 3
        for answer in filled:
            # The hire through TalentMatch that filled the answer in, before the checkpoint.
            due = checkpoint_due(years[answer.user_id], answer.checkpoint)
            hires = db.session.scalars(
                select(Application).where(
                    Application.user_id == answer.user_id,
                    Application.status == ApplicationStatus.HIRED,
                )
            ).all()
            assert any(
                hire.opportunity.organisation.name == answer.employer_name
                and hire.opportunity.municipality == answer.municipality
                and hire.events[-1].created_at == answer.answered_at
                and hire.events[-1].created_at.date() <= due
                for hire in hires
            )
            assert answer.found_through_talentmatch is True


def test_career_services_have_weeks_of_matches_a_funnel_and_promotions_acted_on(runner, app):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    today = date.today()
    now = utcnow()

    with app.app_context():
        titles = dict(db.session.execute(select(Opportunity.id, Opportunity.title)).all())
        coverage_moved = 0
        first_share, last_share = [], []
        for university in db.session.scalars(select(University)):
            graduates = _sharing_user_ids(university.id)
            summaries = db.session.scalars(
                select(MatchSummary).where(MatchSummary.user_id.in_(graduates))
            ).all()
            days = sorted({s.computed_on for s in summaries})
            assert days[-1] == today and days[0] <= today - timedelta(weeks=20), university.name
            assert len(days) >= 20
            for summary in summaries:
                for entry in _top(summary):
                    assert titles[entry["opportunity_id"]] == entry["title"]
                    assert entry["band"] in BANDS and entry["kind"] == "job"
                strong_listed = sum(1 for e in _top(summary) if e["band"] == "strong")
                assert strong_listed <= summary.strong_matches
            shares = []
            for day in (days[0], days[-1]):
                that_day = [s for s in summaries if s.computed_on == day]
                shares.append(sum(s.strong_matches >= 3 for s in that_day) / len(that_day))
            first_share.append(shares[0])
            last_share.append(shares[1])
            coverage_moved += shares[0] != shares[1]

            # The funnel: seen, saved, applied, and on through interview and offer to a hire.
            kinds = set(
                db.session.scalars(
                    select(Interaction.kind).where(Interaction.user_id.in_(graduates)).distinct()
                )
            )
            assert {InteractionKind.VIEW, InteractionKind.SAVE, InteractionKind.APPLY} <= kinds
            applications = db.session.scalars(
                select(Application).where(Application.user_id.in_(graduates))
            ).all()
            steps = {event.status for a in applications for event in a.events}
            assert {
                ApplicationStatus.INTERVIEW,
                ApplicationStatus.OFFER,
                ApplicationStatus.HIRED,
            } <= steps
            for application in applications:
                times = [event.created_at for event in application.events]
                assert times == sorted(times) and times[-1] <= now

            _check_promotions(university, graduates, now)
        assert coverage_moved >= 5
        assert sum(last_share) > sum(first_share)


def _top(summary: MatchSummary) -> list[dict]:
    return json.loads(summary.top)


def _check_promotions(university: University, graduates: set[int], now) -> None:
    cohorts = db.session.scalars(select(Cohort).where(Cohort.university_id == university.id)).all()
    assert len(cohorts) >= 2
    assert all(not CohortCriteria.from_json(c.criteria).is_empty for c in cohorts)
    promotions = db.session.scalars(
        select(Promotion).where(Promotion.university_id == university.id)
    ).all()
    assert len(promotions) >= 3
    assert any(p.cohort_id for p in promotions) and any(p.graduate_id for p in promotions)
    opened = acted = 0
    for promotion in promotions:
        assert promotion.note.strip() and promotion.created_by.university_id == university.id
        assert promotion.deliveries, promotion.opportunity.title
        for delivery in promotion.deliveries:
            assert delivery.user_id in graduates
            assert delivery.opportunity_id == promotion.opportunity_id
            assert delivery.delivered_at <= now
            if promotion.graduate_id:
                assert delivery.user_id == promotion.graduate_id
            eligible = promotion.opportunity.eligible_universities
            if eligible:
                assert delivery.user.profile.university in eligible
            if delivery.opened_at is None:
                continue
            opened += 1
            assert delivery.delivered_at <= delivery.opened_at <= now
            later = db.session.scalar(
                select(func.count())
                .select_from(Interaction)
                .where(
                    Interaction.user_id == delivery.user_id,
                    Interaction.opportunity_id == delivery.opportunity_id,
                    Interaction.kind.in_((InteractionKind.SAVE, InteractionKind.APPLY)),
                    Interaction.created_at >= delivery.opened_at,
                )
            )
            acted += bool(later)
    assert opened and acted, university.name
    # Not everyone opened what they received: the open rate is a rate.
    assert opened < sum(len(p.deliveries) for p in promotions)
    assert any(p.opportunity.kind is OpportunityKind.JOB for p in promotions)


def test_the_demo_graduate_with_a_password_was_asked_and_has_not_answered(runner, app):
    """Whoever signs in as the demo graduate finds the survey waiting, not answers that
    contradict the rest of that graduate's story."""
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        graduate = db.session.scalar(
            select(User)
            .where(User.role == Role.GRADUATE, User.demo.is_(True))
            .where(User.password_hash.not_like(f"{UNUSABLE_PREFIX}%"))
        )
        assert graduate is not None
        rows = db.session.scalars(
            select(OutcomeResponse).where(OutcomeResponse.user_id == graduate.id)
        ).all()
        assert rows and all(r.asked_at is not None and r.status is None for r in rows)
