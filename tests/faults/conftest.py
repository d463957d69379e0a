"""Fixtures of the fault and multi-host tests: a PostgreSQL database of the test's own (on
TEST_DATABASE_URL's server), its schema and a few accounts, a Redis of the test's own, and the
production environment gunicorn runs with."""

from __future__ import annotations

import os
import secrets
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from talentmatch import create_app
from talentmatch.extensions import db
from talentmatch.models import Visibility
from tests.factories import (
    DEFAULT_PASSWORD,
    make_employer,
    make_graduate,
    make_job,
    make_organisation,
    make_skills,
)
from tests.faults.processes import new_secret_key, production_environment
from tests.own_postgres import database_beside


@pytest.fixture(autouse=True)
def _empty_database() -> Iterator[None]:
    """These tests bring databases of their own; the shared test database is left alone."""
    yield


@dataclass(frozen=True)
class World:
    """What a test signs in as and posts: a graduate who knows Python and is visible to
    employers, an employer of a verified organisation, and the Python skill as the job form's
    skill picker sends it."""

    database_url: str
    graduate: str
    employer: str
    python_skill: str
    password: str = DEFAULT_PASSWORD


def seed_world(database_url: str) -> World:
    """Create the schema in `database_url` and the accounts and jobs every test starts from."""
    app = create_app(
        {
            "TALENTMATCH_CONFIG": "testing",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MATCHING_WARM_UP": False,
        }
    )
    with app.app_context():
        db.create_all()
        skills = make_skills()
        python = skills["Python (computer programming)"]
        organisation = make_organisation("Harbour Data Oy")
        employer = make_employer(organisation, email="erik@harbourdata.example.fi")
        graduate = make_graduate(
            "grace@example.com",
            skills=[python, skills["SQL"]],
            visibility=Visibility.EMPLOYERS,
        )
        make_job(organisation, title="Warehouse night shift", required_skills=[skills["SQL"]])
        world = World(
            database_url=database_url,
            graduate=graduate.email,
            employer=employer.email,
            python_skill=f"esco:{python.id}:{python.label_en}",
        )
        db.session.remove()
        db.engine.dispose()
    return world


def titles_in_database(database_url: str, titles: list[str]) -> Counter[str]:
    """How many opportunities carry each of `titles`."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT title FROM opportunities WHERE title = ANY(:titles)"),
                {"titles": titles},
            )
            return Counter(title for (title,) in rows)
    finally:
        engine.dispose()


def assert_acknowledged_exactly_once(database_url: str, acknowledged: list[str]) -> None:
    """The pass criterion of every fault test."""
    assert acknowledged, "no write was acknowledged"
    assert len(set(acknowledged)) == len(acknowledged)
    counts = titles_in_database(database_url, acknowledged)
    wrong = {title: counts[title] for title in acknowledged if counts[title] != 1}
    assert not wrong, f"acknowledged writes not in the database exactly once: {wrong}"


@pytest.fixture
def database_url() -> Iterator[str]:
    """A fresh database on TEST_DATABASE_URL's server, dropped afterwards."""
    shared = os.environ.get("TEST_DATABASE_URL")
    if not shared:
        if os.environ.get("TALENTMATCH_REQUIRE_POSTGRES"):
            pytest.fail("TEST_DATABASE_URL must name a PostgreSQL database for the fault tests")
        pytest.skip("no PostgreSQL: set TEST_DATABASE_URL to run the fault tests")
    name = f"{make_url(shared).database}_faults_{secrets.token_hex(4)}"
    with database_beside(shared, name) as url:
        yield url


@pytest.fixture
def world(database_url: str) -> World:
    return seed_world(database_url)


@pytest.fixture
def environment(tmp_path: Path):
    """The production environment for a database and a Redis, with files kept in tmp_path."""

    def build(database_url: str, redis_url: str, **settings: str) -> dict[str, str]:
        return production_environment(
            database_url,
            redis_url,
            SECRET,
            MAIL_OUTBOX_FOLDER=str(tmp_path / "outbox"),
            UPLOAD_FOLDER=str(tmp_path / "uploads"),
            # No background refit starts during a test: the engine takes new jobs in at once.
            MATCHING_REFIT_DELAY_SECONDS="3600",
            **settings,
        )

    return build


# Every host of one deployment signs sessions with the same key.
SECRET = new_secret_key()
