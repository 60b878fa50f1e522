"""Settings read from the environment, one class per kind of deployment.

``PLANNER_ENV`` chooses the class (development, testing, production; default development).
``DATABASE_URL`` names the database (default: a SQLite file in ``instance/``).
``SECRET_KEY`` is required in production (at least 32 bytes); development generates one and
keeps it in ``instance/secret_key`` so sessions survive a restart.
``RATELIMIT_STORAGE_URI`` is where sign-in failures are counted: ``memory://`` counts in each
process alone, so production with more than one worker (``WEB_CONCURRENCY``) needs a store
that every worker and instance shares, ``redis://host:port``.
``PLANNER_DATA_KEY`` holds the Fernet keys that encrypt sensitive fields at rest
(``planner.crypto``), comma-separated, the first one encrypting: required in production;
development generates one into ``instance/data_key``.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

INSTANCE_DIR = Path(
    os.environ.get("PLANNER_INSTANCE_DIR", Path(__file__).resolve().parent.parent / "instance")
)


#: The shortest SECRET_KEY production accepts: 32 random bytes, as ``secrets.token_hex(32)``.
MIN_SECRET_KEY_BYTES = 32
_HOW_TO_GENERATE_A_KEY = (
    "  export SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')"
)


class ConfigError(RuntimeError):
    """The environment does not describe a usable configuration."""


def check_limits_store(storage_uri: str, workers: int) -> None:
    """Refuse a per-process limits store when several processes serve the app: each would
    count failed sign-ins alone, and five workers would let five times the limit through."""
    if workers > 1 and storage_uri.startswith("memory://"):
        raise ConfigError(
            f"RATELIMIT_STORAGE_URI is {storage_uri!r}, which counts sign-in attempts in each "
            f"process alone, and {workers} worker processes would each allow the full limit. "
            "Point every worker and instance at one Redis, for example:\n"
            "  export RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379\n"
            "or serve with one worker: export WEB_CONCURRENCY=1"
        )


def _normalise_database_url(url: str) -> str:
    # Hosting providers hand out postgres:// URLs; SQLAlchemy wants a driver named.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _development_secret_key() -> str:
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _development_data_key() -> str:
    from planner.crypto import generate_key

    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / "data_key"
    if not path.exists():
        path.write_text(generate_key())
        path.chmod(0o600)
    return path.read_text().strip()


#: The testing data key (a fixed Fernet key, so that test databases stay readable).
TESTING_DATA_KEY = "dGVzdGluZy1kYXRhLWtleS1ub3QtZm9yLXByb2R1Y3Q="


class Config:
    ENV_NAME = "base"
    DEBUG = False
    TESTING = False
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # The cookie is re-sent when the session changes (the last-seen time, once a minute:
    # planner.auth.sessions), not with every response.
    SESSION_REFRESH_EACH_REQUEST = False
    PERMANENT_SESSION_LIFETIME = timedelta(
        minutes=int(os.environ.get("SESSION_IDLE_MINUTES", "60"))
    )
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # A pasted article (up to 1 MB, planner.sources.decoding) is one form field; Werkzeug's
    # default (500 kB) refused it before the importer could say anything.
    MAX_FORM_MEMORY_SIZE = MAX_CONTENT_LENGTH
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = False
    # If the shared store (Redis) stops answering, each process counts on its own until it
    # answers again: limits get weaker for a while, but sign-in keeps working (no 500s).
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Failed sign-ins (planner.auth.views): from one address; on one account from one address
    # (so a stranger's guesses do not lock the holder out elsewhere, OWASP); and a looser
    # ceiling on one account from anywhere, against guesses spread over many addresses.
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "20 per 15 minutes")
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
    LOGIN_LIMIT_PER_ACCOUNT_ANY_ADDRESS = os.environ.get(
        "LOGIN_LIMIT_PER_ACCOUNT_ANY_ADDRESS", "100 per hour"
    )
    # Adding to a team tries an address: throttled per signed-in user against enumeration.
    TEAM_ADD_LIMIT = os.environ.get("TEAM_ADD_LIMIT", "10 per 15 minutes")
    HSTS = False
    PAGE_SIZE = 50
    PROXY_HOPS = int(os.environ.get("PLANNER_PROXY_HOPS", "0"))
    # Organisers must enrol in two-factor sign-in (TOTP) before using the app.
    REQUIRE_2FA_FOR_ORGANISERS = _env_bool("REQUIRE_2FA_FOR_ORGANISERS", False)
    MAIL_BACKEND = "smtp"
    MAIL_TIMEOUT = 30
    # Send approved messages in the request that approved them (after its commit) instead
    # of leaving them to the worker (``flask --app planner outbox send``).
    OUTBOX_SEND_AT_ONCE = False

    def __init__(self) -> None:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'planner.db'}"
        self.SQLALCHEMY_DATABASE_URI = _normalise_database_url(url)
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or self._fallback_secret_key()
        # Read here, not at import, so that the environment of the process decides.
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
        # Outgoing mail (planner.outbox, through Flask-Mailman). Without MAIL_SERVER nothing
        # is sent: messages stay in the outbox, readable in the app.
        self.MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
        self.MAIL_PORT = int(os.environ.get("MAIL_PORT") or "25")
        self.MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
        self.MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
        self.MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
        self.MAIL_DEFAULT_SENDER = os.environ.get(
            "MAIL_DEFAULT_SENDER", "Dialogue Workshop Planner <planner@localhost>"
        )
        # The app's address as participants reach it, for the links in e-mails sent by the
        # worker (no request to take it from), e.g. https://planner.example.org
        self.PUBLIC_URL = os.environ.get("PUBLIC_URL") or None
        from planner.crypto import DataKeyError, parse_keys

        try:
            keys = parse_keys(os.environ.get("PLANNER_DATA_KEY"))
        except DataKeyError as error:
            raise ConfigError(str(error)) from None
        self.DATA_KEYS = keys or (self._fallback_data_key(),)
        # The shared cache (planner.caching): this Redis, else a redis:// limits store,
        # else each process's memory.
        self.CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL") or None
        if os.environ.get("DB_POOL_SIZE") and self.SQLALCHEMY_DATABASE_URI.startswith("postgresql"):
            # One connection per serving thread (gunicorn.conf.py sets it), a few spare.
            size = int(os.environ["DB_POOL_SIZE"])
            self.SQLALCHEMY_ENGINE_OPTIONS = {
                **Config.SQLALCHEMY_ENGINE_OPTIONS,
                "pool_size": size,
                "max_overflow": 2,
            }
        if os.environ.get("PRIVATE_LINK_LIMIT"):
            # Requests per address to private links (planner.participant.views).
            self.PRIVATE_LINK_LIMIT = os.environ["PRIVATE_LINK_LIMIT"]

    def _fallback_data_key(self) -> str:
        raise ConfigError(
            "PLANNER_DATA_KEY is not set. It encrypts notes and contact details at rest; "
            "generate one with:\n  export PLANNER_DATA_KEY=$(python -c 'from "
            "cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')"
        )

    def _fallback_secret_key(self) -> str:
        raise ConfigError(
            "SECRET_KEY is not set. Set it to a long random string, for example:\n"
            + _HOW_TO_GENERATE_A_KEY
        )


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    OUTBOX_SEND_AT_ONCE = True

    def _fallback_secret_key(self) -> str:
        return _development_secret_key()

    def _fallback_data_key(self) -> str:
        return _development_data_key()


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    WTF_CSRF_ENABLED = False  # tests that check CSRF switch it back on
    RATELIMIT_ENABLED = False  # tests that check throttling switch it back on
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 - a method name; fast hashing in tests only

    def __init__(self) -> None:
        super().__init__()
        self.SQLALCHEMY_DATABASE_URI = _normalise_database_url(
            os.environ.get("TEST_DATABASE_URL", "sqlite://")
        )
        # Tests that send mail start their own SMTP server and name it.
        self.MAIL_SERVER = None

    def _fallback_secret_key(self) -> str:
        return "testing-secret-key-not-for-production"

    def _fallback_data_key(self) -> str:
        return TESTING_DATA_KEY


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS = True

    def __init__(self) -> None:
        super().__init__()
        self.SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        if len(self.SECRET_KEY.encode()) < MIN_SECRET_KEY_BYTES:
            raise ConfigError(
                f"SECRET_KEY is {len(self.SECRET_KEY.encode())} bytes; production needs at "
                f"least {MIN_SECRET_KEY_BYTES} bytes of random text, for example:\n"
                + _HOW_TO_GENERATE_A_KEY
            )
        # gunicorn.conf.py checks its own worker count; this catches other servers told one.
        check_limits_store(
            self.RATELIMIT_STORAGE_URI, int(os.environ.get("WEB_CONCURRENCY") or "1")
        )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def load_config(name: str | None = None) -> Config:
    name = name or os.environ.get("PLANNER_ENV", "development")
    try:
        return CONFIGS[name]()
    except KeyError:
        raise ConfigError(f"PLANNER_ENV={name!r} is not one of: {', '.join(CONFIGS)}") from None
