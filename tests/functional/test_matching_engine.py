"""The matching engine extension: an engine of its own for every app, and the
`opportunity_changed` signal that brings every change a service makes to it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from flask import Flask

from talentmatch.engine import ServedEngine, matching_engine
from talentmatch.extensions import db
from talentmatch.models import EmploymentType, OpportunityKind, RemoteMode, Role
from talentmatch.services import curation, jobs, matching
from talentmatch.services.opportunities import OpportunityInput
from talentmatch.services.skills import SkillsInput
from talentmatch.signals import announce_opportunity_changed, opportunity_changed
from tests.factories import (
    make_employer,
    make_graduate,
    make_job,
    make_organisation,
    make_skills,
    make_user,
)

TODAY = date.today()


@pytest.fixture(autouse=True)
def _workers_check_for_changes_on_every_request(app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "MATCHING_CHECK_SECONDS", 0)


@pytest.fixture
def sql_world(app_ctx):
    skills = make_skills()
    organisation = make_organisation()
    make_job(organisation, title="Data analyst", required_skills=[skills["SQL"]])
    return {
        "sql": skills["SQL"],
        "employer": make_employer(organisation),
        "graduate": make_graduate(skills=[skills["SQL"]]),
    }


def served(app: Flask) -> ServedEngine:
    return app.extensions["matching"]


def _sql_job(sql, title: str = "SQL reporting specialist") -> OpportunityInput:
    return OpportunityInput(
        title=title,
        description="Reports in SQL.",
        required_skills=SkillsInput(tokens=(f"esco:{sql.id}:SQL",)),
        employment_type=EmploymentType.FULL_TIME,
    )


def _recommended_job_titles(graduate) -> list[str]:
    found = matching.recommend_for(graduate, OpportunityKind.JOB, k=10)
    return [r.opportunity.title for r in found]


def test_two_apps_in_one_process_serve_engines_of_their_own(app, make_app, sql_world):
    other = make_app(MATCHING_CHECK_SECONDS=0)
    assert served(other) is not served(app)

    version = matching.fit_and_activate()
    assert served(app).holder.loaded()
    assert not served(other).holder.loaded()  # fitting in one app installs nothing in another

    version_id = str(version.id)  # read before the other app's context is pushed
    with other.app_context():
        assert other.test_client().get("/readyz").get_json()["model_version"] == version_id
    assert served(other).holder.recommender is not served(app).holder.recommender


def test_an_opportunity_change_reaches_the_engine_of_the_app_that_made_it(app, make_app, sql_world):
    matching.fit_and_activate()
    # A second worker that asks the database for changes only once an hour.
    other = make_app(MATCHING_CHECK_SECONDS=3600)
    with other.app_context():
        served(other).holder.engine()

    job = jobs.create_job(sql_world["employer"], _sql_job(sql_world["sql"]), True, TODAY)

    assert "SQL reporting specialist" in _recommended_job_titles(sql_world["graduate"])
    assert str(job.id) not in served(other).holder.recommender.opportunity_ids

    jobs.update_job(
        sql_world["employer"], job.id, _sql_job(sql_world["sql"], "SQL analytics lead"), TODAY
    )
    titles = _recommended_job_titles(sql_world["graduate"])
    assert "SQL analytics lead" in titles
    assert "SQL reporting specialist" not in titles


def test_every_change_a_service_commits_is_announced(app, sql_world):
    heard: list[int] = []

    def listener(sender: Flask, opportunity_id: int) -> None:
        assert sender is app
        heard.append(opportunity_id)

    employer, admin = sql_world["employer"], make_user(Role.ADMIN)
    with opportunity_changed.connected_to(listener, sender=app):
        job = jobs.create_job(employer, _sql_job(sql_world["sql"]), False, TODAY)
        jobs.update_job(employer, job.id, _sql_job(sql_world["sql"]), TODAY, publish=True)
        jobs.close_job(employer, job.id)
        jobs.reopen_job(employer, job.id, TODAY)
        event = curation.create_item(
            admin,
            OpportunityKind.EVENT,
            OpportunityInput(title="SQL meetup", remote_mode=RemoteMode.REMOTE, starts_at=_soon()),
            publish=True,
            today=TODAY,
            provider=curation.Provider(organisation_id=employer.organisation_id),
        )
        curation.update_item(
            admin,
            event.id,
            OpportunityInput(title="SQL night", remote_mode=RemoteMode.REMOTE, starts_at=_soon()),
            TODAY,
        )
        curation.close_item(admin, event.id)
        curation.reopen_item(admin, event.id, TODAY)
    assert heard == [job.id] * 4 + [event.id] * 4


def test_a_deleted_opportunity_leaves_the_engine_once_announced(sql_world):
    matching.fit_and_activate()
    job = jobs.create_job(sql_world["employer"], _sql_job(sql_world["sql"]), True, TODAY)
    assert "SQL reporting specialist" in _recommended_job_titles(sql_world["graduate"])

    job_id = job.id
    db.session.delete(job)
    db.session.commit()
    announce_opportunity_changed(job_id)

    # Recommendations only ever show rows that exist; the engine itself must let go too.
    assert "SQL reporting specialist" not in _recommended_job_titles(sql_world["graduate"])
    assert str(job_id) not in matching_engine.holder.recommender.opportunity_ids


def _soon() -> datetime:
    return datetime.now().replace(microsecond=0) + timedelta(days=7)
