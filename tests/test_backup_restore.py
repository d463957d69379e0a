"""talentmatch/deploy/backup.sh and restore.sh, run for real: a PostgreSQL database with the app's
schema and data is dumped, restored into a new database, and the rows are there."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from talentmatch import ROOT, create_app
from talentmatch.extensions import db
from tests.factories import make_graduate, make_job
from tests.own_postgres import _postgres_bin

DEPLOY = ROOT / "talentmatch" / "deploy"


def _client_path() -> str:
    """PATH with the PostgreSQL client programs the scripts call (pg_dump, pg_restore, ...)."""
    binaries = _postgres_bin()
    path = os.environ.get("PATH", "")
    return f"{binaries}:{path}" if binaries else path


@pytest.fixture
def postgres_server(request: pytest.FixtureRequest) -> str:
    """A PostgreSQL server to create databases on: the test database's in the PostgreSQL pass,
    one of the test's own otherwise (own_postgres skips, or fails under
    TALENTMATCH_REQUIRE_POSTGRES, when there is none)."""
    if shutil.which("pg_dump", path=_client_path()) is None:
        if os.environ.get("TALENTMATCH_REQUIRE_POSTGRES"):
            pytest.fail("the PostgreSQL client programs (pg_dump, pg_restore) are required")
        pytest.skip("no pg_dump to back up with")
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url.startswith("postgresql"):
        return url
    return request.getfixturevalue("own_postgres").url


class Databases:
    """Databases this test creates on the server, dropped when it ends."""

    def __init__(self, server_url: str) -> None:
        self.server = make_url(server_url)
        self.names: list[str] = []

    def url(self, name: str) -> str:
        return self.server.set(database=name).render_as_string(hide_password=False)

    def new_name(self, purpose: str) -> str:
        name = f"talentmatch_{purpose}_{secrets.token_hex(4)}"
        self.names.append(name)
        return name

    def create(self, purpose: str) -> str:
        name = self.new_name(purpose)
        self._execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_all(self) -> None:
        for name in self.names:
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _execute(self, statement: str) -> None:
        engine = create_engine(self.server, poolclass=NullPool, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(statement))
        finally:
            engine.dispose()


@pytest.fixture
def databases(postgres_server: str) -> Iterator[Databases]:
    made = Databases(postgres_server)
    try:
        yield made
    finally:
        made.drop_all()


def run_script(script: str, *args: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": _client_path(), **environment}
    return subprocess.run(
        [str(DEPLOY / script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def fill_with_app_data(database_url: str) -> dict[str, object]:
    """The app's schema and a few rows of its own, written through the app."""
    app = create_app({"TALENTMATCH_CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        db.create_all()
        graduate = make_graduate("ada.backup@example.com", full_name="Ada Lovelace")
        job = make_job(title="Backup-tested data engineer")
        kept = {"graduate": graduate.email, "job": job.title}
        db.session.remove()
        db.engine.dispose()
    return kept


def read_back(database_url: str) -> dict[str, object]:
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return {
                "graduate": connection.scalar(
                    text("SELECT email FROM users WHERE full_name = 'Ada Lovelace'")
                ),
                "job": connection.scalar(
                    text("SELECT title FROM opportunities WHERE title LIKE 'Backup-tested%'")
                ),
            }
    finally:
        engine.dispose()


def test_a_backup_restores_into_a_new_database_with_the_rows(databases, tmp_path):
    source = databases.url(databases.create("backup_source"))
    kept = fill_with_app_data(source)
    uploads = tmp_path / "uploads" / "users" / "1"
    uploads.mkdir(parents=True)
    (uploads / "cv.pdf").write_bytes(b"%PDF-1.4 a CV")
    backups = tmp_path / "backups"

    backed_up = run_script(
        "backup.sh",
        DATABASE_URL=source,
        BACKUP_DIR=str(backups),
        UPLOAD_FOLDER=str(tmp_path / "uploads"),
    )

    assert backed_up.returncode == 0, backed_up.stderr
    [dump] = backups.glob("talentmatch-*.dump")
    assert dump.stat().st_mode & 0o077 == 0  # personal data: the backup user's only
    [archive] = backups.glob("uploads-*.tar.gz")
    with tarfile.open(archive) as tar:
        assert tar.extractfile("./users/1/cv.pdf").read() == b"%PDF-1.4 a CV"

    restored_name = databases.new_name("restored")
    restored = run_script("restore.sh", str(dump), restored_name, DATABASE_URL=source)

    assert restored.returncode == 0, restored.stderr
    assert f"into {restored_name}" in restored.stdout
    assert read_back(databases.url(restored_name)) == kept
    assert read_back(source) == kept  # the database in use was not touched


def test_restore_refuses_an_existing_database_and_leaves_it_alone(databases, tmp_path):
    source = databases.url(databases.create("backup_source"))
    kept = fill_with_app_data(source)
    backups = tmp_path / "backups"
    assert run_script("backup.sh", source, BACKUP_DIR=str(backups)).returncode == 0
    [dump] = backups.glob("talentmatch-*.dump")
    existing = databases.create("existing")

    refused = run_script("restore.sh", str(dump), existing, DATABASE_URL=source)

    assert refused.returncode != 0
    assert "already exists" in refused.stderr
    assert read_back(source) == kept


def test_a_damaged_dump_creates_no_database(databases, tmp_path):
    source = databases.url(databases.create("backup_source"))
    damaged = tmp_path / "talentmatch-damaged.dump"
    damaged.write_bytes(b"PGDMP not really a dump")
    name = databases.new_name("never_made")

    refused = run_script("restore.sh", str(damaged), name, DATABASE_URL=source)

    assert refused.returncode != 0
    engine = create_engine(databases.server, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            assert not connection.scalar(
                text("SELECT count(*) FROM pg_database WHERE datname = :name"), {"name": name}
            )
    finally:
        engine.dispose()


def test_backups_older_than_the_retention_are_deleted_after_a_new_one(databases, tmp_path):
    source = databases.url(databases.create("backup_source"))
    backups = tmp_path / "backups"
    backups.mkdir()
    old = backups / "talentmatch-20200101T000000Z.dump"
    old.write_bytes(b"an old dump")
    recent = backups / "talentmatch-recent.dump"
    recent.write_bytes(b"a recent dump")
    ten_days_ago = old.stat().st_mtime - 10 * 24 * 3600
    os.utime(old, (ten_days_ago, ten_days_ago))

    result = run_script("backup.sh", source, BACKUP_DIR=str(backups), BACKUP_KEEP_DAYS="7")

    assert result.returncode == 0, result.stderr
    assert not old.exists()
    assert recent.exists()
    assert len(list(backups.glob("talentmatch-2*.dump"))) == 1  # today's


def test_a_failing_backup_deletes_nothing(tmp_path, postgres_server):
    backups = tmp_path / "backups"
    backups.mkdir()
    old = backups / "talentmatch-20200101T000000Z.dump"
    old.write_bytes(b"an old dump")
    os.utime(old, (0, 0))
    unreachable = make_url(postgres_server).set(database="no_such_database_here")

    result = run_script(
        "backup.sh",
        unreachable.render_as_string(hide_password=False),
        BACKUP_DIR=str(backups),
        BACKUP_KEEP_DAYS="1",
    )

    assert result.returncode != 0
    assert "no_such_database_here" in result.stderr
    assert old.exists()
    assert [path.name for path in backups.iterdir()] == [old.name]


def test_backup_without_a_database_says_so():
    result = run_script("backup.sh", DATABASE_URL="")

    assert result.returncode == 2
    assert "set DATABASE_URL" in result.stderr


# Keep the scripts executable: the systemd units run them directly.
def test_the_scripts_are_executable():
    for script in ("backup.sh", "restore.sh"):
        assert os.access(Path(DEPLOY / script), os.X_OK), script
