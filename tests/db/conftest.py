"""Databases for the tests that need more than the per-test in-memory one.

``shared_database``: one database that several connections really share (a SQLite file in
WAL mode, since an in-memory database has one connection; or the PostgreSQL test schema,
emptied), for races between concurrent requests.
``empty_app``: an app on a database of its own with no tables at all, to migrate up and down.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from planner import create_app
from planner.extensions import db


@pytest.fixture
def shared_database(backend, tmp_path, request) -> str:
    """The URL of an empty, fully built database that several connections share."""
    if backend == "postgres":
        url = request.getfixturevalue("_postgres_schema")
    else:
        url = f"sqlite:///{tmp_path / 'shared.db'}"
    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with application.app_context():
        if backend == "postgres":
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            with db.engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        else:
            db.create_all()
        db.engine.dispose()
    return url


@pytest.fixture
def empty_app(backend, request, tmp_path):
    if backend == "postgres":
        url = request.getfixturevalue("postgres_url")
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            # A separate database, so the shared test schema is untouched.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("DROP DATABASE IF EXISTS migration_check"))
                conn.execute(text("CREATE DATABASE migration_check"))
            db.engine.dispose()
        url = url.rsplit("/", 1)[0] + "/migration_check"
    else:
        url = f"sqlite:///{tmp_path / 'migrations.db'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
