"""Parity between whom (issue 21, item 6): the communities whose numbers must balance,
per workshop

Revision ID: b3f7d2a9c4e6
Revises: e7a1c4b9d2f3
Create Date: 2026-12-01 12:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b3f7d2a9c4e6"
down_revision = "e7a1c4b9d2f3"
branch_labels = None
depends_on = None

DEFAULT = '["armenian", "azerbaijani"]'


def upgrade():
    # Plain ADD COLUMN (no batch mode): on SQLite a table rebuild of workshops would
    # cascade deletes to its sessions and invitations.
    op.add_column(
        "workshops",
        sa.Column(
            "parity_sides", sa.JSON(), nullable=False, server_default=sa.text(f"'{DEFAULT}'")
        ),
    )


def downgrade():
    op.execute("ALTER TABLE workshops DROP COLUMN parity_sides")
