"""Model constraints hold in the database itself, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, StatementError

from planner.extensions import db
from planner.models import Invitation, Person, Session, User, Workshop
from planner.vocabulary import Audience, Community, Role, SessionFormat


def _fails(callable_):
    with pytest.raises((IntegrityError, StatementError)):
        callable_()
        db.session.flush()
    db.session.rollback()


def test_emails_are_unique_whatever_their_case(make):
    make.user(email="Ani@Example.org")
    _fails(
        lambda: db.session.add(
            User(email="ani@example.ORG", name="x", role=Role.FACILITATOR, password_hash="x")
        )
    )


def test_person_emails_are_unique_case_insensitively_but_optional(make):
    make.person(email="Rashad@example.org")
    make.person(email=None)
    make.person(email=None)  # many people without email are fine
    _fails(
        lambda: db.session.add(
            Person(name="R", community=Community.AZERBAIJANI, email="rashad@EXAMPLE.org")
        )
    )


def test_role_must_be_one_of_the_three(app):
    with pytest.raises(IntegrityError):
        db.session.execute(
            text(
                "INSERT INTO users (email, name, role, password_hash, preferred_language, active, session_token, created_at)"
                " VALUES ('a@b.c', 'A', 'admin', 'x', 'en', true, 't', CURRENT_TIMESTAMP)"
            )
        )
    db.session.rollback()


def test_workshop_end_date_cannot_precede_start(make):
    owner = make.user()
    _fails(
        lambda: db.session.add(
            Workshop(
                title="W",
                start_date=date(2027, 5, 2),
                end_date=date(2027, 5, 1),
                timezone="Europe/Rome",
                owner=owner,
            )
        )
    )


def test_session_duration_must_be_positive(make):
    workshop = make.workshop()
    _fails(
        lambda: db.session.add(
            Session(
                workshop=workshop,
                day=workshop.start_date,
                start_time=time(9),
                duration_minutes=0,
                title="S",
                format=SessionFormat.PLENARY,
            )
        )
    )


def test_community_audience_must_name_the_community(make):
    workshop = make.workshop()
    _fails(
        lambda: db.session.add(
            Session(
                workshop=workshop,
                day=workshop.start_date,
                start_time=time(9),
                duration_minutes=60,
                title="Caucus",
                format=SessionFormat.CAUCUS,
                audience=Audience.COMMUNITY,
                audience_community=None,
            )
        )
    )


def test_a_person_is_invited_to_a_workshop_at_most_once(make):
    workshop, person = make.workshop(), make.person()
    make.invite(workshop, person)
    _fails(lambda: db.session.add(Invitation(workshop=workshop, person=person)))


def test_deleting_a_workshop_removes_its_sessions_and_invitations(make):
    workshop = make.workshop()
    make.session(workshop)
    make.invite(workshop, make.person())
    db.session.execute(text("DELETE FROM workshops WHERE id = :id"), {"id": workshop.id})
    db.session.commit()
    assert db.session.scalar(text("SELECT count(*) FROM sessions")) == 0
    assert db.session.scalar(text("SELECT count(*) FROM invitations")) == 0


def test_workshop_owner_cannot_be_deleted_while_owning(make):
    workshop = make.workshop()
    with pytest.raises(IntegrityError):
        db.session.execute(text("DELETE FROM users WHERE id = :id"), {"id": workshop.owner_id})
        db.session.flush()
    db.session.rollback()


def test_unicode_names_round_trip(make):
    names = ["Անի Հակոբյան", "Aygün Məmmədova", "Toğrul Bağırov", "Ольга Смирнова"]
    ids = [make.person(name=n).id for n in names]
    db.session.expire_all()
    assert [db.session.get(Person, i).name for i in ids] == names


def test_public_ids_are_random_and_not_sequential(make):
    first, second = make.workshop(), make.workshop()
    assert first.uid != second.uid
    assert len(first.uid) >= 16 and not first.uid.isdigit()


#: Columns added after the snapshot migration (f9c2a6d4b8e1: issue 21, items 6-8).
def _insert_row(table, **given) -> int:
    """Insert a row into a reflected ``table`` of an older revision: the given values, and a
    plain value for every other column the row cannot do without."""
    import datetime

    import sqlalchemy as sa

    values = dict(given)
    for column in table.columns:
        if column.name in values or column.nullable or column.server_default is not None:
            continue
        if column.primary_key and isinstance(column.type, sa.Integer):
            continue
        try:
            kind = column.type.python_type
        except NotImplementedError:
            kind = str
        values[column.name] = {
            int: 1,
            bool: False,
            datetime.date: datetime.date(2027, 5, 10),
            datetime.datetime: datetime.datetime(2026, 12, 1, 12, 0),
            dict: {},
            list: [],
        }.get(kind, "x")
    return db.session.execute(table.insert().values(**values)).inserted_primary_key[0]


def test_the_snapshot_migration_keeps_only_what_participants_see(empty_app):
    """Snapshots stored whole before revision d5b8e1a3c7f4 are rewritten by it.

    The old rows are written with plain SQL into the tables of the revision before it, so
    the test does not depend on the columns later revisions add."""
    import dataclasses
    import json
    from datetime import date, time

    import sqlalchemy as sa
    from flask_migrate import upgrade

    from planner.agenda import publishing
    from planner.models import AgendaPublication
    from planner.vocabulary import Community
    from planner.workshop_data import InvitationData, PersonData, SessionData, WorkshopData

    upgrade(revision="a1c9e4f2b8d6")
    day = date(2027, 5, 10)
    data = WorkshopData(
        uid="w-old",
        title="Workshop before redacted snapshots",
        start_date=day,
        end_date=day,
        timezone="Asia/Tbilisi",
        context_notes="CONTEXT-SECRET",
        sessions=(
            SessionData(
                uid="s1",
                day=day,
                start=time(9, 0),
                duration_minutes=60,
                title="Opening",
                format=SessionFormat.PLENARY,
                facilitator_notes="SESSION-SECRET",
            ),
            SessionData(
                uid="s2",
                day=day,
                start=time(10, 0),
                duration_minutes=60,
                title="TEAM-ONLY",
                format=SessionFormat.PLENARY,
                audience=Audience.FACILITATORS,
                position=1,
            ),
        ),
        invitations=(
            InvitationData(
                uid="i1",
                person=PersonData(
                    uid="p1",
                    name="UNLISTED-NAME",
                    community=Community.ARMENIAN,
                    consent_to_list=False,
                ),
            ),
        ),
    )
    whole = publishing._to_json(dataclasses.replace(data, catalogue=()))
    tables = sa.MetaData()
    tables.reflect(bind=db.engine)
    owner = _insert_row(
        tables.tables["users"],
        email="owner@example.org",
        role="facilitator",
        preferred_language="en",
    )
    workshop = _insert_row(
        tables.tables["workshops"],
        uid=data.uid,
        title=data.title,
        start_date=day,
        end_date=day,
        timezone=data.timezone,
        owner_id=owner,
        track="track_two",
        confidentiality="chatham_house",
        status="draft",
    )
    _insert_row(
        tables.tables["agenda_publications"], workshop_id=workshop, number=1, snapshot=whole
    )
    db.session.commit()
    db.session.remove()

    upgrade()
    stored = db.session.scalars(db.select(AgendaPublication)).one().snapshot
    assert stored == publishing.to_snapshot(data)
    text = json.dumps(stored, ensure_ascii=False)
    assert "Opening" in text
    for secret in ("CONTEXT-SECRET", "SESSION-SECRET", "TEAM-ONLY", "UNLISTED-NAME"):
        assert secret not in text


def test_public_ids_never_start_with_a_dash_or_underscore():
    """A public id is typed on the command line, where a leading "-" reads as an option."""
    from planner.models._columns import new_public_id

    ids = [new_public_id() for _ in range(5000)]
    assert all(uid[0].isalnum() for uid in ids)
    assert len(set(ids)) == len(ids)
