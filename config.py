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


_YES = ("1", "true", "yes", "on")


class Config:
    """Settings shared by every run mode."""

    CONFIG_NAME = "base"
    SECRET_KEY: str | None = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url(f"sqlite:///{INSTANCE_DIR / 'talentmatch.db'}")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL")
    # Rate limits (Flask-Limiter syntax, "N per minute|hour|day", several joined by ";").
    # Counters live in Redis when REDIS_URL is set, so every worker and host shares them, and
    # in each process's memory otherwise. When Redis cannot be reached the limits fail OPEN:
    # requests are served unlimited and the limiter logs the error, because refusing every
    # login during a Redis outage would lock everyone out, while the password hash check and
    # the audit log still stand in the way of guessing.
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_STORAGE_OPTIONS = (
        {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
        if os.environ.get("REDIS_URL")
        else {}
    )
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "talentmatch")
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = True
    # Login counts failed attempts only: per account (the address typed) and per client address.
    # The per-account limit stops slow guessing from many addresses; its cost is that someone who
    # knows an address can hold that account's login for the window (a reset link still works).
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    LOGIN_ACCOUNT_RATE_LIMIT = os.environ.get("LOGIN_ACCOUNT_RATE_LIMIT", "5 per 15 minutes")
    REGISTRATION_RATE_LIMIT = os.environ.get("REGISTRATION_RATE_LIMIT", "10 per hour")
    # Password reset requests: per client address, and per address asked for (no mailbox flood).
    PASSWORD_RESET_RATE_LIMIT = os.environ.get("PASSWORD_RESET_RATE_LIMIT", "10 per hour")
    PASSWORD_RESET_EMAIL_RATE_LIMIT = os.environ.get(
        "PASSWORD_RESET_EMAIL_RATE_LIMIT", "3 per hour"
    )
    VERIFICATION_RESEND_RATE_LIMIT = os.environ.get("VERIFICATION_RESEND_RATE_LIMIT", "3 per hour")
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120 per minute")
    # Suggestions run the skill model on posted text: dearer than the rest of the API.
    SUGGESTION_RATE_LIMIT = os.environ.get("SUGGESTION_RATE_LIMIT", "60 per minute")
    EXPORT_RATE_LIMIT = os.environ.get("EXPORT_RATE_LIMIT", "5 per hour")
    MESSAGE_RATE_LIMIT = os.environ.get("MESSAGE_RATE_LIMIT", "30 per hour")
    # Reverse proxies in front of the app that set X-Forwarded-For/-Proto/-Host (0: none, the
    # client address is the connection's). Set it to the exact number, or clients can forge it.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    # Links in emails are built on this address when set (e.g. https://talentmatch.example),
    # otherwise on the host of the request that caused the email.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "")
    PASSWORD_RESET_MINUTES = int(os.environ.get("PASSWORD_RESET_MINUTES", "30"))
    EMAIL_VERIFICATION_HOURS = int(os.environ.get("EMAIL_VERIFICATION_HOURS", "48"))
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Europe/Helsinki"
    # The interface languages, in the switcher's order; a visitor's choice lives in this cookie.
    SUPPORTED_LOCALES = ("en", "fi", "sv")
    LANGUAGE_COOKIE = "talentmatch_language"
    LANGUAGE_COOKIE_DAYS = 365
    # 2 MiB is far above any honest form post; larger bodies get a 413 page.
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # An application with a CV (at most 5 MB) and a cover note; only the apply form takes it.
    APPLICATION_MAX_CONTENT_LENGTH = 5 * 1024 * 1024 + 128 * 1024
    # A JSON body: a 20,000-character job description fits; deeper nesting than this is refused.
    JSON_MAX_BYTES = 64 * 1024
    JSON_MAX_DEPTH = 20
    # Log lines: "json" (one object per line, with the request id, and an access line per
    # request; talentmatch/request_log.py) or "text"; empty leaves Python's and Flask's defaults,
    # as development and the tests use them.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "").lower()
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
    # Seconds a client is asked to wait when the database cannot be reached (503).
    OUTAGE_RETRY_AFTER_SECONDS = 30
    OPPORTUNITIES_PER_PAGE = 20
    SKILL_SUGGESTIONS = 10
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Sessions end after this long without a request, and this long after sign-in at the latest;
    # "keep me signed in" (a random token per sign-in, in its own cookie) lasts REMEMBER_DAYS.
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "60"))
    SESSION_ABSOLUTE_HOURS = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12"))
    REMEMBER_DAYS = int(os.environ.get("REMEMBER_DAYS", "30"))
    REMEMBER_DEVICE_COOKIE_NAME = "remember_device"
    ACCOUNT_CHANGE_RATE_LIMIT = os.environ.get("ACCOUNT_CHANGE_RATE_LIMIT", "10 per hour")
    FOR_YOU_PER_LANE = 6
    CANDIDATES_SHOWN = 20
    # The matching engine: how often a worker asks which model version is active, up to how many
    # opportunities a missing model is fitted on first use, how many versions are kept, and how
    # long after an edit a background refit starts (edits are recommendable at once regardless).
    MATCHING_CHECK_SECONDS = float(os.environ.get("MATCHING_CHECK_SECONDS", "3"))
    # How often a process asks whether the ESCO skills table changed (services.esco_names keeps
    # every skill's names in memory; the table changes only when the extract is loaded again).
    ESCO_CHECK_SECONDS = float(os.environ.get("ESCO_CHECK_SECONDS", "60"))
    # How often a process asks whether the catalogue changed before it reuses the ranking of a
    # search it ran before (services.catalogue_search keeps the latest 512 rankings).
    CATALOGUE_CHECK_SECONDS = float(os.environ.get("CATALOGUE_CHECK_SECONDS", "3"))
    MATCHING_SYNC_FIT_LIMIT = int(os.environ.get("MATCHING_SYNC_FIT_LIMIT", "5000"))
    MATCHING_VERSIONS_KEPT = int(os.environ.get("MATCHING_VERSIONS_KEPT", "3"))
    # Signs stored model artefacts; derived from SECRET_KEY (with its own purpose) when unset.
    MATCHING_ARTEFACT_KEY: str | None = os.environ.get("MATCHING_ARTEFACT_KEY") or None
    MATCHING_BACKGROUND_REFIT = True
    MATCHING_REFIT_DELAY_SECONDS = float(os.environ.get("MATCHING_REFIT_DELAY_SECONDS", "60"))
    # Load the language models and the active model version in a thread at start-up, so the
    # first "For you" request does not wait for them.
    MATCHING_WARM_UP = True
    # Build the Candidates tab's pool of profiles (per model version) in a thread of its own,
    # the tab saying "being prepared" meanwhile, rather than in the request that first needs it.
    MATCHING_POOL_IN_BACKGROUND = True
    # A refit started from the model page and still unfinished after this long is taken for
    # one whose process stopped (a restart, a crash): it is marked failed so a new one can start.
    MATCHING_FIT_ABANDONED_MINUTES = int(os.environ.get("MATCHING_FIT_ABANDONED_MINUTES", "120"))
    # Background work (talentmatch/jobs/): "in-process" runs jobs in threads of the process that
    # enqueued them; "rq" puts them on Redis (REDIS_URL) for `flask jobs work` workers. A job that
    # fails is retried after each of JOB_RETRY_INTERVALS seconds in turn, then marked failed.
    JOB_QUEUE = os.environ.get("JOB_QUEUE", "in-process")
    JOB_QUEUE_NAME = os.environ.get("JOB_QUEUE_NAME", "talentmatch")
    JOB_RETRY_INTERVALS = [
        float(seconds) for seconds in os.environ.get("JOB_RETRY_INTERVALS", "30,120,600").split(",")
    ]
    # Longest a job may run before the worker stops it (a full refit at a million opportunities
    # takes minutes).
    JOB_TIMEOUT_SECONDS = int(os.environ.get("JOB_TIMEOUT_SECONDS", "3600"))
    # A worker marks its running job alive this often; a job not marked for three beats is taken
    # for one whose worker died, and the next worker to clean up (every JOB_MAINTENANCE_SECONDS)
    # retries it.
    JOB_HEARTBEAT_SECONDS = int(os.environ.get("JOB_HEARTBEAT_SECONDS", "10"))
    JOB_MAINTENANCE_SECONDS = int(os.environ.get("JOB_MAINTENANCE_SECONDS", "60"))
    # Finished jobs stay listed on the model page this many days.
    JOB_HISTORY_DAYS = int(os.environ.get("JOB_HISTORY_DAYS", "7"))
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_FROM = os.environ.get("MAIL_FROM", "TalentMatch <no-reply@talentmatch.local>")
    # MAIL_USE_TLS upgrades the connection with STARTTLS (usually port 587); MAIL_USE_SSL
    # connects over TLS from the start (port 465). Log in when MAIL_USERNAME is set.
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "").lower() in _YES
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "").lower() in _YES
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_TIMEOUT_SECONDS = float(os.environ.get("MAIL_TIMEOUT_SECONDS", "10"))
    # Without MAIL_SERVER, messages are written here as .eml files (and to the log).
    MAIL_OUTBOX_FOLDER = os.environ.get("MAIL_OUTBOX_FOLDER") or str(INSTANCE_DIR / "outbox")
    # Delivery after a request is a background job, so the request never waits for the mail
    # server. A failed message is retried after MAIL_RETRY_SECONDS, doubling each time (at most
    # 6 hours apart), and given up after MAIL_MAX_ATTEMPTS attempts; the delivery job schedules
    # itself again for the next message due a retry.
    MAIL_BACKGROUND = True
    MAIL_RETRY_SECONDS = float(os.environ.get("MAIL_RETRY_SECONDS", "60"))
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
    # Privacy: who runs the service and where people write to object or ask for a human review,
    # how often a person may download their data, how long inactive accounts are kept, and where
    # uploaded files live (one folder per account, exported and erased with it).
    PRIVACY_CONTROLLER = os.environ.get("PRIVACY_CONTROLLER", "TalentMatch")
    PRIVACY_CONTACT = os.environ.get("PRIVACY_CONTACT", "privacy@talentmatch.local")
    # Where people report an accessibility problem (named in the accessibility statement).
    ACCESSIBILITY_CONTACT = os.environ.get(
        "ACCESSIBILITY_CONTACT", "accessibility@talentmatch.local"
    )
    RETENTION_MONTHS = int(os.environ.get("RETENTION_MONTHS", "24"))
    RETENTION_WARNING_DAYS = int(os.environ.get("RETENTION_WARNING_DAYS", "30"))
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER") or str(INSTANCE_DIR / "uploads")
    # Security headers (talentmatch/http_security.py): no inline script or style anywhere.
    CONTENT_SECURITY_POLICY = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
    HSTS_MAX_AGE = 0  # seconds; 0 sends no Strict-Transport-Security header
    HSTS_INCLUDE_SUBDOMAINS = os.environ.get("HSTS_INCLUDE_SUBDOMAINS", "").lower() in _YES
    # Host names the app answers to (comma-separated; ".example.fi" includes subdomains).
    # Unset accepts any Host header, which `flask check-deploy` reports.
    TRUSTED_HOSTS: list[str] | None = [
        host.strip() for host in os.environ.get("TRUSTED_HOSTS", "").split(",") if host.strip()
    ] or None
    # Vetting: what employers of an organisation awaiting verification are told.
    VERIFICATION_WORKING_DAYS = int(os.environ.get("VERIFICATION_WORKING_DAYS", "2"))
    VERIFICATION_CONTACT = os.environ.get("VERIFICATION_CONTACT", "employers@talentmatch.local")
    AUDIT_EVENTS_PER_PAGE = 50
    # The demo tour (/tour/): sign in as a demo account without a password. Development only;
    # `flask check-deploy` refuses it in production.
    DEMO_SIGN_IN = os.environ.get("DEMO_SIGN_IN", "").lower() in _YES
    # Where `flask seed-demo` keeps the demo accounts' passwords (owner-only); empty means
    # demo-accounts.txt in the instance folder.
    DEMO_ACCOUNTS_FILE = os.environ.get("DEMO_ACCOUNTS_FILE", "")

    @classmethod
    def init_app(cls, instance_path: str) -> dict[str, object]:
        """Return settings that depend on the instance folder."""
        return {}


class DevelopmentConfig(Config):
    """`make run`: SQLite in instance/, a secret key generated once into instance/."""

    CONFIG_NAME = "development"
    DEBUG = False
    # With no MAIL_SERVER, emails (confirmation and reset links) are printed in the terminal.
    MAIL_TO_CONSOLE = True
    DEMO_SIGN_IN = os.environ.get("DEMO_SIGN_IN", "1").lower() in _YES

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

    CONFIG_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key"
    SQLALCHEMY_DATABASE_URI = _database_url(
        os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'test.db'}"
    )
    RATELIMIT_ENABLED = False
    WTF_CSRF_ENABLED = False
    MATCHING_BACKGROUND_REFIT = False  # tests that need one switch it on
    # Mail is delivered at the end of the request that queued it (tests read it at once), and
    # stays queued without a mail server, unless a test points these elsewhere.
    MAIL_BACKGROUND = False
    MAIL_OUTBOX_FOLDER = ""
    MATCHING_WARM_UP = False
    MATCHING_POOL_IN_BACKGROUND = False
    # Tests add ESCO skills and opportunities as they go: look at the tables' stamps on every use.
    ESCO_CHECK_SECONDS = 0.0
    CATALOGUE_CHECK_SECONDS = 0.0


class ProductionConfig(Config):
    """Behind gunicorn and nginx (talentmatch/deploy/DEPLOYMENT.md): refuses to start without
    SECRET_KEY; PostgreSQL through DATABASE_URL and Redis through REDIS_URL, which
    `flask check-deploy` insists on; JSON log lines."""

    CONFIG_NAME = "production"
    # Jobs go to RQ workers whenever Redis is there to carry them.
    JOB_QUEUE = os.environ.get("JOB_QUEUE") or (
        "rq" if os.environ.get("REDIS_URL") else "in-process"
    )
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS_MAX_AGE = int(os.environ.get("HSTS_MAX_AGE", str(365 * 24 * 3600)))
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json").lower()

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
