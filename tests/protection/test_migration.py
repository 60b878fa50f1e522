"""The migration of issue 20 encrypts existing rows on upgrade and decrypts them on
downgrade, on SQLite and PostgreSQL."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from planner import crypto
from planner.extensions import db

MIGRATION = (
    Path(__file__).resolve().parents[2]
    / "migrations/versions/e7a1c4b9d2f3_protecting_participants.py"
)


def _migration():
    spec = importlib.util.spec_from_file_location("protecting_participants", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ROWS = (
    "INSERT INTO users (id, email, name, role, password_hash, preferred_language, active,"
    " session_token, created_at) VALUES (1, 'f@example.org', 'F', 'facilitator', 'x', 'en',"
    " true, 't', CURRENT_TIMESTAMP)",
    "INSERT INTO workshops (id, uid, title, objectives, context_notes, start_date, end_date,"
    " timezone, track, confidentiality, status, format, working_languages, owner_id, version,"
    " created_at, updated_at) VALUES (1, 'w1', 'W', '', 'PLAIN-CONTEXT-NOTE', '2027-05-10',"
    " '2027-05-11', 'Asia/Tbilisi', 'track_two', 'chatham_house', 'draft', 'open', '[]', 1, 1,"
    " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
    "INSERT INTO sessions (id, uid, workshop_id, day, start_time, duration_minutes,"
    " alongside_previous, title, format, audience, description, facilitator_notes, position,"
    " version) VALUES (1, 's1', 1, '2027-05-10', '09:00:00', 60, false, 'S', 'plenary',"
    " 'everyone', '', 'PLAIN-SESSION-NOTE', 1, 1)",
    "INSERT INTO people (id, uid, name, name_alt, community, affiliation, languages, email,"
    " consent_to_list, gender, notes, version, created_at) VALUES (1, 'p1', 'Անի', '',"
    " 'armenian', 'PLAIN-AFFILIATION', '[]', 'Ani@Example.org', true, '', 'PLAIN-PERSON-NOTE',"
    " 1, CURRENT_TIMESTAMP)",
)

ENCRYPTED = (
    ("people", "notes", "PLAIN-PERSON-NOTE"),
    ("people", "email", "Ani@Example.org"),
    ("people", "affiliation", "PLAIN-AFFILIATION"),
    ("workshops", "context_notes", "PLAIN-CONTEXT-NOTE"),
    ("sessions", "facilitator_notes", "PLAIN-SESSION-NOTE"),
)


def _value(table: str, column: str) -> str:
    with db.engine.connect() as conn:
        return conn.execute(text(f"SELECT {column} FROM {table}")).scalar()  # noqa: S608


def test_upgrade_encrypts_existing_rows_and_downgrade_decrypts_them(empty_app):
    migration = _migration()
    upgrade(revision=migration.down_revision)
    with db.engine.begin() as conn:
        for statement in ROWS:
            conn.execute(text(statement))

    upgrade(revision=migration.revision)
    keyring = crypto.keyring()
    for table, column, plain in ENCRYPTED:
        stored = _value(table, column)
        assert stored != plain and crypto.is_token(stored)
        assert keyring.decrypt(stored) == plain
    assert _value("people", "email_hash") == keyring.email_hash("ani@example.org")
    assert _value("people", "risk_level") == "standard"
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO people (uid, name, name_alt, community, affiliation, languages,"
                " consent_to_list, gender, notes, version, created_at, risk_level, risk_reason,"
                " email_hash) VALUES ('p2', 'Twin', '', 'armenian', '', '[]', false, '', '', 1,"
                " CURRENT_TIMESTAMP, 'standard', '', :h)"
            ),
            {"h": keyring.email_hash("ANI@example.org")},
        )

    downgrade(revision=migration.down_revision)
    for table, column, plain in ENCRYPTED:
        assert _value(table, column) == plain
