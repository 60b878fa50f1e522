"""Workshop content in several languages (issue 19, item 4): the participant-facing title and
objectives of a workshop and the title and description of each session carry translations,
one JSON object per record ({"title": {"hy": "…"}}), plain text like the originals

Revision ID: b5d8e2f4a7c3
Revises: a4d8e2c6f1b3
Create Date: 2026-12-01 14:30:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "b5d8e2f4a7c3"
down_revision = "a4d8e2c6f1b3"
branch_labels = None
depends_on = None

TABLES = ("workshops", "sessions")

# Plain ALTER TABLE, the same statements on SQLite and PostgreSQL. Not batch mode: on SQLite a
# rebuild of sessions would cascade deletes to its prompts, topics and groups.


def upgrade():
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} ADD COLUMN translations JSON DEFAULT '{{}}' NOT NULL")


def downgrade():
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} DROP COLUMN translations")
