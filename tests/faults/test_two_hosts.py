"""Two hosts of one deployment (two gunicorn instances with the production settings) on one
PostgreSQL and one Redis share sessions, rate limits and the active model version, and a job
posted through one is recommended through the other within seconds."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from limits import parse as parse_limit

from config import Config
from tests.faults.processes import REPO, Visitor, job_form_values, serving, wait_until


def _model_version(visitor: Visitor) -> str:
    answer = visitor.get("/readyz")
    assert answer.status == 200, answer.text
    return json.loads(answer.text)["model_version"]


def _refit(environment: dict[str, str]) -> str:
    """`flask recommender fit` run on a host with its environment; the version it activated."""
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "recommender", "fit"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return done.stdout.split("Model version ", 1)[1].split()[0]


def test_two_hosts_share_sessions_limits_model_and_new_jobs(
    world, redis_server, environment, tmp_path
):
    settings = environment(world.database_url, redis_server.url)
    with (
        serving(settings, tmp_path / "a.log", workers=1) as host_a,
        serving(settings, tmp_path / "b.log", workers=1) as host_b,
    ):
        # A session signed in through A is the same session on B.
        graduate_a = Visitor(host_a.port, "203.0.113.21")
        assert graduate_a.sign_in(world.graduate, world.password).status == 302
        graduate_b = Visitor(host_b.port, "203.0.113.21")
        graduate_b.cookies = dict(graduate_a.cookies)
        profile = graduate_b.get("/graduates/profile")
        assert profile.status == 200
        assert "Grace Graduate" in profile.text

        # Failed logins for one address counted on A are refused on B once over the limit
        # (whether the account exists plays no part).
        allowed = parse_limit(Config.LOGIN_ACCOUNT_RATE_LIMIT).amount
        guesser_a = Visitor(host_a.port, "198.51.100.7")
        for _ in range(allowed):
            assert guesser_a.sign_in("ada@example.com", "not the password").status == 400
        guesser_b = Visitor(host_b.port, "198.51.100.8")
        refused = guesser_b.sign_in("ada@example.com", "not the password")
        assert refused.status == 429
        assert int(refused.headers["retry-after"]) >= 1

        # After a refit on A, both hosts serve the version it activated.
        fitted = _refit(host_a.environment)
        wait_until(
            lambda: _model_version(graduate_a) == _model_version(graduate_b) == fitted,
            15,
            f"both hosts serving model version {fitted}",
        )

        # A job posted through A (the employer's form, CSRF token and all) is in the matching
        # graduate's For you on B within five seconds.
        employer = Visitor(host_a.port, "203.0.113.22")
        assert employer.sign_in(world.employer, world.password).status == 302
        posted = employer.submit(
            "/employers/jobs/new", **job_form_values("Harbour data engineer", world.python_skill)
        )
        assert posted.status == 302, posted.text[-2000:]
        deadline = time.monotonic() + 5
        while "Harbour data engineer" not in graduate_b.get("/graduates/for-you").text:
            assert time.monotonic() < deadline, "the new job is not in For you on B after 5 s"
            time.sleep(0.2)
