"""A session's own location (issue 17, item 4): carried into the calendar's LOCATION

Revision ID: b9d4f2a6c8e1
Revises: c6e2a8f4d1b9
Create Date: 2026-12-01 12:00:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "b9d4f2a6c8e1"
down_revision = "c6e2a8f4d1b9"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN (no batch mode): on SQLite a table rebuild would cascade deletes
    # from ``sessions`` to its prompts, topics and groups.
    op.execute("ALTER TABLE sessions ADD COLUMN location VARCHAR(200) DEFAULT '' NOT NULL")


def downgrade():
    op.execute("ALTER TABLE sessions DROP COLUMN location")
