"""A person's preferred language (issue 19): their e-mails and outputs are written in it;
"" (the default) leaves the choice to the workshop's first working language

Revision ID: a4d8e2c6f1b3
Revises: d7f3b9e2a5c1
Create Date: 2026-12-01 14:15:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "a4d8e2c6f1b3"
down_revision = "d7f3b9e2a5c1"
branch_labels = None
depends_on = None


# A plain ALTER TABLE, the same statement on SQLite and PostgreSQL. Not batch mode: on SQLite
# it rebuilds ``people``, and its reflected copy loses the named CHECK constraints that the
# older revisions' downgrades drop.


def upgrade():
    op.execute("ALTER TABLE people ADD COLUMN preferred_language VARCHAR(8) DEFAULT '' NOT NULL")


def downgrade():
    op.execute("ALTER TABLE people DROP COLUMN preferred_language")
