"""The prompt library page issues the same SQL statements however large the library."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event, select

from planner.extensions import db
from planner.models import Prompt, SensitiveTopic
from planner.vocabulary import Phase, PromptOrigin, Role


@contextmanager
def counting():
    statements = []

    def count(*_args, **_kwargs):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _statements(client) -> int:
    with counting() as statements:
        assert client.get("/prompts/").status_code == 200
    return len(statements)


def test_prompt_library_statement_count_does_not_grow(seeded, client, make, login):
    login(make.user(Role.FACILITATOR))
    small = _statements(client)
    topics = list(db.session.scalars(select(SensitiveTopic)))
    for n in range(100):
        prompt = Prompt(
            key=f"extra-{n}",
            text=f"What would you ask, case {n}?",
            phase=Phase.OPENING,
            origin=PromptOrigin.WRITTEN,
            topics=topics[: n % 3],
        )
        db.session.add(prompt)
    db.session.commit()
    assert len(db.session.scalars(select(Prompt)).all()) >= 124
    assert _statements(client) == small
