"""The prompt library page issues the same SQL statements however large the library."""

from __future__ import annotations

from sqlalchemy import select

from planner.extensions import db
from planner.models import Prompt, SensitiveTopic
from planner.vocabulary import Phase, PromptOrigin, Role
from tests.sql_statements import statements_for


def test_prompt_library_statement_count_does_not_grow(seeded, client, make, login):
    login(make.user(Role.FACILITATOR))
    small = statements_for(client, "/prompts/")
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
    assert statements_for(client, "/prompts/") == small
