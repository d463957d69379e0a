"""An RQ worker killed mid-job (kill -9) leaves its job retried by the next worker, not lost,
and its effect lands in the database exactly once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import (
    BackgroundJob,
    FitState,
    JobState,
    ModelFit,
    ModelVersion,
    Role,
    Visibility,
)
from tests.conftest import emptied
from tests.factories import DEFAULT_PASSWORD, make_graduate, make_job, make_skills, make_user
from tests.faults.processes import wait_until


@pytest.fixture(autouse=True)
def _empty_database(app) -> Iterator[None]:
    """These tests use the shared test database (tests/faults/conftest.py leaves it alone for
    the others): emptied after each, as everywhere else."""
    yield from emptied(app)


def _row(app, model):
    """The one row of `model`, detached, or None."""
    with app.app_context():
        row = db.session.scalar(select(model))
        if row is not None:
            db.session.expunge(row)
        db.session.remove()
        return row


def _count(app, model) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(model))
        db.session.remove()
        return count or 0


def _signed_in_admin(app, rq_app):
    with app.app_context():
        skills = make_skills()
        make_job(title="Data analyst", required_skills=[skills["SQL"]])
        make_graduate(skills=[skills["SQL"]], visibility=Visibility.EMPLOYERS)
        email = make_user(Role.ADMIN, full_name="Ada Admin").email
    client = rq_app.test_client()
    assert client.post("/auth/login", data={"email": email, "password": DEFAULT_PASSWORD})
    return client


def test_a_refit_whose_worker_is_killed_mid_job_is_retried_and_stored_once(app, rq_app, workers):
    client = _signed_in_admin(app, rq_app)
    assert client.post("/admin/model/refit").status_code == 302
    # Enqueued on Redis: nothing runs in the web process.
    assert _row(app, ModelFit).state is FitState.QUEUED

    first = workers().start()
    wait_until(lambda: _row(app, ModelFit).state is FitState.RUNNING, 600, "the refit to start")
    first.kill()

    # Killed mid-fit: nothing stored, the job still marked running on its first attempt.
    assert _count(app, ModelVersion) == 0
    job = _row(app, BackgroundJob)
    assert (job.kind, job.state, job.attempts) == ("matching.requested_fit", JobState.RUNNING, 1)

    second = workers().start()
    wait_until(lambda: not _row(app, ModelFit).in_progress, 600, "the retried refit to finish")
    assert second.terminate() == 0, second.output()

    fit = _row(app, ModelFit)
    assert fit.state is FitState.SUCCEEDED, fit.error
    assert _count(app, ModelVersion) == 1  # not lost, not doubled
    assert _count(app, ModelFit) == 1
    job = _row(app, BackgroundJob)
    assert (job.state, job.attempts, job.last_error) == (JobState.DONE, 2, "AbandonedJobError")
    page = unescape(client.get("/admin/model").get_data(as_text=True))
    assert re.search(r"<td>Refit started here</td>\s*<td>\s*<span[^>]*>Done</span>", page)
    assert "<td>2 of 3</td>" in page
    assert "The worker running it stopped before it finished." in page
    assert f"Version {fit.model_version_id}" in page


def test_sigterm_lets_the_running_job_finish_before_the_worker_exits(app, rq_app, workers):
    client = _signed_in_admin(app, rq_app)
    assert client.post("/admin/model/refit").status_code == 302
    worker = workers().start()
    wait_until(lambda: _row(app, ModelFit).state is FitState.RUNNING, 600, "the refit to start")

    assert worker.terminate() == 0, worker.output()

    assert _row(app, ModelFit).state is FitState.SUCCEEDED
    assert _count(app, ModelVersion) == 1
    job = _row(app, BackgroundJob)
    assert (job.state, job.attempts) == (JobState.DONE, 1)
