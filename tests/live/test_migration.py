"""The live day's migration (c6e2a8f4d1b9) goes up and down on SQLite and PostgreSQL, keeping
the sessions and their prompts (plain ADD COLUMN, no table rebuild)."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from planner.extensions import db
from tests.db.conftest import empty_app  # noqa: F401  (the fixture)

REVISION = "c6e2a8f4d1b9"
BEFORE = "c8e4a1f6d2b9"
COLUMNS = {"held", "actual_start", "actual_end", "outcome_note"}


def _session_columns() -> set[str]:
    return {c["name"] for c in inspect(db.engine).get_columns("sessions")}


def test_the_live_day_migration_adds_and_removes_its_columns_and_table(empty_app):  # noqa: F811
    upgrade(revision=BEFORE)
    assert not COLUMNS & _session_columns()
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (id, email, name, role, password_hash, preferred_language,"
                " active, session_token, created_at) VALUES (1, 'a@example.org', 'A',"
                " 'facilitator', 'x', 'en', true, 't', CURRENT_TIMESTAMP)"
            )
        )
    upgrade(revision=REVISION)
    assert _session_columns() >= COLUMNS
    assert "live_changes" in inspect(db.engine).get_table_names()
    with db.engine.connect() as conn:
        default = conn.execute(text("SELECT count(*) FROM sessions WHERE held")).scalar()
    assert default == 0
    downgrade(revision=BEFORE)
    assert not COLUMNS & _session_columns()
    assert "live_changes" not in inspect(db.engine).get_table_names()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM users")).scalar() == 1
