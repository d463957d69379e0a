"""The engine's lifecycle: stored versions, hash checks, reloading, incremental updates, /readyz."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import date, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from talentmatch.engine import ServedEngine, matching_engine
from talentmatch.extensions import db
from talentmatch.models import (
    EmploymentType,
    ModelVersion,
    OpportunityKind,
    RemoteMode,
    Role,
    Visibility,
)
from talentmatch.recommender import store
from talentmatch.services import curation, jobs, matching, model_versions
from talentmatch.services.opportunities import OpportunityInput
from talentmatch.services.skills import SkillsInput
from tests.factories import (
    make_employer,
    make_graduate,
    make_job,
    make_opportunity,
    make_organisation,
    make_skills,
    make_user,
)

pytestmark = pytest.mark.usefixtures("checks_every_request")


@pytest.fixture
def catalogue_data(app_ctx):
    skills = make_skills()
    organisation = make_organisation()
    make_job(organisation, title="Data analyst", required_skills=[skills["SQL"]])
    make_job(organisation, title="Marketing coordinator")
    make_opportunity(OpportunityKind.COMMUNITY, title="Data community", organisation=organisation)
    graduate = make_graduate(
        skills=[skills["SQL"], skills["Python (computer programming)"]],
        visibility=Visibility.EMPLOYERS,
    )
    return {"skills": skills, "organisation": organisation, "graduate": graduate}


def served(app: Flask) -> ServedEngine:
    return app.extensions["matching"]


def _count_versions() -> int:
    return db.session.scalar(select(func.count()).select_from(ModelVersion)) or 0


def test_fit_and_activate_stores_a_signed_active_version(catalogue_data):
    version = matching.fit_and_activate()
    stored = db.session.get(ModelVersion, version.id)
    assert stored.active
    assert stored.sha256 == hashlib.sha256(stored.artefact).hexdigest()
    assert stored.signature == store.sign(stored.artefact, model_versions.artefact_key())
    assert stored.size == len(stored.artefact) > 0
    assert stored.opportunity_count == 3
    assert stored.profile_count == 1
    assert stored.fit_seconds > 0
    assert json.loads(stored.metrics)["opportunities_by_kind"] == {
        "job": 2,
        "programme": 0,
        "community": 1,
        "event": 0,
        "course": 0,
    }


def test_activating_a_version_deactivates_the_others_and_old_ones_are_pruned(
    app, catalogue_data, monkeypatch
):
    monkeypatch.setitem(app.config, "MATCHING_VERSIONS_KEPT", 2)
    versions = [matching.fit_and_activate().id for _ in range(3)]
    stored = db.session.scalars(select(ModelVersion).order_by(ModelVersion.id)).all()
    assert [v.id for v in stored] == versions[1:]
    assert [v.active for v in stored] == [False, True]

    model_versions.activate_version(versions[1])
    assert [
        v.active for v in db.session.scalars(select(ModelVersion).order_by(ModelVersion.id))
    ] == [
        True,
        False,
    ]


def test_a_corrupted_artefact_is_refused(catalogue_data, other_worker, caplog):
    version = matching.fit_and_activate()
    version.artefact = version.artefact[:-1] + bytes([version.artefact[-1] ^ 0xFF])
    db.session.commit()
    # Read here: the other worker's context must not load this session's rows.
    token = (version.id, version.activated_at)
    worker = served(other_worker).holder
    with other_worker.app_context():
        with caplog.at_level(logging.ERROR):
            assert worker.engine(fit_if_missing=False) is None
        assert f"Model version {token[0]} is refused and not loaded" in caplog.text
        assert worker.refused == {token}

        # A worker with nothing to serve fits a fresh version instead of loading the bad one.
        assert worker.engine() is not None
    assert worker.version[0] != token[0]
    assert _count_versions() == 2


def test_a_second_worker_notices_a_newly_activated_version(catalogue_data, other_worker):
    first = matching.fit_and_activate()
    worker = served(other_worker).holder
    with other_worker.app_context():
        assert worker.engine() is not None
    assert worker.version[0] == first.id

    second = matching.fit_and_activate()
    with other_worker.app_context():
        worker.engine()
    assert worker.version[0] == second.id


def test_a_worker_loads_the_active_version_instead_of_fitting(catalogue_data, other_worker):
    version = matching.fit_and_activate()
    worker = served(other_worker).holder
    with other_worker.app_context():
        assert worker.engine() is not None
    assert worker.version == (version.id, version.activated_at)
    assert _count_versions() == 1


def test_a_new_job_is_recommendable_at_once_without_a_refit(catalogue_data):
    matching.fit_and_activate()
    employer = make_employer(catalogue_data["organisation"])
    sql = catalogue_data["skills"]["SQL"]
    job = jobs.create_job(
        employer,
        OpportunityInput(
            title="SQL reporting specialist",
            description="Reports in SQL.",
            required_skills=SkillsInput(tokens=(f"esco:{sql.id}:SQL",)),
            employment_type=EmploymentType.FULL_TIME,
        ),
        publish=True,
        today=date.today(),
    )
    recommended = matching.recommend_for(catalogue_data["graduate"], OpportunityKind.JOB, k=10)
    assert job.id in [r.opportunity.id for r in recommended]
    assert _count_versions() == 1  # no refit happened

    jobs.close_job(employer, job.id)
    recommended = matching.recommend_for(catalogue_data["graduate"], OpportunityKind.JOB, k=10)
    assert job.id not in [r.opportunity.id for r in recommended]


def test_another_worker_picks_up_an_edit_within_its_check_interval(catalogue_data, other_worker):
    matching.fit_and_activate()
    worker = served(other_worker).holder
    with other_worker.app_context():
        worker.engine()
    job = make_job(catalogue_data["organisation"], title="Brand new role")
    assert str(job.id) not in worker.recommender.opportunity_ids
    with other_worker.app_context():
        worker.engine()
    assert str(job.id) in worker.recommender.opportunity_ids


def test_curated_items_are_recommendable_at_once(catalogue_data):
    matching.fit_and_activate()
    admin = make_user(Role.ADMIN)
    item = curation.create_item(
        admin,
        OpportunityKind.EVENT,
        OpportunityInput(title="SQL meetup", remote_mode=RemoteMode.REMOTE, starts_at=_soon()),
        publish=True,
        today=date.today(),
        provider=curation.Provider(organisation_id=catalogue_data["organisation"].id),
    )
    assert str(item.id) in matching_engine.holder.recommender.opportunity_ids
    curation.close_item(admin, item.id)
    assert str(item.id) not in matching_engine.holder.recommender.opportunity_ids


def _soon() -> datetime:
    return datetime.now().replace(microsecond=0) + timedelta(days=7)


def test_a_background_refit_runs_in_a_thread_here(app, monkeypatch, catalogue_data):
    matching.fit_and_activate()
    monkeypatch.setitem(app.config, "MATCHING_BACKGROUND_REFIT", True)
    # The first refit waits two seconds, so the second request (due later) finds it waiting
    # and shares it, however busy the machine is between the two calls.
    assert served(app).refits.request(delay=2) == "scheduled"
    assert served(app).refits.request(delay=30) == "pending"  # the waiting one is shared
    assert served(app).refits.wait(timeout=60)
    db.session.expire_all()
    assert _count_versions() == 2


def test_background_refits_are_off_in_tests_by_default(app, catalogue_data):
    assert served(app).refits.request() == "off"


def test_readyz_reports_the_database_and_the_model(app, client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable",
        "database": "ok",
        "model": "missing",
        "queue": "in-process",
        "missing": ["model"],
    }
    with app.app_context():
        make_job(title="Data analyst")
        version = matching.fit_and_activate()
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ready",
        "database": "ok",
        "model": "ok",
        "model_version": str(version.id),
        "queue": "in-process",
        "missing": [],
    }


def test_the_first_request_warms_up_the_engine_in_the_background(app, make_app):
    with app.app_context():
        make_job(title="Data Engineer")
    warm = make_app(MATCHING_WARM_UP=True, MATCHING_CHECK_SECONDS=0, MATCHING_BACKGROUND_REFIT=True)
    client = warm.test_client()
    assert client.get("/healthz").status_code == 200
    # A load balancer asking for readiness meanwhile must not start a second fit.
    client.get("/readyz")
    assert served(warm).warm_up.wait(180)
    assert served(warm).refits.wait(60)
    with app.app_context():
        versions = db.session.scalars(select(ModelVersion)).all()
        assert [(v.active, v.opportunity_count) for v in versions] == [(True, 1)]
