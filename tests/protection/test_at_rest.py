"""Encryption at rest (issue 20, item 3): the raw SQLite file, a plain PostgreSQL dump and
the app's backups hold none of the demo's notes or addresses in plain text; key rotation
re-encrypts everything under the new key and lookups by address keep working."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from planner import create_app, crypto, demo
from planner.admin.backup import _libpq_arguments, backup
from planner.config import TESTING_DATA_KEY
from planner.extensions import db
from planner.models import Person
from planner.people.queries import person_by_email
from tests.conftest import _truncate_all


def _demo_secrets() -> set[str]:
    """Every note, address, affiliation and risk reason the demo file gives a person,
    the workshop or a session (accounts' sign-in addresses aside: see the README)."""
    data = yaml.safe_load(demo.DEMO_FILE.read_text(encoding="utf-8"))
    found = {data["workshop"]["context_notes"]}
    for entry in data["people"]:
        for key in ("notes", "risk_reason", "affiliation"):
            if entry.get(key):
                found.add(entry[key])
        if entry.get("email") and not entry.get("account"):
            found.add(entry["email"])
    found.update(s["notes"] for s in data["sessions"] if s.get("notes"))
    return {" ".join(s.split()) for s in found}


def _leaks(raw: bytes, secrets: set[str]) -> list[str]:
    text_ = raw.decode("utf-8", "replace")
    return sorted(s for s in secrets if s in text_)


def test_the_demo_gives_the_check_something_to_find():
    secrets = _demo_secrets()
    assert "gunel.ismayilova@demo.example" in secrets
    assert any("humanitarian" in s for s in secrets)
    assert len(secrets) > 15


def test_the_raw_sqlite_file_and_its_backup_hold_no_plaintext(tmp_path):
    path = tmp_path / "planner.db"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        db.create_all()
        demo.create_demo()
        # The application still reads everything back in the clear.
        gunel = person_by_email("GUNEL.ismayilova@demo.example")
        assert gunel is not None and gunel.risk_reason.startswith("Her foundation")
        copy = backup(tmp_path / "backup.db")
        db.session.remove()
        db.engine.dispose()
    secrets = _demo_secrets()
    assert _leaks(path.read_bytes(), secrets) == []
    assert _leaks(copy.read_bytes(), secrets) == []


@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_a_plain_postgresql_dump_holds_no_plaintext(_postgres_schema):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _postgres_schema})
    with app.app_context():
        _truncate_all()
        demo.create_demo()
        assert person_by_email("gunel.ismayilova@demo.example") is not None
        db.session.commit()
        args, env = _libpq_arguments(make_url(db.engine.url))
        dump = subprocess.run(
            [shutil.which("pg_dump"), "--format=plain", "--data-only", *args],
            env=env,
            capture_output=True,
            check=True,
        ).stdout
        # The dump has the demo's people: what is not there is encrypted, not missing.
        assert "Günel İsmayılova".encode() in dump
        assert _leaks(dump, _demo_secrets()) == []
        # Our session's locks go first, or the TRUNCATE would wait for them forever.
        db.session.remove()
        _truncate_all()
        db.engine.dispose()


NEW_KEY = "bmV3LXRlc3Rpbmcta2V5LXRoaXJ0eS10d28tYnl0ZXM="


def _raw(column: str, person_id: int) -> str:
    return db.session.execute(
        text(f"SELECT {column} FROM people WHERE id = :id"),  # noqa: S608 - a fixed column
        {"id": person_id},
    ).scalar()


def test_rotation_re_encrypts_every_value_under_the_new_key(app, make, runner):
    person = make.person("Ani", email="Ani@Example.org", notes="ROTATE-NOTE", affiliation="AFF")
    workshop = make.workshop(context_notes="ROTATE-CONTEXT")
    make.session(workshop, facilitator_notes="ROTATE-SESSION")
    old_hash = _raw("email_hash", person.id)
    try:
        # The new key first, the old one after it (as PLANNER_DATA_KEY would say).
        crypto.configure([NEW_KEY, TESTING_DATA_KEY])
        result = runner.invoke(args=["keys", "rotate", "--batch-size", "1"])
        assert result.exit_code == 0, result.output
        assert "Re-encrypted" in result.output
        new_only = crypto.Keyring([NEW_KEY])
        for column in ("notes", "email", "affiliation"):
            assert new_only.decrypt(_raw(column, person.id)) in (
                "ROTATE-NOTE",
                "Ani@Example.org",
                "AFF",
            )
        assert (
            new_only.decrypt(
                db.session.execute(text("SELECT context_notes FROM workshops")).scalar()
            )
            == "ROTATE-CONTEXT"
        )
        assert (
            new_only.decrypt(
                db.session.execute(text("SELECT facilitator_notes FROM sessions")).scalar()
            )
            == "ROTATE-SESSION"
        )
        assert _raw("email_hash", person.id) not in (old_hash, None)
        # With the old key gone, everything still reads, and the address is still found.
        crypto.configure([NEW_KEY])
        db.session.expire_all()
        assert db.session.get(Person, person.id).notes == "ROTATE-NOTE"
        assert person_by_email("ani@example.org").id == person.id
    finally:
        crypto.configure([TESTING_DATA_KEY])


def test_lookups_find_an_address_hashed_under_an_older_key(app, make):
    person = make.person("Ani", email="ani@example.org")
    try:
        crypto.configure([NEW_KEY, TESTING_DATA_KEY])
        assert person_by_email("ANI@example.org").id == person.id
    finally:
        crypto.configure([TESTING_DATA_KEY])


def test_a_value_under_an_unknown_key_gives_a_clear_error(app, make):
    person = make.person("Ani", notes="SECRET")
    try:
        crypto.configure([NEW_KEY])
        db.session.expire_all()
        with pytest.raises(crypto.DataKeyError, match="cannot be decrypted"):
            db.session.scalars(select(Person.notes).where(Person.id == person.id)).one()
    finally:
        crypto.configure([TESTING_DATA_KEY])
        db.session.rollback()


def test_the_email_hash_keeps_addresses_unique_whatever_their_case(app, make):
    from sqlalchemy.exc import IntegrityError

    make.person("Ani", email="ani@example.org")
    db.session.add(Person(name="Twin", community="armenian", email="ANI@EXAMPLE.ORG"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_malformed_data_key_is_refused_with_how_to_make_one(monkeypatch):
    from planner.config import ConfigError, load_config

    monkeypatch.setenv("PLANNER_DATA_KEY", "not-a-key")
    with pytest.raises(ConfigError, match="Fernet.generate_key"):
        load_config("testing")


def test_production_requires_a_data_key(monkeypatch):
    from planner.config import ConfigError, load_config

    monkeypatch.delenv("PLANNER_DATA_KEY", raising=False)
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    with pytest.raises(ConfigError, match="PLANNER_DATA_KEY is not set"):
        load_config("production")


def test_an_erased_name_is_overwritten_in_the_sqlite_file_and_later_backups(tmp_path):
    from planner.admin.operations import erase_person
    from tests.factories import Factories

    path = tmp_path / "planner.db"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        db.create_all()
        make = Factories()
        workshop = make.workshop()
        person = make.person("ERASE-ME-NAME-q9", email="erase-me@example.org")
        make.invite(workshop, person)
        erase_person(person)
        db.session.commit()
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        copy = backup(tmp_path / "after.db")
        db.session.remove()
        db.engine.dispose()
    for raw in (path.read_bytes(), copy.read_bytes()):
        assert b"ERASE-ME-NAME-q9" not in raw


def test_an_encrypted_column_refuses_a_comparison_that_could_never_match(app):
    # A ciphertext has a random IV: "email = :x" would silently find nobody.
    with pytest.raises(TypeError, match="email_hash"):
        select(Person).where(Person.email == "ani@example.org")
    with pytest.raises(TypeError):
        select(Person).where(Person.notes.like("%x%"))
    assert "IS NULL" in str(select(Person).where(Person.email.is_(None)))
