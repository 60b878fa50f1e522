"""Backup and restore (issue 9.8): a populated database survives the round trip, on both backends."""

from __future__ import annotations

from sqlalchemy import func, select

from planner import audit
from planner.extensions import db
from planner.models import AuditEvent, Invitation, Person, User, Workshop
from planner.vocabulary import Community, Role


def _populate(make) -> dict:
    owner = make.user(Role.FACILITATOR, name="Toğrul Bağırov")
    workshop = make.workshop(owner=owner, title="Dialogue in Tbilisi — Ереван / Bakı")
    make.invite(workshop, make.person(name="Անի Հակոբյան"))
    make.invite(workshop, make.person(name="Aygün Məmmədova", community=Community.AZERBAIJANI))
    audit.record(
        "workshop.created", "workshop", workshop.uid, workshop_uid=workshop.uid, actor=owner
    )
    db.session.commit()
    return {"workshop_uid": workshop.uid, "title": workshop.title}


def _counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (User, Workshop, Person, Invitation, AuditEvent)
    }


def _names() -> set[str]:
    return set(db.session.scalars(select(Person.name)))


def test_backup_and_restore_round_trip_a_populated_database(app, make, runner, tmp_path):
    facts = _populate(make)
    before_counts, before_names = _counts(), _names()
    backup_file = tmp_path / "planner.backup"

    result = runner.invoke(args=["backup", str(backup_file)])
    assert result.exit_code == 0, result.output
    assert backup_file.stat().st_size > 0

    # Change the database after the backup: restoring must undo all of it.
    db.session.execute(Invitation.__table__.delete())
    db.session.execute(Person.__table__.delete())
    make.user(Role.ORGANISER, name="Added after the backup")
    db.session.commit()
    assert _counts() != before_counts

    result = runner.invoke(args=["restore", "--yes", str(backup_file)])
    assert result.exit_code == 0, result.output
    db.session.remove()

    assert _counts() == before_counts
    assert _names() == before_names == {"Անի Հակոբյան", "Aygün Məmmədova"}
    workshop = db.session.scalar(select(Workshop).where(Workshop.uid == facts["workshop_uid"]))
    assert workshop.title == facts["title"]
    assert workshop.owner.name == "Toğrul Bağırov"


def test_restore_refuses_a_file_that_is_not_a_backup(app, make, runner, tmp_path):
    make.user(Role.ORGANISER)
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    result = runner.invoke(args=["restore", "--yes", str(bogus)])
    assert result.exit_code == 1
    assert "Error" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_restore_asks_for_confirmation(app, make, runner, tmp_path):
    make.user(Role.ORGANISER)
    backup_file = tmp_path / "planner.backup"
    runner.invoke(args=["backup", str(backup_file)])
    result = runner.invoke(args=["restore", str(backup_file)], input="n\n")
    assert result.exit_code == 1
    assert "Aborted" in result.output
