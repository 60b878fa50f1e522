"""A session's start can be fixed (issue 17, item 1): later sessions of the day flow from it

Revision ID: a7e3c9f15b20
Revises: f9c2a6d4b8e1
Create Date: 2026-12-01 11:45:00

"""

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a7e3c9f15b20"
down_revision = "f9c2a6d4b8e1"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN (no batch mode): on SQLite a table rebuild would cascade deletes
    # from ``sessions`` to its prompts, topics and groups.
    op.execute("ALTER TABLE sessions ADD COLUMN fixed_start BOOLEAN DEFAULT false NOT NULL")
    _fix_starts_after_gaps()


def _fix_starts_after_gaps():
    """A session that starts after the sessions before it on its day have ended (a dinner
    imported at 19:30, the demo's evening) was placed there on purpose: its start becomes
    fixed, so the next edit of the day keeps the gap instead of closing it up."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, workshop_id, day, start_time, duration_minutes FROM sessions "
            "ORDER BY workshop_id, day, position, id"
        )
    ).all()
    fixed, group, busy_until = [], None, None
    for row in rows:
        day = _as_date(row.day)
        starts = datetime.combine(day, _as_time(row.start_time))
        if (row.workshop_id, day) != group:
            group, busy_until = (row.workshop_id, day), None
        elif starts > busy_until:
            fixed.append(row.id)
        ends = starts + timedelta(minutes=row.duration_minutes)
        busy_until = ends if busy_until is None else max(busy_until, ends)
    for session_id in fixed:
        bind.execute(
            sa.text("UPDATE sessions SET fixed_start = true WHERE id = :id"), {"id": session_id}
        )


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _as_time(value) -> time:
    return value if isinstance(value, time) else time.fromisoformat(str(value))


def downgrade():
    op.execute("ALTER TABLE sessions DROP COLUMN fixed_start")
