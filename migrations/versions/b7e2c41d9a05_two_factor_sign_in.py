"""Two-factor sign-in: a TOTP secret and hashed recovery codes per account

Revision ID: b7e2c41d9a05
Revises: 5a1663ed9e6a
Create Date: 2026-11-25 13:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b7e2c41d9a05"
down_revision = "5a1663ed9e6a"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("recovery_codes", sa.JSON(), nullable=False, server_default="[]")
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("recovery_codes")
        batch_op.drop_column("totp_secret")
    # Batch mode rebuilds the table on SQLite and cannot carry the expression index across.
    op.execute("CREATE UNIQUE INDEX IF NOT EXISTS uq_users_email_lower ON users (lower(email))")
