"""Migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from planner.extensions import db


def test_upgrade_builds_the_schema_of_the_models(empty_app):
    upgrade()
    with db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": False}), db.metadata
        )
    assert diff == [], f"models and migrations differ: {diff}"


def test_upgraded_schema_refuses_emails_differing_only_in_case(empty_app):
    upgrade()
    insert = text(
        "INSERT INTO users (email, name, role, password_hash, preferred_language, active,"
        " session_token, created_at) VALUES (:email, 'A', 'organiser', 'x', 'en', true, 't',"
        " CURRENT_TIMESTAMP)"
    )
    with db.engine.begin() as conn:
        conn.execute(insert, {"email": "Ani@Example.org"})
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(insert, {"email": "ani@example.ORG"})


def test_downgrade_to_base_removes_every_table(empty_app):
    upgrade()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
