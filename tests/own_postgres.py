"""A PostgreSQL server of a test's own: a cluster in a temporary folder, on its own port, that the
test may stop and start (the shared server is never touched). Tests ask for `own_postgres`."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def _run_as_postgres(*command: str) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=60)


@dataclass
class OwnPostgres:
    """A PostgreSQL cluster in a temporary folder, on its own port, that a test can stop."""

    bin: Path
    data: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1"
        log = str(self.data.parent / "server.log")  # the server must not hold our pipes open
        _run_as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", log, "-w", "start"
        )

    def stop(self) -> None:
        _run_as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_postgres() -> Iterator[OwnPostgres]:
    binaries = _postgres_bin()
    if binaries is None or (shutil.which("runuser") is None and os.geteuid() == 0):
        if os.environ.get("TALENTMATCH_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are required")
        pytest.skip("no PostgreSQL server binaries to start a database of the test's own")
    root = Path(tempfile.mkdtemp(prefix="talentmatch-outage-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    server = OwnPostgres(binaries, root / "data", _free_port())
    _run_as_postgres(
        str(binaries / "initdb"), "-D", str(server.data), "-U", "postgres", "-A", "trust"
    )
    try:
        server.start()
        yield server
    finally:
        subprocess.run(
            [
                *(["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []),
                str(binaries / "pg_ctl"),
                "-D",
                str(server.data),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def database_beside(url: str, name: str) -> Iterator[str]:
    """A new, empty database called `name` on the server of `url` (dropped first should an
    interrupted run have left it), and dropped again at the end; yields its URL."""
    server = make_url(url).set(drivername="postgresql+psycopg")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
