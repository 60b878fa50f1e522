"""Counting the SQL statements a block of test code sends to the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from planner.extensions import db


@contextmanager
def sql_statements() -> Iterator[list[str]]:
    """Collect every SQL statement sent to the database inside the block.

    Requests share the test's session, so the identity map is expired first: each count
    starts cold, whatever the test loaded before.
    """
    statements: list[str] = []
    db.session.expire_all()

    def _record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", _record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", _record)


def statements_for(client, url: str) -> int:
    """How many SQL statements a successful GET of ``url`` sends."""
    with sql_statements() as statements:
        assert client.get(url).status_code == 200
    return len(statements)
