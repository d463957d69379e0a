"""The demo applications: every step of the pipeline is there, with its history and notes."""

from __future__ import annotations

import re

from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import (
    Application,
    ApplicationStatus,
    Interaction,
    InteractionKind,
    Opportunity,
    OpportunityKind,
    Role,
)


def test_demo_graduates_applied_to_fitting_jobs_at_every_step(runner, app) -> None:
    result = runner.invoke(args=["seed-demo"])

    assert result.exit_code == 0, result.output
    assert re.search(r"\b[1-9][0-9]+ applications\b", result.output), result.output
    with app.app_context():
        applications = db.session.scalars(select(Application)).all()
        assert len(applications) >= 40
        assert {a.status for a in applications} == set(ApplicationStatus)
        for application in applications:
            assert application.applicant.role is Role.GRADUATE
            assert application.opportunity.organisation.verified
            assert application.events[0].status is ApplicationStatus.SUBMITTED
            assert application.events[-1].status is application.status
            assert application.cover_note and application.explanation
        interview = next(a for a in applications if a.status is ApplicationStatus.INTERVIEW)
        assert "We would like to meet you" in interview.events[-1].note
        # Programmes promoted by career services are applied to on the provider's own site.
        applies = db.session.scalars(
            select(Interaction)
            .join(Opportunity, Opportunity.id == Interaction.opportunity_id)
            .where(
                Interaction.kind == InteractionKind.APPLY, Opportunity.kind == OpportunityKind.JOB
            )
        ).all()
        assert len(applies) == len(applications)

    again = runner.invoke(args=["seed-demo"])
    assert "already there" in again.output
    with app.app_context():
        assert len(db.session.scalars(select(Application)).all()) == len(applications)
