"""Every ESCO skill's id, URI and labels, kept in this process's memory.

Skill names are the same for everyone and read on most pages (the why of every match, the
doors, the catalogue's facets), while the table changes only when the ESCO extract is loaded
again. So each process reads the table once and, at most every ESCO_CHECK_SECONDS, asks whether
its row count or highest id has changed (one cheap query) before reading it again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from talentmatch.extensions import db
from talentmatch.models import EscoSkill

EXTENSION_KEY = "esco_names"


@dataclass(frozen=True)
class EscoName:
    """An ESCO skill as pages name it (services.skill_labels.esco_label reads its labels)."""

    id: int
    uri: str
    label_en: str
    label_fi: str
    label_sv: str


@dataclass(frozen=True)
class _Table:
    stamp: tuple[int, int]  # row count, highest id
    by_id: dict[int, EscoName]
    by_uri: dict[str, EscoName]
    by_label: dict[str, EscoName]  # the English label; the lowest id when two share one


class EscoNames:
    """One app's copy of the ESCO skills' names, shared by the threads of its process."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self._config = config  # the app's config, read on every use
        self._lock = threading.Lock()
        self._table: _Table | None = None
        self._checked_at = float("-inf")

    def table(self) -> _Table:
        table = self._table
        interval = float(self._config["ESCO_CHECK_SECONDS"])
        if table is not None and time.monotonic() - self._checked_at < interval:
            return table
        with self._lock:
            stamp = _stamp()
            if self._table is None or self._table.stamp != stamp:
                self._table = _read(stamp)
            self._checked_at = time.monotonic()
            return self._table


def _stamp() -> tuple[int, int]:
    count, highest = db.session.execute(
        select(func.count(EscoSkill.id), func.coalesce(func.max(EscoSkill.id), 0))
    ).one()
    return int(count), int(highest)


def _read(stamp: tuple[int, int]) -> _Table:
    rows = db.session.execute(
        select(
            EscoSkill.id, EscoSkill.uri, EscoSkill.label_en, EscoSkill.label_fi, EscoSkill.label_sv
        ).order_by(EscoSkill.id)
    )
    names = [EscoName(*row) for row in rows]
    by_label: dict[str, EscoName] = {}
    for name in names:
        by_label.setdefault(name.label_en, name)
    return _Table(stamp, {n.id: n for n in names}, {n.uri: n for n in names}, by_label)


def _names() -> EscoNames:
    extensions = current_app.extensions
    found = extensions.get(EXTENSION_KEY)
    if found is None:
        found = extensions.setdefault(EXTENSION_KEY, EscoNames(current_app.config))
    return found


def by_uri(uris: Iterable[str]) -> dict[str, EscoName]:
    """The ESCO skills with these URIs (unknown ones left out)."""
    table = _names().table().by_uri
    return {uri: table[uri] for uri in uris if uri in table}


def by_label(labels: Iterable[str]) -> dict[str, EscoName]:
    """The ESCO skills with these English labels (unknown ones left out)."""
    table = _names().table().by_label
    return {label: table[label] for label in labels if label in table}


def by_id(ids: Iterable[int]) -> dict[int, EscoName]:
    """The ESCO skills with these ids (unknown ones left out)."""
    table = _names().table().by_id
    return {i: table[i] for i in ids if i in table}
