"""A recovery code is good once, even for two sign-ins at the same moment (issue 14, finding 7).

Two browsers that both know the password send the same recovery code to /login/two-factor
at once. SQLite runs on a file in WAL mode (an in-memory database has one connection);
PostgreSQL on the test cluster.
"""

from __future__ import annotations

import contextlib
import json
import threading

import pyotp
import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select, text

from planner import create_app
from planner.auth import twofactor
from planner.extensions import db
from planner.models import AuditEvent, User
from planner.vocabulary import Role

PASSWORD = "correct horse battery staple"
BEFORE_THE_TABLE = "f7b1c3d5e9a2"  # the revision before recovery codes had their own table


@pytest.fixture
def shared_app(shared_database):
    """An app on a database several connections really share, with one organiser enrolled in
    two-factor sign-in; gives the app, the organiser's email and their recovery codes."""
    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": shared_database})
    with application.app_context():
        organiser = User(email="organiser@example.org", name="Organiser", role=Role.ORGANISER)
        organiser.set_password(PASSWORD)
        db.session.add(organiser)
        db.session.flush()
        secret = pyotp.random_base32()
        codes = twofactor.enrol(organiser, secret, pyotp.TOTP(secret).now())
        db.session.commit()
        db.session.remove()
    yield application, "organiser@example.org", codes
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def both_read_before_either_spends(monkeypatch):
    """The worst interleaving, made certain: each request has loaded the account before
    either spends the code (they meet where the typed code is hashed, just before)."""
    meeting = threading.Barrier(2)
    hash_code = twofactor._hash_recovery_code

    def meet_then_hash(code: str) -> str:
        # A request that finds no partner within 5 s goes on alone rather than hang.
        with contextlib.suppress(threading.BrokenBarrierError):
            meeting.wait(timeout=5)
        return hash_code(code)

    monkeypatch.setattr(twofactor, "_hash_recovery_code", meet_then_hash)


def _signed_in_with_password(app, email: str):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/login/two-factor")
    return client


def _send_codes_at_once(clients, code: str) -> list[int]:
    start = threading.Barrier(len(clients))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def send(client) -> None:
        try:
            start.wait(timeout=10)
            statuses.append(client.post("/login/two-factor", data={"code": code}).status_code)
        except BaseException as error:  # reported in the main thread below
            errors.append(error)

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return sorted(statuses)


def test_one_recovery_code_sent_by_two_sign_ins_at_once_lets_one_in(
    shared_app, both_read_before_either_spends
):
    app, email, codes = shared_app
    first, second = (_signed_in_with_password(app, email) for _ in range(2))

    # One is signed in (redirected on); the other is shown the form again with a message.
    assert _send_codes_at_once([first, second], codes[0]) == [200, 302]
    assert sum(c.get("/workshops/").status_code == 200 for c in (first, second)) == 1


def test_a_recovery_code_raced_for_is_spent_and_the_others_kept(
    shared_app, both_read_before_either_spends
):
    app, email, codes = shared_app
    clients = [_signed_in_with_password(app, email) for _ in range(2)]
    _send_codes_at_once(clients, codes[0])

    later = _signed_in_with_password(app, email)
    assert later.post("/login/two-factor", data={"code": codes[0]}).status_code == 200
    assert later.post("/login/two-factor", data={"code": codes[1]}).status_code == 302
    with app.app_context():
        used = db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "user.recovery_code_used")
        )
        organiser = db.session.scalar(select(User).where(User.email == email))
        remaining = len(organiser.recovery_codes)
    assert used == 2
    assert remaining == len(codes) - 2


# The migration carries existing codes across --------------------------------------------


def _insert_account_with_codes(email: str, codes_json: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (email, name, role, password_hash, preferred_language,"
                " active, session_token, created_at, recovery_codes) VALUES (:email, 'A',"
                " 'organiser', 'x', 'en', true, :email, CURRENT_TIMESTAMP, :codes)"
            ),
            {"email": email, "codes": codes_json},
        )


def test_upgrading_keeps_each_accounts_unused_codes_and_downgrading_gives_them_back(
    empty_app,
):
    upgrade(revision=BEFORE_THE_TABLE)
    _insert_account_with_codes("ani@example.org", '["aaa", "bbb"]')
    _insert_account_with_codes("aygun@example.org", "[]")

    upgrade()
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT u.email, r.code_hash FROM recovery_codes r JOIN users u"
                " ON u.id = r.user_id ORDER BY r.code_hash"
            )
        ).all()
    assert [tuple(row) for row in rows] == [("ani@example.org", "aaa"), ("ani@example.org", "bbb")]
    assert "recovery_codes" not in {c["name"] for c in inspect(db.engine).get_columns("users")}

    downgrade(revision=BEFORE_THE_TABLE)
    with db.engine.connect() as conn:
        back = conn.execute(text("SELECT email, recovery_codes FROM users")).all()
    # SQLite hands back the JSON text, PostgreSQL the decoded list.
    codes = {email: json.loads(value) if isinstance(value, str) else value for email, value in back}
    assert codes == {"ani@example.org": ["aaa", "bbb"], "aygun@example.org": []}
    assert "recovery_codes" not in inspect(db.engine).get_table_names()
