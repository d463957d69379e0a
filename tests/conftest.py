"""Fixtures shared by every test: the app on SQLite or PostgreSQL, a client, a clean database."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from talentmatch import create_app
from talentmatch.engine import EXTENSION_KEY, ServedEngine
from talentmatch.extensions import db
from tests.factories import DEFAULT_PASSWORD


def _database_url(tmp_dir: str) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_dir}/test.db"


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    url = _database_url(str(tmp_path_factory.mktemp("db")))
    app = create_app({"TALENTMATCH_CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _empty_database(app: Flask) -> Iterator[None]:
    """Each test starts from empty tables (faster than recreating the schema) and an engine that
    has served nothing yet, as in a freshly started worker."""
    app.extensions[EXTENSION_KEY] = ServedEngine(app)
    yield
    with app.app_context():
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(db.metadata.sorted_tables):
                db.session.execute(table.delete())
        db.session.commit()


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[None]:
    """An application context, for tests that call services or factories directly."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, email: str, password: str = DEFAULT_PASSWORD, **extra: str):
        return self._client.post(
            "/auth/login", data={"email": email, "password": password, **extra}
        )

    def logout(self):
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def make_app(app: Flask):
    """Another app on the test database with some settings changed (its pool closed afterwards)."""
    made: list[Flask] = []

    def build(**settings: object) -> Flask:
        other = create_app(
            {
                "TALENTMATCH_CONFIG": "testing",
                "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                **settings,
            }
        )
        made.append(other)
        return other

    yield build
    for other in made:
        with other.app_context():
            db.engine.dispose()
