"""Two writers on the same workshop lose nothing (issue 9.10).

SQLite runs on a file in WAL mode with a busy timeout (an in-memory database has one
connection, so it could not show a race); PostgreSQL runs on the test cluster.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm.exc import StaleDataError

from planner import create_app
from planner.extensions import db
from planner.models import Invitation, Person, User, Workshop
from planner.vocabulary import Community, Role

WRITES_PER_THREAD = 8


@pytest.fixture
def shared_app(shared_database):
    """An app on a database that several connections really share, with one workshop."""
    application = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": shared_database})
    with application.app_context():
        owner = User(email="owner@example.org", name="Owner", role=Role.FACILITATOR)
        owner.set_password("correct horse battery staple")
        workshop = Workshop(
            title="Shared",
            start_date=date(2027, 5, 10),
            end_date=date(2027, 5, 11),
            timezone="Asia/Tbilisi",
            owner=owner,
        )
        db.session.add(workshop)
        db.session.commit()
        workshop_id = workshop.id
        db.session.remove()
    yield application, workshop_id
    with application.app_context():
        db.engine.dispose()


def _run_in_threads(app, *targets) -> None:
    barrier = threading.Barrier(len(targets))
    errors: list[BaseException] = []

    def runner(target):
        try:
            with app.app_context():
                barrier.wait()
                target()
                db.session.remove()
        except BaseException as error:  # reported in the main thread below
            errors.append(error)

    threads = [threading.Thread(target=runner, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


def test_two_writers_inviting_people_to_one_workshop_lose_no_invitation(shared_app):
    app, workshop_id = shared_app

    def invite(prefix: str, community: Community):
        def work():
            for n in range(WRITES_PER_THREAD):
                person = Person(name=f"{prefix} {n}", community=community)
                db.session.add(Invitation(workshop_id=workshop_id, person=person))
                db.session.commit()

        return work

    _run_in_threads(app, invite("Անի", Community.ARMENIAN), invite("Aygün", Community.AZERBAIJANI))
    with app.app_context():
        count = db.session.scalar(
            select(func.count())
            .select_from(Invitation)
            .where(Invitation.workshop_id == workshop_id)
        )
    assert count == 2 * WRITES_PER_THREAD


def _update_with_retry(workshop_id: int, change) -> int:
    """Apply ``change`` under optimistic locking, retrying on a conflict; return the retries."""
    retries = 0
    while True:
        workshop = db.session.get(Workshop, workshop_id, populate_existing=True)
        change(workshop)
        try:
            db.session.commit()
            return retries
        except StaleDataError:
            db.session.rollback()
            retries += 1
            if retries > 20:
                raise


def test_two_writers_editing_one_workshop_keep_both_changes(shared_app):
    app, workshop_id = shared_app

    def edit(field: str):
        def work():
            for n in range(WRITES_PER_THREAD):
                value = f"{field} {n}"
                _update_with_retry(workshop_id, lambda w, v=value: setattr(w, field, v))

        return work

    _run_in_threads(app, edit("title"), edit("objectives"))
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        assert workshop.title == f"title {WRITES_PER_THREAD - 1}"
        assert workshop.objectives == f"objectives {WRITES_PER_THREAD - 1}"
        # Every successful save bumped the version exactly once: no write was silently lost.
        assert workshop.version == 1 + 2 * WRITES_PER_THREAD


def test_sqlite_file_database_runs_in_wal_mode_with_a_busy_timeout(shared_app, backend):
    if backend != "sqlite":
        pytest.skip("SQLite only")
    app, _ = shared_app
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_two_sign_ins_racing_with_one_code_let_only_one_in(shared_app):
    """The second factor's replay guard is one conditional UPDATE: under a real race, one of
    two requests with the same code wins and the other is refused."""
    import pyotp

    from planner.auth import twofactor

    app, _ = shared_app
    with app.app_context():
        owner = db.session.scalar(select(User).where(User.email == "owner@example.org"))
        owner.totp_secret = pyotp.random_base32()
        db.session.commit()
        code, owner_id = pyotp.TOTP(owner.totp_secret).now(), owner.id
        db.session.remove()
    results: list[bool] = []

    def sign_in() -> None:
        user = db.session.get(User, owner_id)
        accepted = twofactor.verify(user, code)
        db.session.commit()
        results.append(accepted)

    _run_in_threads(app, sign_in, sign_in)
    assert sorted(results) == [False, True]
