"""The workshop list pages through the start-date index on both databases (issue 8.3).

With enough workshops for the planners to care, the list's page query must walk
``ix_workshops_start_date`` rather than sort the whole table: that is why the list with
10 000 workshops costs what the list with 100 costs.
"""

from __future__ import annotations

from sqlalchemy import text

from planner import access
from planner.bench.generator import generate
from planner.extensions import db
from planner.models import Workshop
from planner.vocabulary import Role


def _plan(query) -> str:
    compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
    if db.engine.dialect.name == "sqlite":
        rows = db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))
        return "; ".join(str(row[-1]) for row in rows)
    db.session.execute(text("ANALYZE"))
    return "\n".join(row[0] for row in db.session.execute(text(f"EXPLAIN {compiled}")))


def test_the_workshop_list_walks_the_start_date_index(app, make):
    generate(workshops=3000, people=200, seed=2)
    for role in (Role.ORGANISER, Role.FACILITATOR):
        user = make.user(role)
        page = (
            access.visible_workshops(user)
            .order_by(Workshop.start_date.desc(), Workshop.id.desc())
            .limit(50)
        )
        plan = _plan(page)
        assert "ix_workshops_start_date" in plan, f"{role}: {plan}"
