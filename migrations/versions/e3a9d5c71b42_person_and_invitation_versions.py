"""Person and invitation versions: optimistic locking of profiles and invitation answers

Revision ID: e3a9d5c71b42
Revises: c4d8e2f1a7b3
Create Date: 2026-11-25 14:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e3a9d5c71b42"
down_revision = "c4d8e2f1a7b3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade():
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_column("version")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("version")
    # Batch mode rebuilds the table on SQLite and cannot carry the expression index across.
    op.execute("CREATE UNIQUE INDEX IF NOT EXISTS uq_people_email_lower ON people (lower(email))")
