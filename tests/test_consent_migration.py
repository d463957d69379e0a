"""The migration that gives consents a purpose turns each earlier visibility change into consents
given and withdrawn at the same times, and back again on downgrade."""

from __future__ import annotations

from datetime import datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from talentmatch import ROOT, create_app
from talentmatch.extensions import db
from tests.test_migrations import empty_database_url  # noqa: F401  (the fixture)

BEFORE = "905b84486835"
CONSENTS = "b162f97e9bdd"


def _rows(sql: str) -> list[tuple]:
    return [tuple(row) for row in db.session.execute(text(sql))]


def test_visibility_changes_become_consents_per_purpose(empty_database_url):  # noqa: F811
    app = create_app(
        {"TALENTMATCH_CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": empty_database_url}
    )
    directory = str(ROOT / "migrations")
    with app.app_context():
        upgrade(directory=directory, revision=BEFORE)
        db.session.execute(
            text(
                "INSERT INTO users (id, email, password_hash, full_name, role, locale, active, "
                "email_verified, created_at, session_version) VALUES (1, 'mei@example.com', 'x', "
                "'Mei', 'graduate', 'en', true, true, :t, 1)"
            ),
            {"t": datetime(2026, 1, 1)},
        )
        for visibility, day in (("employers", 2), ("career_services", 3), ("private", 4)):
            db.session.execute(
                text(
                    "INSERT INTO consent_records (user_id, visibility, recorded_at) "
                    "VALUES (1, :v, :t)"
                ),
                {"v": visibility, "t": datetime(2026, 1, day)},
            )
        db.session.commit()

        upgrade(directory=directory, revision=CONSENTS)

        rows = _rows(
            "SELECT purpose, text_version, given_at, withdrawn_at FROM consent_records "
            "ORDER BY purpose"
        )
        assert [(r[0], r[1]) for r in rows] == [
            ("career_services_visibility", "profile-form-2026-11"),
            ("employer_visibility", "profile-form-2026-11"),
        ]
        as_dates = [(str(r[2])[:10], str(r[3])[:10]) for r in rows]
        assert as_dates == [("2026-01-02", "2026-01-04"), ("2026-01-02", "2026-01-03")]
        db.session.commit()

        downgrade(directory=directory, revision=BEFORE)

        restored = _rows("SELECT visibility, recorded_at FROM consent_records ORDER BY recorded_at")
        assert [(v, str(t)[:10]) for v, t in restored] == [
            ("employers", "2026-01-02"),
            ("career_services", "2026-01-03"),
            ("private", "2026-01-04"),
        ]
        db.session.remove()
        db.engine.dispose()
