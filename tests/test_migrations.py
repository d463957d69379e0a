"""The Alembic migrations: one head, upgrade from empty, and agreement with the models."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import inspect

from talentmatch import ROOT, create_app
from talentmatch.extensions import db
from talentmatch.models.search_indexes import include_in_comparison
from tests.own_postgres import database_beside


@pytest.fixture
def empty_database_url(tmp_path) -> Iterator[str]:
    """A database with no tables: a new SQLite file, or a new PostgreSQL database."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path}/migrations.db"
        return
    name = f"talentmatch_migrations_{uuid.uuid4().hex[:8]}"
    with database_beside(url, name) as own:
        yield own


def test_migrations_have_exactly_one_head(app):
    with app.app_context():
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        assert len(script.get_heads()) == 1


def test_upgrade_from_empty_creates_every_table_and_matches_the_models(empty_database_url):
    app = create_app(
        {"TALENTMATCH_CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": empty_database_url}
    )
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        tables = set(inspect(db.engine).get_table_names())
        assert set(db.metadata.tables) <= tables
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "render_as_batch": True,
                    "include_object": include_in_comparison(connection.dialect.name),
                },
            )
            assert compare_metadata(context, db.metadata) == []
        db.engine.dispose()
