"""Configuration classes; `TALENTMATCH_CONFIG` picks one (development | testing | production)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Heroku-style URLs name the driver "postgres"; SQLAlchemy wants the psycopg 3 dialect.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


class Config:
    """Settings shared by every run mode."""

    SECRET_KEY: str | None = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{INSTANCE_DIR / 'talentmatch.db'}")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL")
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Europe/Helsinki"
    SUPPORTED_LOCALES = ("en",)
    # 2 MiB is far above any honest form post; larger bodies get a 413 page.
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # A JSON body: a 20,000-character job description fits; deeper nesting than this is refused.
    JSON_MAX_BYTES = 64 * 1024
    JSON_MAX_DEPTH = 20
    # Seconds a client is asked to wait when the database cannot be reached (503).
    OUTAGE_RETRY_AFTER_SECONDS = 30
    OPPORTUNITIES_PER_PAGE = 20
    SKILL_SUGGESTIONS = 10
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    FOR_YOU_PER_LANE = 6
    CANDIDATES_SHOWN = 20
    # The matching engine: how often a worker asks which model version is active, up to how many
    # opportunities a missing model is fitted on first use, how many versions are kept, and how
    # long after an edit a background refit starts (edits are recommendable at once regardless).
    MATCHING_CHECK_SECONDS = float(os.environ.get("MATCHING_CHECK_SECONDS", "3"))
    MATCHING_SYNC_FIT_LIMIT = int(os.environ.get("MATCHING_SYNC_FIT_LIMIT", "5000"))
    MATCHING_VERSIONS_KEPT = int(os.environ.get("MATCHING_VERSIONS_KEPT", "3"))
    MATCHING_BACKGROUND_REFIT = True
    MATCHING_REFIT_DELAY_SECONDS = float(os.environ.get("MATCHING_REFIT_DELAY_SECONDS", "60"))
    # Load the language models and the active model version in a thread at start-up, so the
    # first "For you" request does not wait for them.
    MATCHING_WARM_UP = True
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_FROM = os.environ.get("MAIL_FROM", "TalentMatch <no-reply@talentmatch.local>")

    @classmethod
    def init_app(cls, instance_path: str) -> dict[str, object]:
        """Return settings that depend on the instance folder."""
        return {}


class DevelopmentConfig(Config):
    """`make run`: SQLite in instance/, a secret key generated once into instance/."""

    DEBUG = False

    @classmethod
    def init_app(cls, instance_path: str) -> dict[str, object]:
        if cls.SECRET_KEY:
            return {}
        key_file = Path(instance_path) / "secret_key"
        if not key_file.exists():
            key_file.parent.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_hex(32))
            key_file.chmod(0o600)
        return {"SECRET_KEY": key_file.read_text().strip()}


class TestingConfig(Config):
    """The test suite: `TEST_DATABASE_URL` selects PostgreSQL, otherwise a SQLite file per run."""

    TESTING = True
    SECRET_KEY = "testing-secret-key"
    SQLALCHEMY_DATABASE_URI = _database_url(
        os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'test.db'}"
    )
    RATELIMIT_ENABLED = False
    WTF_CSRF_ENABLED = False
    MATCHING_BACKGROUND_REFIT = False  # tests that need one switch it on
    MATCHING_WARM_UP = False


class ProductionConfig(Config):
    """Behind gunicorn: refuses to start without SECRET_KEY; PostgreSQL through DATABASE_URL."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    @classmethod
    def init_app(cls, instance_path: str) -> dict[str, object]:
        if not cls.SECRET_KEY:
            raise RuntimeError("SECRET_KEY must be set in the environment for production.")
        return {}


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_class(name: str | None = None) -> type[Config]:
    """The config class named by `name` or `TALENTMATCH_CONFIG` (default development)."""
    name = name or os.environ.get("TALENTMATCH_CONFIG", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(
            f"Unknown TALENTMATCH_CONFIG {name!r}; use one of {', '.join(CONFIGS)}."
        ) from None
