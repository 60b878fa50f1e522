"""The workshop list's plans stay flat with the size of the programme (issues 8.3 and 14).

With enough workshops for the planners to care, the organiser's page query must walk
``ix_workshops_start_date`` rather than sort the whole table. Everyone else sees a few
workshops out of thousands: their list must start from them — the workshops they own,
co-facilitate or are invited to, found through the indexes on owner, co-facilitator and
person — and never read the whole workshops or people table, on either database, for the
page or for its count. That is why the list with 10 000 workshops costs what the list with
100 costs, for every role.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select, text

from planner import access
from planner.extensions import db
from planner.generator.programme import generate
from planner.models import User, Workshop
from planner.vocabulary import Role

_POSTGRES_NODE = re.compile(
    r"(Seq Scan|Index Scan|Index Only Scan)(?: Backward)?(?: using \S+)? on (\S+)"
)


def _reads_every_row(plan: str, table: str) -> bool:
    """Whether the plan reads all of ``table``: a scan not narrowed by a condition.

    SQLite says ``SCAN <table>`` for it (also ``... USING INDEX``: walking the start-date
    index to find a user's few workshops reads them all), and ``SEARCH`` when an index
    finds the rows. PostgreSQL says ``Seq Scan on <table>``, or an index scan with no
    ``Index Cond`` beneath it (a walk of the whole index, only filtered).
    """
    if db.engine.dialect.name == "sqlite":
        return re.search(rf"\bSCAN {table}\b", plan) is not None
    lines = plan.splitlines()
    for at, line in enumerate(lines):
        node = _POSTGRES_NODE.search(line)
        if node is None or node.group(2) != table:
            continue
        if node.group(1) == "Seq Scan":
            return True
        details = []
        for below in lines[at + 1 :]:
            if "->" in below:
                break
            details.append(below)
        if not any("Index Cond:" in d for d in details):
            return True
    return False


def _plan(query) -> str:
    compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
    if db.engine.dialect.name == "sqlite":
        rows = db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))
        return "; ".join(str(row[-1]) for row in rows)
    db.session.execute(text("ANALYZE"))
    return "\n".join(row[0] for row in db.session.execute(text(f"EXPLAIN {compiled}")))


def _page(user: User):
    return (
        access.visible_workshops(user)
        .order_by(Workshop.start_date.desc(), Workshop.id.desc())
        .limit(50)
    )


def _count(user: User):
    return select(func.count()).select_from(access.visible_workshops(user).subquery())


@pytest.fixture
def programme(app):
    # Enough people that each has a few invitations, as in a real programme.
    return generate(workshops=3000, people=5000, seed=2)


def test_the_organisers_list_walks_the_start_date_index(programme, make):
    plan = _plan(_page(make.user(Role.ORGANISER)))
    assert "ix_workshops_start_date" in plan, plan


def _viewers(programme, make) -> dict[str, User]:
    """A facilitator who runs a few workshops (owns two, co-facilitates one) and is invited
    to another as an observer, and the generated participant (invited to a few)."""
    facilitator = make.user(Role.FACILITATOR)
    make.workshop(owner=facilitator)
    make.workshop(owner=facilitator)
    make.workshop(co_facilitators=[facilitator])
    make.invite(make.workshop(), make.person(user=facilitator))
    participant = db.session.scalar(select(User).where(User.email == programme.participant_email))
    return {"facilitator": facilitator, "participant": participant}


@pytest.mark.parametrize("query", [_page, _count], ids=["page", "count"])
def test_other_roles_lists_never_read_the_whole_workshops_or_people_table(programme, make, query):
    for who, user in _viewers(programme, make).items():
        plan = _plan(query(user))
        for table in ("workshops", "people", "invitations"):
            assert not _reads_every_row(plan, table), f"{who} reads all {table}:\n{plan}"


def test_the_check_recognises_reading_every_row(programme, make):
    # The check above must be able to fail: a filter no index serves, and a walk of the
    # whole start-date index in search of a few rows (the list's plan before issue 14).
    for query in (
        select(Workshop).where(Workshop.title.like("%x%")),
        select(Workshop)
        .where(Workshop.title.like("%x%"))
        .order_by(Workshop.start_date.desc())
        .limit(50),
    ):
        plan = _plan(query)
        assert _reads_every_row(plan, "workshops"), plan
