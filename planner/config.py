"""Settings read from the environment, one class per kind of deployment.

``PLANNER_ENV`` chooses the class (development, testing, production; default development).
``DATABASE_URL`` names the database (default: a SQLite file in ``instance/``).
``SECRET_KEY`` is required in production; development generates one and keeps it in
``instance/secret_key`` so sessions survive a restart.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

INSTANCE_DIR = Path(
    os.environ.get("PLANNER_INSTANCE_DIR", Path(__file__).resolve().parent.parent / "instance")
)


class ConfigError(RuntimeError):
    """The environment does not describe a usable configuration."""


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
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "20 per 15 minutes")
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes")
    HSTS = False
    PAGE_SIZE = 50
    PROXY_HOPS = int(os.environ.get("PLANNER_PROXY_HOPS", "0"))
    # Organisers must enrol in two-factor sign-in (TOTP) before using the app.
    REQUIRE_2FA_FOR_ORGANISERS = _env_bool("REQUIRE_2FA_FOR_ORGANISERS", False)

    def __init__(self) -> None:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'planner.db'}"
        self.SQLALCHEMY_DATABASE_URI = _normalise_database_url(url)
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or self._fallback_secret_key()

    def _fallback_secret_key(self) -> str:
        raise ConfigError(
            "SECRET_KEY is not set. Set it to a long random string, for example:\n"
            "  export SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')"
        )


class DevelopmentConfig(Config):
    ENV_NAME = "development"

    def _fallback_secret_key(self) -> str:
        return _development_secret_key()


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

    def _fallback_secret_key(self) -> str:
        return "testing-secret-key-not-for-production"


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS = True

    def __init__(self) -> None:
        super().__init__()
        self.SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE


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
