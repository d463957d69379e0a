"""Serialising writers of one aggregate: a profile or an opportunity saved twice at once."""

from __future__ import annotations

from sqlalchemy import inspect, select

from talentmatch.extensions import db


def lock_for_update(instance: object) -> None:
    """Hold the write lock of the instance's row until the transaction ends, then re-read it.

    A second save of the same profile waits here for the first to commit and then replaces what
    the first wrote, instead of adding to it. PostgreSQL locks the row (SELECT … FOR UPDATE);
    SQLite has no row locks, so a write takes its database-wide write lock instead.
    """
    state = inspect(instance)
    mapper = state.mapper
    (key,) = state.identity
    column = mapper.primary_key[0]
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(
            mapper.local_table.update().where(column == key).values({column.name: column})
        )
    else:
        db.session.execute(select(column).where(column == key).with_for_update())
    db.session.expire(instance)  # what another save committed meanwhile is read afresh
