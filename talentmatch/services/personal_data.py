"""Where a person's data lives, found by walking the table metadata: every table with a foreign
key to users, and the tables that hang off those (a profile's skills through graduate_profiles).
New tables are covered as soon as their model exists; export and erasure both read this map."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Enum, String, Table, Text, or_, select

from talentmatch.extensions import db

USERS_TABLE = "users"


@dataclass(frozen=True)
class Link:
    """`table` refers to `parent` through `columns` (each a single-column foreign key)."""

    table: Table
    parent: Table
    columns: tuple[tuple[Column[Any], Column[Any]], ...]  # (column here, column in parent)


# Tables that name an account themselves and yet belong, row by row, to whoever owns the row
# they hang off: an application's history is the applicant's, whoever took each step.
SHARED_CHILDREN = frozenset({("application_events", "applications")})


def users_table() -> Table:
    return db.metadata.tables[USERS_TABLE]


def _links_to(parent: Table, table: Table) -> tuple[tuple[Column[Any], Column[Any]], ...]:
    return tuple((fk.parent, fk.column) for fk in table.foreign_keys if fk.column.table is parent)


def refers_to_users(table: Table) -> bool:
    return table.name != USERS_TABLE and bool(_links_to(users_table(), table))


def user_links() -> list[Link]:
    """Every table whose rows name an account, in dependency order."""
    users = users_table()
    return [
        Link(table, users, _links_to(users, table))
        for table in db.metadata.sorted_tables
        if refers_to_users(table)
    ]


def child_links(parent: Table) -> list[Link]:
    """Tables hanging off `parent` whose rows belong to whoever the parent row belongs to.

    A table that names an account itself (interactions name the graduate) is not a child: its
    rows belong to that account, so walking into it from an opportunity would reach strangers;
    except SHARED_CHILDREN, whose rows belong to both.
    """
    return [
        Link(table, parent, _links_to(parent, table))
        for table in db.metadata.sorted_tables
        if table is not parent
        and _links_to(parent, table)
        and (not refers_to_users(table) or (table.name, parent.name) in SHARED_CHILDREN)
    ]


def linked_table_names() -> list[str]:
    """The users table, every table naming an account, and every table reachable from those."""
    names: list[str] = [USERS_TABLE]
    pending = [link.table for link in user_links()]
    while pending:
        table = pending.pop(0)
        if table.name in names:
            continue
        names.append(table.name)
        pending.extend(link.table for link in child_links(table))
    return names


def user_condition(link: Link, user_id: int):
    return or_(*(column == user_id for column, _referred in link.columns))


def rows_where(table: Table, condition) -> list[dict[str, Any]]:
    return [dict(row) for row in db.session.execute(select(table).where(condition)).mappings()]


def child_condition(link: Link, parent_rows: Sequence[dict[str, Any]]):
    """Rows of `link.table` that hang off any of `parent_rows`."""
    clauses = []
    for column, referred in link.columns:
        values = {row[referred.name] for row in parent_rows if row.get(referred.name) is not None}
        if values:
            clauses.append(column.in_(sorted(values)))
    return or_(*clauses) if clauses else None


def descendants(
    table: Table, rows: Sequence[dict[str, Any]], seen: frozenset[str] = frozenset()
) -> Iterable[tuple[Link, list[dict[str, Any]]]]:
    """Every (link, rows) below `rows` of `table`, parents before children."""
    seen = seen | {table.name}
    for link in child_links(table):
        if link.table.name in seen:
            continue
        condition = child_condition(link, rows)
        if condition is None:
            continue
        found = rows_where(link.table, condition)
        if found:
            yield link, found
            yield from descendants(link.table, found, seen)


def is_text(column: Column[Any]) -> bool:
    """Free text a person may have written or that names them (enumerations are not)."""
    return isinstance(column.type, String | Text) and not isinstance(column.type, Enum)


def primary_key(table: Table, row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[column.name] for column in table.primary_key.columns)
