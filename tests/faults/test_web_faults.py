"""Faults under load against real processes: a gunicorn worker killed, PostgreSQL restarted,
Redis stopped, the arbiter told to stop. Whatever happens, every job whose posting was
acknowledged (a redirect to its page) is in the database exactly once, and no request is
answered with a 500."""

from __future__ import annotations

import os
import signal
import socket
import time
from urllib.parse import urlencode

import pytest
from limits import parse as parse_limit

from config import Config
from tests.faults.conftest import (
    assert_acknowledged_exactly_once,
    seed_world,
    titles_in_database,
)
from tests.faults.processes import (
    HOST,
    JOB_PAGE,
    Load,
    Visitor,
    form_fields,
    job_form_values,
    post_job,
    serving,
    wait_until,
)


def _employers(port: int, world, count: int) -> list[Visitor]:
    """`count` signed-in browsers of the world's employer, each as its own client."""
    visitors = []
    for number in range(count):
        visitor = Visitor(port, f"203.0.113.{100 + number}")
        assert visitor.sign_in(world.employer, world.password).status == 302
        visitors.append(visitor)
    return visitors


def _job_posting_load(visitors: list[Visitor], world, name: str) -> Load:
    return Load(
        lambda thread, count: post_job(
            visitors[thread], f"{name} job {thread}-{count}", world.python_skill
        ),
        threads=len(visitors),
    )


def test_a_worker_killed_under_load_loses_no_acknowledged_job(
    world, redis_server, environment, tmp_path
):
    settings = environment(world.database_url, redis_server.url)
    with serving(settings, tmp_path / "gunicorn.log", workers=2) as server:
        employers = _employers(server.port, world, 4)
        with _job_posting_load(employers, world, "Killed-worker") as load:
            load.wait_for(8)
            victim = server.workers()[0]
            os.kill(victim, signal.SIGKILL)
            wait_until(
                lambda: victim not in server.workers() and len(server.workers()) == 2,
                30,
                "the arbiter replacing the killed worker",
            )
            posted_before = len(load.acknowledged())
            wait_until(
                lambda: len(load.acknowledged()) >= posted_before + 8, 120, "8 more jobs posted"
            )
    assert 500 not in load.statuses()
    assert_acknowledged_exactly_once(world.database_url, load.acknowledged())


def test_a_postgresql_restart_under_load_gives_503s_then_recovers(
    own_postgres, redis_server, environment, tmp_path
):
    world = seed_world(own_postgres.url)
    settings = environment(world.database_url, redis_server.url)
    with serving(settings, tmp_path / "gunicorn.log", workers=1) as server:
        employers = _employers(server.port, world, 3)
        with _job_posting_load(employers, world, "Restart") as load:
            load.wait_for(4)
            own_postgres.stop()
            during = len(load.outcomes)
            wait_until(lambda: 503 in load.statuses(), 30, "a 503 while the database is down")
            own_postgres.start()
            wait_until(
                lambda: any(o.acknowledged for o in load.outcomes[during:][-3:]),
                60,
                "job postings acknowledged again after the restart",
            )
        assert Visitor(server.port).get("/healthz").status == 200
    assert load.statuses() <= {200, 302, 503}, load.statuses()
    assert_acknowledged_exactly_once(world.database_url, load.acknowledged())


def test_with_redis_stopped_limits_fail_open_and_nothing_else_gives_way(
    world, redis_server, environment, tmp_path
):
    settings = environment(world.database_url, redis_server.url)
    allowed = parse_limit(Config.LOGIN_ACCOUNT_RATE_LIMIT).amount
    with serving(settings, tmp_path / "gunicorn.log", workers=1) as server:
        employers = _employers(server.port, world, 2)
        with _job_posting_load(employers, world, "Redis") as load:
            load.wait_for(4)
            redis_server.stop()
            stopped_at = len(load.outcomes)
            # Limits fail open, as config.py documents: failed logins past the limit are
            # still answered as failed logins, not refused, and the right password works.
            guesser = Visitor(server.port, "198.51.100.30")
            for _ in range(allowed + 2):
                assert guesser.sign_in("ada@example.com", "not the password").status == 400
            graduate = Visitor(server.port, "198.51.100.31")
            assert graduate.sign_in(world.graduate, world.password).status == 302
            # Nothing else gives way: pages still need a sign-in and the right role, and a
            # form without its CSRF token is refused and saves nothing.
            anonymous = Visitor(server.port, "198.51.100.32")
            assert anonymous.get("/employers/jobs/new").status == 302
            assert "/auth/login" in anonymous.get("/employers/jobs/new").location
            assert graduate.get("/employers/jobs/new").status == 403
            path = "/employers/jobs/new"
            forged = form_fields(employers[0].get(path).text, path)
            del forged["csrf_token"]
            forged.update(job_form_values("Forged job", world.python_skill))
            assert employers[0].post(path, forged).status == 400
            wait_until(
                lambda: sum(o.acknowledged for o in load.outcomes[stopped_at:]) >= 4,
                60,
                "job postings acknowledged with Redis stopped",
            )
            # With Redis back, the limits count again.
            redis_server.start()
            again = Visitor(server.port, "198.51.100.33")
            statuses = [
                again.sign_in("bea@example.com", "not the password").status
                for _ in range(allowed + 1)
            ]
            assert statuses == [400] * allowed + [429]
    assert 500 not in load.statuses()
    assert_acknowledged_exactly_once(world.database_url, load.acknowledged())
    assert titles_in_database(world.database_url, ["Forged job"])["Forged job"] == 0


class SlowPost:
    """A job posting whose body arrives slowly, so the request is in flight for a while."""

    def __init__(self, visitor: Visitor, title: str, skill: str) -> None:
        path = "/employers/jobs/new"
        fields = {**form_fields(visitor.get(path).text, path), **job_form_values(title, skill)}
        body = urlencode(fields, doseq=True).encode()
        headers = visitor.headers(path, "POST") | {
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": str(len(body)),
        }
        head = f"POST {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.title = title
        self.socket = socket.create_connection((HOST, visitor.port), timeout=60)
        self.socket.sendall(head.encode() + b"\r\n" + body[:10])
        self.rest = body[10:]

    def finish(self) -> int:
        """Send the rest of the body; the status of the answer."""
        self.socket.sendall(self.rest)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = self.socket.recv(4096)
            if not chunk:
                break
            answer += chunk
        self.socket.close()
        status_line, _, headers = answer.decode("latin-1").partition("\r\n")
        location = next(
            (line for line in headers.split("\r\n") if line.lower().startswith("location:")), ""
        )
        status = int(status_line.split()[1])
        if status == 302:
            assert JOB_PAGE.search(location.split(":", 1)[1].strip()), location
        return status


def test_sigterm_lets_requests_in_flight_finish_and_refuses_new_ones(
    world, redis_server, environment, tmp_path
):
    settings = environment(world.database_url, redis_server.url, GUNICORN_GRACEFUL_TIMEOUT="20")
    with serving(settings, tmp_path / "gunicorn.log", workers=2) as server:
        employers = _employers(server.port, world, 2)
        in_flight = [
            SlowPost(employer, f"Draining job {number}", world.python_skill)
            for number, employer in enumerate(employers)
        ]
        time.sleep(1)  # both workers are now reading a body
        server.terminate()
        time.sleep(1)
        statuses = [request.finish() for request in in_flight]
        assert server.process.wait(timeout=30) == 0
        with pytest.raises(ConnectionRefusedError):
            Visitor(server.port).get("/healthz")
    assert statuses == [302, 302]
    assert_acknowledged_exactly_once(world.database_url, [r.title for r in in_flight])
