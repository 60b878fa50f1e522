"""Published snapshots keep only what participants may see

Revision ID: d5b8e1a3c7f4
Revises: a1c9e4f2b8d6
Create Date: 2026-12-08 10:00:00

Snapshots stored before this revision hold the whole workshop data: facilitator notes,
handling guidance, context notes, people who are not listed. Each is rewritten as a new
publication would store it now (``planner.agenda.publishing.to_snapshot`` of the data the
old snapshot holds), through the one redaction function rather than a copy of it here.
Rewriting an already rewritten snapshot gives it back unchanged. What was removed cannot
be restored: the downgrade leaves the snapshots as they are.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d5b8e1a3c7f4"
down_revision = "a1c9e4f2b8d6"
branch_labels = None
depends_on = None

_publications = sa.table(
    "agenda_publications", sa.column("id", sa.Integer), sa.column("snapshot", sa.JSON)
)


def upgrade():
    from planner.agenda.publishing import from_snapshot, to_snapshot

    connection = op.get_bind()
    for publication_id, snapshot in connection.execute(
        sa.select(_publications.c.id, _publications.c.snapshot)
    ).all():
        if not snapshot:
            continue
        redacted = to_snapshot(from_snapshot(snapshot))
        if redacted != snapshot:
            connection.execute(
                _publications.update()
                .where(_publications.c.id == publication_id)
                .values(snapshot=redacted)
            )


def downgrade():
    pass
