"""Background jobs on both backends: in threads of the web process (the embedded default) and on
real RQ workers (`flask jobs work`) with a Redis of the test's own. Each job is recorded, retried
after a pause when it fails, and listed on the admin model page."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from sqlalchemy import select

from talentmatch import jobs
from talentmatch.extensions import db
from talentmatch.models import BackgroundJob, ErasureRequest, ErasureStep, JobState, Role, User
from tests import mailbox
from tests.factories import DEFAULT_PASSWORD, make_graduate, make_user


@jobs.job("tests.fail_first_attempts")
def fail_first_attempts(counter: str, failures: int) -> None:
    """A job of these tests: fails its first `failures` attempts, as a job meeting a passing
    outage does, counting attempts in the file `counter`."""
    path = Path(counter)
    attempt = int(path.read_text()) + 1 if path.exists() else 1
    path.write_text(str(attempt))
    if attempt <= failures:
        raise RuntimeError(f"attempt {attempt} meets an outage")


def _jobs(app) -> list[BackgroundJob]:
    with app.app_context():
        rows = list(db.session.scalars(select(BackgroundJob).order_by(BackgroundJob.id)))
        for row in rows:
            db.session.expunge(row)
        db.session.remove()
        return rows


def _model_page(app, some_app) -> str:
    with app.app_context():
        email = make_user(Role.ADMIN).email
    client = some_app.test_client()
    client.post("/auth/login", data={"email": email, "password": DEFAULT_PASSWORD})
    response = client.get("/admin/model")
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def _enqueue(some_app, kind: str, *arguments) -> None:
    with some_app.app_context():
        jobs.enqueue(kind, *arguments)


# In-process


@pytest.fixture
def retrying_app(make_app):
    return make_app(JOB_RETRY_INTERVALS=[0.1, 0.1])


def test_in_process_a_failing_job_is_retried_until_it_succeeds(app, retrying_app, tmp_path):
    _enqueue(retrying_app, "tests.fail_first_attempts", str(tmp_path / "count"), 2)
    assert jobs.backend(retrying_app).wait(timeout=60)

    [job] = _jobs(app)
    assert (job.state, job.attempts, job.max_attempts) == (JobState.DONE, 3, 3)
    assert job.last_error == "RuntimeError"  # kinds of errors only: a message may name someone
    page = _model_page(app, retrying_app)
    assert re.search(r"<td>tests.fail_first_attempts</td>\s*<td>\s*<span[^>]*>Done</span>", page)
    assert "<td>3 of 3</td>" in page and "<td>RuntimeError</td>" in page


def test_in_process_a_job_failing_every_attempt_ends_failed(app, retrying_app, tmp_path):
    _enqueue(retrying_app, "tests.fail_first_attempts", str(tmp_path / "count"), 5)
    assert jobs.backend(retrying_app).wait(timeout=60)

    [job] = _jobs(app)
    assert (job.state, job.attempts) == (JobState.FAILED, 3)
    assert (tmp_path / "count").read_text() == "3"
    assert re.search(
        r"<span[^>]*>Failed</span>\s*</td>\s*<td>3 of 3</td>", _model_page(app, retrying_app)
    )


def test_in_process_the_page_says_when_a_failed_job_is_tried_again(app, make_app, tmp_path):
    patient = make_app(JOB_RETRY_INTERVALS=[3600])
    _enqueue(patient, "tests.fail_first_attempts", str(tmp_path / "count"), 1)
    assert jobs.backend(patient).wait(timeout=60)  # the retry an hour away is not waited for

    [job] = _jobs(app)
    assert (job.state, job.attempts) == (JobState.RETRYING, 1)
    page = _model_page(app, patient)
    assert re.search(r"Retrying in 3[56]\d\d s</span>\s*</td>\s*<td>1 of 2</td>", page)


# RQ


def test_on_rq_mail_after_a_request_is_delivered_by_a_worker(
    app, make_app, redis_url, workers, smtp_server
):
    mail = {"MAIL_SERVER": smtp_server.host, "MAIL_PORT": str(smtp_server.port)}
    web = make_app(
        JOB_QUEUE="rq",
        REDIS_URL=redis_url,
        MAIL_BACKGROUND=True,
        **{**mail, "MAIL_PORT": smtp_server.port},
    )
    with app.app_context():
        make_graduate(email="aino@example.com")
    sent = web.test_client().post("/auth/forgot-password", data={"email": "aino@example.com"})
    assert sent.status_code == 302
    assert smtp_server.to("aino@example.com") == []  # the request only enqueued it

    workers(**mail).burst()

    [message] = smtp_server.to("aino@example.com")
    assert "/auth/reset/" in mailbox.body(message)
    [job] = _jobs(app)
    assert (job.kind, job.state, job.attempts) == ("mail.deliver", JobState.DONE, 1)


def test_on_rq_a_failing_job_is_retried_by_the_worker_then_marked_failed(app, rq_app, workers):
    _enqueue(rq_app, "erasure.run", 999_999)  # no such request: fails every attempt

    workers().burst()

    [job] = _jobs(app)
    assert (job.state, job.attempts, job.max_attempts) == (JobState.FAILED, 3, 3)
    assert job.last_error == "NotFound"
    page = _model_page(app, rq_app)
    assert re.search(
        r"<td>Account erasure</td>\s*<td>\s*<span[^>]*>Failed</span>\s*</td>\s*<td>3 of 3</td>"
        r"\s*<td>NotFound</td>",
        page,
    )


def test_on_rq_a_retry_waits_for_its_interval_and_the_page_says_when(
    app, make_app, redis_url, workers
):
    patient = make_app(JOB_QUEUE="rq", REDIS_URL=redis_url, JOB_RETRY_INTERVALS=[3600])
    _enqueue(patient, "erasure.run", 999_999)

    workers().burst()  # one attempt; the retry is scheduled an hour later

    [job] = _jobs(app)
    assert (job.state, job.attempts) == (JobState.RETRYING, 1)
    page = _model_page(app, patient)
    assert re.search(r"Retrying in 3[56]\d\d s</span>\s*</td>\s*<td>1 of 2</td>", page)


def test_on_rq_deleting_an_account_closes_it_at_once_and_a_worker_erases_it(app, rq_app, workers):
    with app.app_context():
        user_id = make_graduate("mei@example.com", full_name="Mei Lin").id
    client = rq_app.test_client()
    client.post("/auth/login", data={"email": "mei@example.com", "password": DEFAULT_PASSWORD})

    response = client.post(
        "/privacy/delete", data={"password": DEFAULT_PASSWORD}, follow_redirects=True
    )

    assert "Your personal data is being deleted in the background" in response.get_data(
        as_text=True
    )
    with app.app_context():
        user = db.session.get(User, user_id)
        assert not user.active and user.full_name == "Mei Lin"  # closed; erased by the worker
        assert db.session.scalar(select(ErasureRequest.step)) is ErasureStep.SESSIONS_ENDED
    assert client.get("/privacy/account").status_code == 302  # signed out everywhere

    workers().burst()

    with app.app_context():
        user = db.session.get(User, user_id)
        assert user.full_name == "" and user.email == f"erased-{user_id}@erased.invalid"
        assert db.session.scalar(select(ErasureRequest.step)) is ErasureStep.DONE
    [job] = _jobs(app)
    assert (job.kind, job.state) == ("erasure.run", JobState.DONE)
