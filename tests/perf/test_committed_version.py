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


def _csrf_tokens(body: str) -> set[str]:
    import re

    return set(re.findall(r'name="csrf_token" value="([^"]+)"', body))


def test_remembered_agenda_forms_carry_each_readers_own_csrf_token(pg_instances, monkeypatch):
    from planner.agenda import views as agenda_views

    a, b = pg_instances
    for app in (a, b):
        app.config["WTF_CSRF_ENABLED"] = True
    days_made = []
    make_days = agenda_views._day_blocks

    def counted(*args, **kwargs):
        days_made.append(True)
        return make_days(*args, **kwargs)

    monkeypatch.setattr(agenda_views, "_day_blocks", counted)
    make = Factories()
    owner, co = make.user(Role.FACILITATOR), make.user(Role.FACILITATOR)
    workshop = make.workshop(owner=owner, title="Tbilisi dialogue")
    workshop.co_facilitators.append(co)
    make.session(workshop, title="Opening circle")
    make.session(workshop, title="Closing circle")
    db.session.commit()
    uid = workshop.uid
    clients = []
    for app, user in ((a, owner), (b, co)):  # signing in writes: both before the visits
        client = app.test_client()
        login_page = page(client.get("/login"))
        (token,) = _csrf_tokens(login_page) or {""}
        form = {"email": user.email, "password": PASSWORD, "csrf_token": token}
        assert client.post("/login", data=form).status_code == 302
        clients.append((user, client))
    pages = {}
    for user, client in clients:
        body = page(client.get(f"/workshops/{uid}/agenda"))
        assert "Opening circle" in body
        pages[user.email] = (client, body)
    assert len(days_made) == 1  # the co-facilitator's days came from the owner's visit
    (owner_client, owner_page), (co_client, co_page) = pages.values()
    from planner import remembered

    stand_in = remembered._csrf_stand_in()
    assert stand_in not in owner_page and stand_in not in co_page  # none left for anyone
    owner_tokens, co_tokens = _csrf_tokens(owner_page), _csrf_tokens(co_page)
    assert owner_tokens and co_tokens and not owner_tokens & co_tokens
    # The co-facilitator's remembered Move form, with their own token, moves the session.
    import re

    form = re.search(r'<form method="post" action="([^"]+/move)".*?</form>', co_page, re.S)
    fields = dict(re.findall(r'name="(csrf_token|version)" value="([^"]+)"', form.group(0)))
    moved = co_client.post(form.group(1), data={**fields, "direction": "down"})
    assert moved.status_code == 302
    day = page(co_client.get(f"/workshops/{uid}/agenda")).split('class="agenda-day"')[1]
    assert day.index("Closing circle") < day.index("Opening circle")  # no stale day shown


def test_the_prompt_library_is_shared_by_readers_but_kept_per_filter(pg_instances):
    a, b = pg_instances
    make = Factories()
    facilitator, organiser = make.user(Role.FACILITATOR), make.user(Role.ORGANISER)
    db.session.commit()
    from planner.models import Prompt
    from planner.vocabulary import Phase, PromptOrigin

    for key, text_, phase in (
        ("opening", "What brought you here?", Phase.OPENING),
        ("forward", "What will you take home?", Phase.LOOKING_FORWARD),
    ):
        db.session.add(Prompt(key=key, text=text_, phase=phase, origin=PromptOrigin.WRITTEN))
    db.session.commit()
    everything = page(_signed_in(a, facilitator).get("/prompts/"))
    assert "What brought you here?" in everything and "What will you take home?" in everything
    opening = page(_signed_in(b, organiser).get("/prompts/?phase=opening"))
    assert "What brought you here?" in opening and "What will you take home?" not in opening


def test_the_remembered_workshop_page_carries_each_visits_own_csrf_token(pg_instances):
    from planner import remembered

    a, b = pg_instances
    for app in (a, b):
        app.config["WTF_CSRF_ENABLED"] = True
    make = Factories()
    owner = make.user(Role.FACILITATOR)
    workshop = make.workshop(owner=owner, title="Tbilisi dialogue")
    db.session.commit()
    visits = []
    for app in (a, b):  # two sessions of the same person, one on each instance
        client = app.test_client()
        (token,) = _csrf_tokens(page(client.get("/login")))
        form = {"email": owner.email, "password": PASSWORD, "csrf_token": token}
        assert client.post("/login", data=form).status_code == 302
        visits.append(client)
    first, second = (page(client.get(f"/workshops/{workshop.uid}")) for client in visits)
    assert "Tbilisi dialogue" in first and "Tbilisi dialogue" in second
    stand_in = remembered._csrf_stand_in()
    assert stand_in not in first and stand_in not in second
    first_tokens, second_tokens = _csrf_tokens(first), _csrf_tokens(second)
    assert first_tokens and second_tokens and not first_tokens & second_tokens
    # The second session's token, from the remembered page, is accepted: it signs out.
    (token,) = second_tokens
    assert visits[1].post("/logout", data={"csrf_token": token}).status_code == 302
    assert visits[1].get(f"/workshops/{workshop.uid}").status_code == 302  # to sign-in
