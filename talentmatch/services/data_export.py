"""'Download my data': everything stored about a person as one JSON document, found by walking
the table metadata (services/personal_data.py), plus the files they uploaded."""

from __future__ import annotations

import base64
import enum
import hashlib
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import current_app

from talentmatch.models import User
from talentmatch.models.timestamps import utcnow
from talentmatch.services import audit, personal_data
from talentmatch.services.transaction import unit_of_work

FORMAT = "talentmatch-personal-data"
FORMAT_VERSION = 1

# Secrets are never exported, even to their owner: a copy of the file is as good as the secret.
# A bare name is left out of every table, "table.column" out of that table only.
EXCLUDED_COLUMNS = (
    "password_hash",
    "token_hash",
    "token_digest",
    "secret",
    "otp_secret",
    # Sign-ins: the hashes of session and remember-me cookies, and the token's lookup key.
    "session_hash",
    "remember_selector",
    "remember_hash",
    # Pending messages may carry single-use links (email confirmation, password reset).
    "outbound_emails.body",
)

ABOUT = (
    "Everything TalentMatch stores about your account. 'tables' has one entry per database "
    "table that refers to your account, directly or through another of your rows (for example "
    "the skills of your profile); an empty list means that table holds nothing about you. "
    "'files' lists the files you uploaded, with their content in base64. Secrets are left out "
    "on purpose: the columns named in 'excluded_columns' (password and token hashes) are never "
    "exported."
)


def user_files_dir(user_id: int) -> Path:
    """Where files a person uploads are kept: one folder per account under UPLOAD_FOLDER."""
    return Path(current_app.config["UPLOAD_FOLDER"]) / "users" / str(user_id)


def _excluded(table: str, column: str) -> bool:
    return column in EXCLUDED_COLUMNS or f"{table}.{column}" in EXCLUDED_COLUMNS


def _value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _clean(table: str, row: dict[str, Any]) -> dict[str, Any]:
    return {k: _value(v) for k, v in row.items() if not _excluded(table, k)}


def collect_rows(user: User) -> dict[str, list[dict[str, Any]]]:
    """Every row about `user`, by table name (tables with nothing about them listed empty)."""
    users = personal_data.USERS_TABLE
    tables: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {
        name: {} for name in personal_data.linked_table_names()
    }
    user_table = personal_data.users_table()
    for row in personal_data.rows_where(user_table, user_table.c.id == user.id):
        tables[users][personal_data.primary_key(user_table, row)] = row
    for link in personal_data.user_links():
        found = personal_data.rows_where(link.table, personal_data.user_condition(link, user.id))
        for row in found:
            tables[link.table.name][personal_data.primary_key(link.table, row)] = row
        for child, rows in personal_data.descendants(link.table, found):
            for row in rows:
                tables[child.table.name][personal_data.primary_key(child.table, row)] = row
    return {
        name: [_clean(name, row) for _key, row in sorted(rows.items(), key=lambda kv: str(kv[0]))]
        for name, rows in tables.items()
    }


def collect_files(user: User) -> list[dict[str, Any]]:
    folder = user_files_dir(user.id)
    if not folder.is_dir():
        return []
    files = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        content = path.read_bytes()
        files.append(
            {
                "name": path.relative_to(folder).as_posix(),
                "size": len(content),
                "sha256": hashlib.sha256(content).hexdigest(),
                "content_base64": base64.b64encode(content).decode("ascii"),
            }
        )
    return files


def export(user: User) -> dict[str, Any]:
    """The person's data as a JSON-ready document; the export itself is audited."""
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": utcnow().isoformat() + "Z",
        "account_id": user.id,
        "about": ABOUT,
        "excluded_columns": list(EXCLUDED_COLUMNS),
        "tables": collect_rows(user),
        "files": collect_files(user),
    }
    with unit_of_work():
        audit.record(
            audit.AuditEventKind.DATA_EXPORTED,
            user,
            tables=len(document["tables"]),  # type: ignore[arg-type]
            files=len(document["files"]),  # type: ignore[arg-type]
        )
    return document
