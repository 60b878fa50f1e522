"""TOTP codes are good once: the time step of the last code each account accepted

Revision ID: f7b1c3d5e9a2
Revises: e3a9d5c71b42
Create Date: 2026-11-25 16:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f7b1c3d5e9a2"
down_revision = "e3a9d5c71b42"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
    # Batch mode rebuilds the table on SQLite and cannot carry the expression index across.
    op.execute("CREATE UNIQUE INDEX IF NOT EXISTS uq_users_email_lower ON users (lower(email))")
