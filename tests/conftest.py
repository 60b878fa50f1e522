"""Shared fixtures: the app on a fresh database per test, on SQLite and on PostgreSQL.

Tests that take ``app`` (or ``client``, ``db_session``…) run once per database backend:
SQLite in memory, and PostgreSQL in a throwaway cluster started for the test session
(or ``TEST_DATABASE_URL``). Without PostgreSQL those runs are skipped with the reason;
with ``REQUIRE_POSTGRES=1`` (CI) they fail instead.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import text

from planner import create_app
from planner.extensions import db
from tests.postgres_cluster import Cluster, Unavailable

# Tests read English outside a request whatever the machine's locale (LANG=ru_RU.UTF-8 would
# otherwise turn the command line and the rules Russian); language tests set their own.
os.environ["PLANNER_LANGUAGE"] = "en"

# Property tests judge behaviour, not speed: a busy CI machine must not fail them on time.
settings.register_profile(
    "planner", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=False
)
settings.load_profile("planner")


def pytest_collection_modifyitems(config, items):
    # Keep a PostgreSQL cluster's tests on one xdist worker, so each worker starts at most one.
    for item in items:
        if "[postgres" in item.nodeid:
            item.add_marker(pytest.mark.xdist_group("postgres"))


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL URL for the session, or a skip with the reason."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        yield url
        return
    cluster = Cluster()
    try:
        url = cluster.start()
    except Unavailable as reason:
        cluster.stop()
        if os.environ.get("REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here but unavailable: {reason}")
        pytest.skip(f"PostgreSQL unavailable: {reason}")
    yield url
    cluster.stop()


@pytest.fixture(scope="session")
def redis_url():
    """A Redis URL for the session (a server on a free loopback port), or a skip with the
    reason; with ``REQUIRE_REDIS=1`` (CI) a failure instead."""
    from tests.redis_server import RedisServer
    from tests.redis_server import Unavailable as RedisUnavailable

    server = RedisServer()
    try:
        url = server.start()
    except RedisUnavailable as reason:
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"Redis is required here but unavailable: {reason}")
        pytest.skip(f"Redis unavailable: {reason}")
    yield url
    server.stop()


@pytest.fixture(scope="session")
def _postgres_schema(postgres_url):
    """Build the PostgreSQL schema once per session through the migrations."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": postgres_url})
    with app.app_context():
        from flask_migrate import upgrade

        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
        db.engine.dispose()
    return postgres_url


def _truncate_all() -> None:
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request) -> str:
    return request.param


@pytest.fixture
def app(backend, request):
    if backend == "postgres":
        url = request.getfixturevalue("_postgres_schema")
        application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with application.app_context():
            _truncate_all()
            yield application
            db.session.remove()
            db.engine.dispose()
    else:
        application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
        with application.app_context():
            db.create_all()
            yield application
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


@pytest.fixture
def throttled_app(app):
    """A second app on the test's database with throttling on and the given limits (limits
    are read when an app starts): ``throttled_app(PRIVATE_LINK_LIMIT="3 per minute")``."""
    opened = []

    def _open(**limits):
        throttled = create_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                "RATELIMIT_ENABLED": True,
                **limits,
            }
        )
        context = throttled.app_context()
        context.push()
        opened.append(context)
        if app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite://":
            db.create_all()  # a new in-memory database
        return throttled

    yield _open
    for context in reversed(opened):
        db.session.remove()
        db.engine.dispose()
        context.pop()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def seeded(app):
    """The seed data loaded (segments, venues, topics, the article, context, prompts)."""
    from planner.seeding import load_seeds

    load_seeds()
    return app


@pytest.fixture
def make(app):
    """Small factories for records (see tests/factories.py)."""
    from tests.factories import Factories

    return Factories()


@pytest.fixture
def login(client):
    """Sign a user in through the real sign-in form."""
    from tests.factories import PASSWORD

    def _login(user, password: str = PASSWORD):
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response

    return _login
