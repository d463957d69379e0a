"""Fixtures shared by every test: the app on SQLite or PostgreSQL, a client, a clean database."""

from __future__ import annotations

import email
import email.message
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.engine import make_url

from talentmatch import create_app
from talentmatch.engine import EXTENSION_KEY, ServedEngine
from talentmatch.extensions import db
from talentmatch.services import catalogue_search, esco_names
from tests.factories import DEFAULT_PASSWORD
from tests.faults.workers import rq_app, workers  # noqa: F401  (RQ and its workers)
from tests.own_postgres import (  # noqa: F401  (own_postgres: a fixture for every test)
    database_beside,
    own_postgres,
)
from tests.own_redis import redis_server, redis_url  # noqa: F401  (fixtures for every test)


@contextmanager
def _test_database(tmp_dir: str) -> Iterator[str]:
    """The database of this test process: a SQLite file, or TEST_DATABASE_URL's PostgreSQL
    database; under pytest-xdist each worker gets a database of its own on that server, created
    here and dropped at the end, so the workers never truncate each other's tables."""
    url = os.environ.get("TEST_DATABASE_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url:
        yield f"sqlite:///{tmp_dir}/test.db"
        return
    if not worker:
        yield url
        return
    with database_beside(url, f"{make_url(url).database}_{worker}") as own:
        yield own


@pytest.fixture(scope="session")
def _database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with _test_database(str(tmp_path_factory.mktemp("db"))) as url:
        yield url


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory, _database_url: str) -> Iterator[Flask]:
    url = _database_url
    # `flask seed-demo` writes its accounts file here, never into the real instance folder.
    accounts_file = tmp_path_factory.mktemp("instance") / "demo-accounts.txt"
    app = create_app(
        {
            "TALENTMATCH_CONFIG": "testing",
            "SQLALCHEMY_DATABASE_URI": url,
            "DEMO_ACCOUNTS_FILE": str(accounts_file),
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _empty_database(app: Flask) -> Iterator[None]:
    yield from emptied(app)


def emptied(app: Flask) -> Iterator[None]:
    """Each test starts from empty tables (faster than recreating the schema) and an engine that
    has served nothing yet, as in a freshly started worker."""
    app.extensions[EXTENSION_KEY] = ServedEngine(app)
    app.extensions.pop(esco_names.EXTENSION_KEY, None)
    app.extensions.pop(catalogue_search.RANKINGS_KEY, None)
    yield
    app.extensions["jobs"].stop()  # a job left waiting by this test never runs in the next one
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
                "DEMO_ACCOUNTS_FILE": app.config["DEMO_ACCOUNTS_FILE"],
                **settings,
            }
        )
        made.append(other)
        return other

    yield build
    for other in made:
        other.extensions["jobs"].stop()  # no job of this test runs in a later one
        with other.app_context():
            db.engine.dispose()


@pytest.fixture
def failing_app(make_app) -> Flask:
    """An app with one route, `/boom`, that raises an unexpected error, shown as a real 500."""
    broken = make_app(PROPAGATE_EXCEPTIONS=False)

    @broken.get("/boom")
    def boom():
        raise RuntimeError("unexpected")

    return broken


class CollectingHandler:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []
        self.refusal: str | None = None  # a reply such as "550 ..." refuses every message

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        if self.refusal:
            return self.refusal
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    host: str
    port: int
    handler: CollectingHandler

    @property
    def messages(self) -> list[email.message.Message]:
        return self.handler.messages

    def to(self, address: str) -> list[email.message.Message]:
        return [m for m in self.messages if m["To"] == address]

    def refuse(self, reply: str = "550 Mailbox unavailable") -> None:
        """Refuse every message from now on, as a server rejecting mail does."""
        self.handler.refusal = reply

    def accept(self) -> None:
        self.handler.refusal = None


@pytest.fixture
def smtp_server(app: Flask) -> Iterator[SmtpServer]:
    """A real SMTP server on localhost; the app sends its mail there for this test."""
    from aiosmtpd.controller import Controller

    handler = CollectingHandler()
    with socket.socket() as probe:  # a free port; aiosmtpd's start-up check needs a real one
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    saved = app.config.get("MAIL_SERVER"), app.config.get("MAIL_PORT")
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield SmtpServer("127.0.0.1", app.config["MAIL_PORT"], handler)
    finally:
        app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = saved
        controller.stop()
