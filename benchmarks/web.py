"""Web benchmark: the real pages under gunicorn (production config, 2 sync workers) and wrk,
against a bare Flask endpoint served by the same workers in the same run.

It creates a PostgreSQL database of its own (dropped at the end), migrates it, loads ESCO, seeds
graduates, jobs and programmes/communities/events (benchmarks/web_data.py), fits the model, signs
in a graduate and an employer through the login form, warms up, and runs wrk against each page.
See benchmarks/README.md.

    .venv/bin/python benchmarks/web.py [--graduates N --jobs N --others N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from tests.faults.processes import (  # noqa: E402
    HOST,
    Gunicorn,
    Visitor,
    production_environment,
)
from tests.own_redis import RedisServer  # noqa: E402

DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
WARM_UP_REQUESTS = 20
# What a page shows once its worker is ready to serve it (not "being prepared").
READY_MARKS = {"candidates": "candidate-list"}
READY_SECONDS = 900
# Reported as p50/p95/p99 in microseconds by wrk's own latency histogram.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
    .. '"non_2xx": %d, "socket_errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""
PAGES = ("for_you", "search", "detail", "candidates")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graduates", type=int, default=20_000)
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument(
        "--others", type=int, default=1_000, help="programmes, communities and events together"
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--database-server",
        default=os.environ.get("BENCH_DATABASE_SERVER", DEFAULT_SERVER),
        help="a PostgreSQL URL whose server gets the benchmark's own database",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL"),
        help="Redis for rate limits (default: a redis-server of the run's own)",
    )
    parser.add_argument("--json", action="store_true", help="print the results' JSON last")
    parser.add_argument("--save", type=Path, help="also write the results' JSON to this file")
    return parser.parse_args()


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _flask(environment: dict[str, str], *command: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *command],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"flask {' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip()


def _seed(database_url: str, counts) -> object:
    from benchmarks.web_data import seed
    from talentmatch import create_app

    app = create_app(
        {
            "TALENTMATCH_CONFIG": "testing",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MATCHING_WARM_UP": False,
        }
    )
    with app.app_context():
        from talentmatch.extensions import db

        seeded = seed(counts, date.today())
        db.session.remove()
        db.engine.dispose()
    return seeded


def _analyse(database_url: str) -> None:
    """Table statistics after the bulk load, as autovacuum would gather them on a live server
    (without them the planner takes the new tables for empty)."""
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("ANALYZE"))
    engine.dispose()


def _wrk(url: str, headers: dict[str, str], duration: int, connections: int, script: Path):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "30s"]
    command += ["-s", str(script)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run(command + [url], capture_output=True, text=True, check=True)
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    seconds = summary["duration_us"] / 1e6
    return {
        "rps": round(summary["requests"] / seconds, 1),
        "p50_ms": round(summary["p50_us"] / 1000, 1),
        "p95_ms": round(summary["p95_us"] / 1000, 1),
        "p99_ms": round(summary["p99_us"] / 1000, 1),
        "non_2xx": summary["non_2xx"],
        "socket_errors": summary["socket_errors"],
    }


def _warm(visitor: Visitor, path: str, ready: str | None = None) -> int:
    """Open `path` a few times; the SQL statements its last request ran. With `ready`, first
    until WARM_UP_REQUESTS answers in a row contain it (every worker has built what the page
    needs in the background, e.g. the Candidates tab's pool)."""
    deadline = time.monotonic() + READY_SECONDS
    in_a_row = 0
    while in_a_row < WARM_UP_REQUESTS:
        answer = visitor.get(path)
        if answer.status != 200:
            raise SystemExit(f"{path} answered {answer.status}; the benchmark needs 200")
        in_a_row = in_a_row + 1 if ready is None or ready in answer.text else 0
        if in_a_row == 0:
            if time.monotonic() > deadline:
                raise SystemExit(f"{path} never showed {ready!r}")
            time.sleep(1)
    return int(answer.headers["x-bench-queries"])


def _measure(server: Gunicorn, seeded, args: argparse.Namespace, work: Path) -> dict:
    from benchmarks.web_data import EMPLOYER_EMAIL, GRADUATE_EMAIL, PASSWORD

    graduate, employer = Visitor(server.port), Visitor(server.port, "203.0.113.11")
    for visitor, email in ((graduate, GRADUATE_EMAIL), (employer, EMPLOYER_EMAIL)):
        signed_in = visitor.sign_in(email, PASSWORD)
        if signed_in.status != 302:
            raise SystemExit(f"signing in {email} answered {signed_in.status}")
    pages = {
        "for_you": (graduate, "/graduates/for-you"),
        "search": (graduate, "/opportunities/?q=data"),
        "detail": (graduate, f"/opportunities/{seeded.detail_id}"),
        "candidates": (employer, f"/employers/jobs/{seeded.job_id}/candidates"),
    }
    script = work / "report.lua"
    script.write_text(WRK_SCRIPT)
    base = f"http://{HOST}:{server.port}"
    _warm(graduate, "/bench/bare")
    queries = {
        name: _warm(visitor, path, READY_MARKS.get(name)) for name, (visitor, path) in pages.items()
    }
    _say("wrk: bare endpoint")
    bare = _wrk(
        base + "/bench/bare",
        graduate.headers("/bench/bare", "GET") | {"Connection": "keep-alive"},
        args.duration,
        args.connections,
        script,
    )
    results = {}
    for name, (visitor, path) in pages.items():
        _say(f"wrk: {name} ({path})")
        measured = _wrk(
            base + path,
            visitor.headers(path, "GET") | {"Connection": "keep-alive"},
            args.duration,
            args.connections,
            script,
        )
        results[name] = measured | {
            "ratio": round(measured["rps"] / bare["rps"], 4),
            "queries": queries[name],
        }
    return {"bare": bare, "pages": results}


def _table(measured: dict, args: argparse.Namespace) -> str:
    bare = measured["bare"]
    lines = [
        f"Web benchmark, {date.today().isoformat()}, {platform.node()} ({os.cpu_count()} cores): "
        f"{args.graduates} graduates, {args.jobs} jobs, {args.others} programmes, communities "
        f"and events; gunicorn 2 sync workers, wrk {args.connections} connections, "
        f"{args.duration} s a page",
        "",
        f"{'page':<12}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}"
        f"{'of bare':>10}{'queries':>9}{'non-2xx':>9}",
        f"{'bare':<12}{bare['rps']:>10.1f}{bare['p50_ms']:>10.1f}{bare['p95_ms']:>10.1f}"
        f"{bare['p99_ms']:>10.1f}{'100 %':>10}{0:>9}{bare['non_2xx']:>9}",
    ]
    for name in PAGES:
        page = measured["pages"][name]
        lines.append(
            f"{name:<12}{page['rps']:>10.1f}{page['p50_ms']:>10.1f}{page['p95_ms']:>10.1f}"
            f"{page['p99_ms']:>10.1f}{page['ratio'] * 100:>8.2f} %{page['queries']:>9}"
            f"{page['non_2xx']:>9}"
        )
    return "\n".join(lines)


def _own_database(server_url: str) -> tuple[str, object]:
    url = make_url(server_url).set(drivername="postgresql+psycopg")
    name = f"talentmatch_bench_web_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    return url.set(database=name).render_as_string(hide_password=False), admin


def _drop(admin, database_url: str) -> None:
    name = make_url(database_url).database
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> None:
    args = _arguments()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed (apt-get install wrk, or `make bench-web` as root)")
    from benchmarks.web_data import Counts

    counts = Counts(args.graduates, args.jobs, args.others)
    work = Path(tempfile.mkdtemp(prefix="talentmatch-bench-web-"))
    redis = None if args.redis_url else RedisServer(work)
    database_url, admin = _own_database(args.database_server)
    server = None
    try:
        if redis is not None:
            redis.start()
        environment = production_environment(
            database_url,
            args.redis_url or redis.url,
            secrets.token_hex(32),
            MAIL_OUTBOX_FOLDER=str(work / "outbox"),
            UPLOAD_FOLDER=str(work / "uploads"),
            RATELIMIT_KEY_PREFIX=f"talentmatch-bench-{os.getpid()}",
            MATCHING_REFIT_DELAY_SECONDS="3600",
        )
        _say(f"database {make_url(database_url).database}: migrations and ESCO")
        _flask(environment, "db", "upgrade")
        _flask(environment, "import-esco")
        started = time.monotonic()
        seeded = _seed(database_url, counts)
        _analyse(database_url)
        _say(f"seeded in {time.monotonic() - started:.0f} s; fitting the model")
        _say(_flask(environment, "recommender", "fit"))
        server = Gunicorn(
            environment,
            work / "gunicorn.log",
            workers=2,
            app="web_app:app",
            pythonpath=REPO / "benchmarks",
            # Each worker builds the language models and loads the fitted model of the whole
            # catalogue and every profile before /readyz says yes.
            ready_seconds=900,
        )
        _say("starting gunicorn (2 workers) and waiting for /readyz")
        server.start()
        measured = _measure(server, seeded, args, work)
    finally:
        if server is not None:
            server.stop()
        if redis is not None:
            redis.stop()
        _drop(admin, database_url)
        shutil.rmtree(work, ignore_errors=True)
    print(_table(measured, args))
    result = {
        "bare_rps": measured["bare"]["rps"],
        "pages": {
            name: {
                key: measured["pages"][name][key]
                for key in ("rps", "p50_ms", "p95_ms", "p99_ms", "ratio", "queries")
            }
            for name in PAGES
        },
    }
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        details = {
            "date": date.today().isoformat(),
            "machine": f"{platform.node()}, {os.cpu_count()} cores, {platform.platform()}",
            "data": {"graduates": args.graduates, "jobs": args.jobs, "others": args.others},
            "wrk": {"connections": args.connections, "seconds": args.duration, "threads": 2},
            "gunicorn_workers": 2,
            "bare": measured["bare"],
            "measured": measured["pages"],
        }
        args.save.write_text(json.dumps(result | {"details": details}, indent=2) + "\n")
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
