"""Encryption at rest, continued (issue 20, item 3): what the outbox keeps (subjects, bodies,
errors, the address a message went to) and session outcome notes are ciphertext in the raw
database file, and a long encrypted value fits its column on PostgreSQL too."""

from __future__ import annotations

from sqlalchemy import select, text

from planner import create_app
from planner.extensions import db
from planner.models import OutboxMessage, Person, Session
from planner.outbox.kinds import MessageKind
from tests.factories import Factories

SECRETS = {
    "subject": "SUBJECT-Գյումրի-SECRET",
    "body": "BODY-Aygün-Məmmədova-SECRET",
    "last_error": "550 <ERROR-ani.secret@example.org> rejected",
    "sent_to": "ani.secret@example.org",
}
OUTCOME = "OUTCOME-NOTE-SECRET: both sides agreed to meet again"


def _message(make: Factories) -> OutboxMessage:
    workshop = make.workshop()
    invitation = make.invite(workshop, make.person(name="Ani", email="ani@example.org"))
    session = make.session(workshop)
    session.outcome_note = OUTCOME
    message = OutboxMessage(
        workshop_id=workshop.id,
        invitation_id=invitation.id,
        kind=MessageKind.CUSTOM,
        message_id="<m1@planner.test>",
        **SECRETS,
    )
    db.session.add(message)
    db.session.commit()
    return message


def test_outbox_texts_and_outcome_notes_are_ciphertext_in_the_raw_sqlite_file(tmp_path):
    path = tmp_path / "planner.db"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        db.create_all()
        _message(Factories())
        db.session.remove()
        # The application reads them back in the clear.
        message = db.session.scalars(select(OutboxMessage)).one()
        assert {k: getattr(message, k) for k in SECRETS} == SECRETS
        assert db.session.scalars(select(Session.outcome_note)).one() == OUTCOME
        stored = db.session.execute(
            text("SELECT subject, body, sent_to FROM outbox_messages")
        ).one()
        assert all(value.startswith("gAAAAA") for value in stored)
        db.engine.dispose()
    raw = path.read_bytes().decode("utf-8", "replace")
    for secret in (*SECRETS.values(), OUTCOME, "ani.secret"):
        assert secret not in raw


def test_a_long_encrypted_value_fits_its_column_on_both_databases(app, make):
    # A Fernet token is about three times the length of Armenian text: 300 characters of
    # affiliation once overflowed PostgreSQL's VARCHAR(300).
    affiliation = "Հայաստանի Հանրապետության " * 12
    affiliation = affiliation[:300]
    local = "a" * 64
    email = f"{local}@{'b' * 60}.{'c' * 60}.example.org"
    person = make.person(name="Լուսինե", affiliation=affiliation, email=email)
    db.session.expire_all()
    again = db.session.get(Person, person.id)
    assert (again.affiliation, again.email) == (affiliation, email)
    workshop = make.workshop()
    invitation = make.invite(workshop, again)
    message = OutboxMessage(
        workshop_id=workshop.id,
        invitation_id=invitation.id,
        kind=MessageKind.CUSTOM,
        message_id="<m2@planner.test>",
        subject="Ա" * 300,
        body="Բ" * 2000,
        sent_to=email,
    )
    db.session.add(message)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).subject == "Ա" * 300


def test_the_migration_encrypts_outbox_texts_and_outcome_notes_and_decrypts_them_back(
    empty_app,
):
    from flask_migrate import downgrade, upgrade

    from planner import crypto
    from tests.protection.test_migration import ROWS

    upgrade(revision="c4e8a2f6b1d9")
    for statement in ROWS:
        db.session.execute(text(statement))
    db.session.execute(
        text(
            "INSERT INTO invitations (id, uid, workshop_id, person_id, role, status, version,"
            " created_at) VALUES (1, 'i1', 1, 1, 'participant', 'confirmed', 1,"
            " CURRENT_TIMESTAMP)"
        )
    )
    db.session.execute(
        text(
            "INSERT INTO outbox_messages (id, uid, workshop_id, invitation_id, kind, status,"
            " subject, body, message_id, attempts, last_error, claimed_by, sent_to, created_at,"
            " updated_at) VALUES (1, 'o1', 1, 1, 'custom', 'sent', :subject, :body, '<m@x>', 1,"
            " :last_error, '', :sent_to, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        ),
        SECRETS,
    )
    db.session.execute(text("UPDATE sessions SET outcome_note = :n WHERE id = 1"), {"n": OUTCOME})
    db.session.commit()

    upgrade()
    stored = db.session.execute(
        text("SELECT subject, body, last_error, sent_to FROM outbox_messages")
    ).one()
    assert all(crypto.is_token(value) for value in stored)
    assert {k: crypto.keyring().decrypt(v) for k, v in zip(SECRETS, stored, strict=True)} == SECRETS
    note = db.session.execute(text("SELECT outcome_note FROM sessions")).scalar()
    assert crypto.is_token(note) and crypto.keyring().decrypt(note) == OUTCOME
    db.session.commit()

    downgrade(revision="c4e8a2f6b1d9")
    stored = db.session.execute(
        text("SELECT subject, body, last_error, sent_to FROM outbox_messages")
    ).one()
    assert dict(zip(SECRETS, stored, strict=True)) == SECRETS
    assert db.session.execute(text("SELECT outcome_note FROM sessions")).scalar() == OUTCOME
