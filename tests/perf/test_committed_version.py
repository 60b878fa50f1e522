"""Results remembered for the committed data as it is (planner.caching.remember_committed):
the workshop list, remembered per reader and page across instances on PostgreSQL, and
never shown once any row it is made from has changed, whoever changed it and how."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import text

from planner import caching, create_app
from planner.extensions import db
from planner.vocabulary import Community, Role
from tests.conftest import _truncate_all
from tests.factories import PASSWORD, Factories
from tests.http.workshop_fixtures import page

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_instances(_postgres_schema, redis_url):
    """Instances A and B on one PostgreSQL database and one Redis cache (a prefix of this
    test's own); A's app context is pushed for arranging records."""
    settings = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": _postgres_schema,
        "CACHE_REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": f"test-{secrets.token_hex(4)}:",
    }
    a, b = create_app(settings), create_app(settings)
    context = a.app_context()
    context.push()
    _truncate_all()
    yield a, b
    db.session.remove()
    db.engine.dispose()
    context.pop()
    with b.app_context():
        db.engine.dispose()


@pytest.fixture
def renders(monkeypatch):
    """How many times the workshop list was really rendered (in either instance)."""
    from planner.workshops import views

    calls = []
    load = views.workshop_page

    def counted(user, page_number, per_page):
        calls.append(user.email)
        return load(user, page_number, per_page)

    monkeypatch.setattr(views, "workshop_page", counted)
    return calls


def _signed_in(app, user):
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _row(body: str, title: str) -> str:
    return body[body.index(title) :].split("</tr>")[0]


def test_the_version_stays_while_nothing_is_committed_and_moves_with_any_commit(pg_instances):
    a, b = pg_instances
    make = Factories()
    make.workshop(title="Tbilisi dialogue")
    db.session.commit()
    first = caching.committed_version()
    db.session.commit()
    assert first is not None and caching.committed_version() == first
    with b.app_context():
        assert caching.committed_version() == first  # the same data, another instance
        db.session.execute(text("UPDATE workshops SET title = 'Venice meeting'"))
        db.session.commit()
    db.session.commit()
    assert caching.committed_version() not in (None, first)


def test_a_transaction_that_has_written_has_no_version(pg_instances):
    workshop = Factories().workshop(title="Tbilisi dialogue")
    workshop.title = "Venice meeting"
    db.session.flush()  # written, not committed: only this transaction sees it
    assert caching.committed_version() is None
    db.session.rollback()
    assert caching.committed_version() is not None


def test_sqlite_has_no_version(app, backend):
    if backend != "sqlite":
        pytest.skip("the SQLite half of the comparison")
    assert caching.committed_version() is None


def test_one_instance_renders_the_list_the_other_reads_it(pg_instances, renders):
    a, b = pg_instances
    make = Factories()
    owner = make.user(Role.FACILITATOR)
    make.workshop(owner=owner, title="Tbilisi dialogue")
    db.session.commit()
    on_a, on_b = _signed_in(a, owner), _signed_in(b, owner)
    assert "Tbilisi dialogue" in page(on_a.get("/workshops/"))
    assert "Tbilisi dialogue" in page(on_b.get("/workshops/"))
    assert "Tbilisi dialogue" in page(on_a.get("/workshops/"))
    assert renders == [owner.email]


def test_a_change_through_either_instance_or_plain_sql_shows_at_once(pg_instances, renders):
    a, b = pg_instances
    make = Factories()
    owner = make.user(Role.FACILITATOR)
    workshop = make.workshop(owner=owner, title="Lopsided")
    db.session.commit()
    on_a, on_b = _signed_in(a, owner), _signed_in(b, owner)
    before = _row(page(on_a.get("/workshops/")), "Lopsided")
    assert "0 errors" in before
    # Three confirmed from one side only: parity (R1) becomes an error.
    for _ in range(3):
        make.invite(workshop, make.person(community=Community.ARMENIAN))
    db.session.commit()
    after = _row(page(on_b.get("/workshops/")), "Lopsided")
    assert "0 errors" not in after and "error" in after
    with b.app_context():
        db.session.execute(text("UPDATE workshops SET title = 'Balanced at last'"))
        db.session.commit()
    body = page(on_a.get("/workshops/"))
    assert "Balanced at last" in body and "Lopsided" not in body
    assert len(renders) == 3


def test_each_reader_gets_their_own_list(pg_instances, renders):
    a, b = pg_instances
    make = Factories()
    owner = make.user(Role.FACILITATOR)
    make.workshop(owner=owner, title="Owned here")
    make.workshop(title="Someone else's")
    stranger = make.user(Role.FACILITATOR)
    organiser = make.user(Role.ORGANISER)
    db.session.commit()
    assert "Someone else" not in page(_signed_in(a, owner).get("/workshops/"))
    everything = page(_signed_in(b, organiser).get("/workshops/"))
    assert "Owned here" in everything and "Someone else" in everything
    nothing = page(_signed_in(a, stranger).get("/workshops/"))
    assert "Owned here" not in nothing and "Someone else" not in nothing
    assert len(renders) == 3


def test_each_language_gets_its_own_list(pg_instances):
    a, b = pg_instances
    make = Factories()
    owner = make.user(Role.FACILITATOR)
    owner.preferred_language = ""  # no choice of their own: the browser's language decides
    make.workshop(owner=owner, title="Tbilisi dialogue")
    db.session.commit()
    client = _signed_in(a, owner)
    english = page(client.get("/workshops/", headers={"Accept-Language": "en"}))
    russian = page(_signed_in(b, owner).get("/workshops/", headers={"Accept-Language": "ru"}))
    # The list's own column headings, not only the layout around it, are in each language.
    assert '<th scope="col">Dates</th>' in english
    assert '<th scope="col">Даты</th>' in russian and "Dates" not in russian
