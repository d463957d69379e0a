"""The model page: the active version and its numbers, earlier versions, and refits started by
a button that run in the background with their progress shown."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import FitState, ModelFit, ModelVersion, OpportunityKind, Role, Visibility
from talentmatch.models.timestamps import utcnow
from talentmatch.services import matching
from tests.factories import (
    make_graduate,
    make_job,
    make_opportunity,
    make_organisation,
    make_skills,
    make_user,
)

REFRESH = '<meta http-equiv="refresh"'


@pytest.fixture
def admin(app, auth) -> int:
    with app.app_context():
        skills = make_skills()
        organisation = make_organisation()
        make_job(organisation, title="Data analyst", required_skills=[skills["SQL"]])
        make_opportunity(
            OpportunityKind.COMMUNITY, title="Data community", organisation=organisation
        )
        make_graduate(skills=[skills["SQL"]], visibility=Visibility.EMPLOYERS)
        user = make_user(Role.ADMIN, full_name="Ada Admin")
        email, user_id = user.email, user.id
    auth.login(email)
    return user_id


def _page(client) -> str:
    response = client.get("/admin/model")
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def _finish_background_work(app) -> None:
    assert app.extensions["jobs"].wait(timeout=300), "the refit did not finish"


def _fits(app) -> list[ModelFit]:
    with app.app_context():
        fits = list(db.session.scalars(select(ModelFit).order_by(ModelFit.id)))
        for fit in fits:
            db.session.expunge(fit)
        return fits


def test_the_page_shows_the_active_version_and_its_numbers(app, client, admin):
    with app.app_context():
        version = matching.fit_and_activate()
        version_id, sha256 = version.id, version.sha256
    page = _page(client)
    assert "Active version" in page
    assert f"<dd>{version_id}</dd>" in page
    assert "2 opportunities, 1 profile" in page
    assert sha256 in page
    # The evaluation: the one job, tried for a graduate with half of its skills, ranks first.
    assert re.search(r"<dt>Jobs tried</dt><dd>1</dd>\s*<dt>Ranked first</dt><dd>100%</dd>", page)
    assert "<dt>Communities</dt><dd>1</dd>" in page and "<dt>Jobs</dt><dd>1</dd>" in page
    assert REFRESH not in page
    assert "Start a refit" in page


def test_a_page_without_any_version_says_so(app, client, admin):
    page = _page(client)
    assert "No model version is active yet" in page
    assert "Start a refit" in page


def test_the_refit_button_fits_a_new_version_in_the_background(app, client, admin):
    with app.app_context():
        first_id = matching.fit_and_activate().id
    response = client.post("/admin/model/refit")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/model"
    _finish_background_work(app)

    [fit] = _fits(app)
    assert fit.state is FitState.SUCCEEDED and not fit.in_progress
    assert fit.requested_by_id == admin and fit.error == ""
    assert fit.started_at is not None and fit.finished_at >= fit.started_at
    with app.app_context():
        active = db.session.scalar(select(ModelVersion).where(ModelVersion.active.is_(True)))
        assert active.id == fit.model_version_id != first_id
    page = _page(client)
    assert "Succeeded" in page and f"Version {fit.model_version_id}" in page
    assert f"<dd>{fit.model_version_id}</dd>" in page  # the new one is the active version
    assert "Ada Admin" in page
    assert REFRESH not in page


def test_a_second_click_while_a_refit_runs_starts_nothing(app, client, admin):
    with app.app_context():
        db.session.add(
            ModelFit(
                requested_by_id=admin,
                state=FitState.RUNNING,
                step="learning vocabulary",
                started_at=utcnow(),
            )
        )
        db.session.commit()
    page = _page(client)
    assert REFRESH in page
    assert "A refit is running: Learning the vocabulary and skill weights…" in page
    assert "Start a refit" not in page

    response = client.post("/admin/model/refit", follow_redirects=True)
    assert "A refit is already running" in unescape(response.get_data(as_text=True))
    _finish_background_work(app)
    assert len(_fits(app)) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ModelVersion)) == 0


def test_a_failed_refit_shows_its_message(app, client, admin, monkeypatch):
    monkeypatch.setitem(app.config, "MATCHING_ARTEFACT_KEY", "too short")
    client.post("/admin/model/refit")
    _finish_background_work(app)
    [fit] = _fits(app)
    assert fit.state is FitState.FAILED and not fit.in_progress
    assert "MATCHING_ARTEFACT_KEY must be at least" in fit.error
    page = _page(client)
    assert "Failed" in page and "MATCHING_ARTEFACT_KEY must be at least" in page
    assert "Start a refit" in page  # a failure does not block the next one


def test_a_refit_abandoned_by_a_stopped_process_does_not_block_a_new_one(app, client, admin):
    with app.app_context():
        db.session.add(
            ModelFit(
                requested_by_id=admin,
                state=FitState.RUNNING,
                requested_at=utcnow() - timedelta(hours=3),
            )
        )
        db.session.commit()
    client.post("/admin/model/refit")
    _finish_background_work(app)
    abandoned, new = _fits(app)
    assert abandoned.state is FitState.FAILED and "Interrupted" in abandoned.error
    assert new.state is FitState.SUCCEEDED


def test_only_administrators_see_the_model_page(app, client, auth, admin):
    auth.logout()
    with app.app_context():
        email = make_user(Role.CAREER_SERVICES).email
    auth.login(email)
    assert client.get("/admin/model").status_code == 403
    assert client.post("/admin/model/refit").status_code == 403
    assert _fits(app) == []
