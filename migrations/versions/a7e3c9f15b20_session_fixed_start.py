"""A session's start can be fixed (issue 17, item 1): later sessions of the day flow from it

Revision ID: a7e3c9f15b20
Revises: f9c2a6d4b8e1
Create Date: 2026-12-01 11:45:00

"""

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


def downgrade():
    op.execute("ALTER TABLE sessions DROP COLUMN fixed_start")
