"""Two app instances on one database and one real Redis, as two gunicorn instances are."""

from __future__ import annotations

import secrets

import pytest

from planner import create_app
from planner.extensions import db


@pytest.fixture
def instances(tmp_path, redis_url):
    """Instances A and B: the same SQLite file, the same Redis cache (a prefix of this
    test's own); A's app context is pushed for arranging records."""
    settings = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'shared.db'}",
        "CACHE_REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": f"test-{secrets.token_hex(4)}:",
    }
    a, b = create_app(settings), create_app(settings)
    context = a.app_context()
    context.push()
    db.create_all()
    yield a, b
    db.session.remove()
    db.drop_all()
    db.engine.dispose()
    context.pop()
    with b.app_context():
        db.engine.dispose()
