"""URL converters: an `<int:…>` id never exceeds what the database's integer ids can hold."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map

# PostgreSQL's integer; a larger number cannot name a row, so it is a 404, not a database error.
MAX_DATABASE_ID = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """Werkzeug's int converter, capped at the largest id a row can have."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_DATABASE_ID)
        super().__init__(map, *args, **kwargs)
