"""Sources keep several authors and their publication date (issue 16, item 1)

Revision ID: c4e8a2f6b1d9
Revises: b9d4f2a6c8e1
Create Date: 2026-12-01 12:05:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c4e8a2f6b1d9"
down_revision = "b9d4f2a6c8e1"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN on both databases (no batch rebuild of a table others refer to).
    op.add_column(
        "sources",
        sa.Column("authors", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    )
    op.add_column("sources", sa.Column("published_on", sa.Date(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, author FROM sources WHERE author <> ''"))
    for source_id, author in rows.fetchall():
        connection.execute(
            sa.text("UPDATE sources SET authors = :authors WHERE id = :id").bindparams(
                sa.bindparam("authors", type_=sa.JSON())
            ),
            {"authors": [author], "id": source_id},
        )


def downgrade():
    # Plain DROP COLUMN (SQLite >= 3.35): a batch rebuild would drop ``sources`` and, with
    # foreign keys on, cascade to its passages.
    op.execute("ALTER TABLE sources DROP COLUMN published_on")
    op.execute("ALTER TABLE sources DROP COLUMN authors")
