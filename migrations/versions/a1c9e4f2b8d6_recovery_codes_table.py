"""Recovery codes in their own table, a row each, so that using one is one DELETE

Revision ID: a1c9e4f2b8d6
Revises: f7b1c3d5e9a2
Create Date: 2026-12-01 09:30:00

The hashes in users.recovery_codes (a JSON list) are carried across, and back on downgrade.
The column is dropped and added with plain ALTER TABLE (SQLite 3.35+ drops columns), not in
batch mode: a batch rebuild of users drops that table, and with foreign keys on that would
cascade to every table that refers to an account.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a1c9e4f2b8d6"
down_revision = "f7b1c3d5e9a2"
branch_labels = None
depends_on = None

_users = sa.table("users", sa.column("id", sa.Integer), sa.column("recovery_codes", sa.JSON))


def upgrade():
    recovery_codes = op.create_table(
        "recovery_codes",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_recovery_codes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "code_hash", name=op.f("pk_recovery_codes")),
    )
    rows = [
        {"user_id": user_id, "code_hash": code_hash}
        for user_id, codes in op.get_bind().execute(sa.select(_users.c.id, _users.c.recovery_codes))
        for code_hash in dict.fromkeys(codes or [])  # once each, in their order
    ]
    if rows:
        op.bulk_insert(recovery_codes, rows)
    op.drop_column("users", "recovery_codes")


def downgrade():
    op.add_column(
        "users", sa.Column("recovery_codes", sa.JSON(), nullable=False, server_default="[]")
    )
    recovery_codes = sa.table(
        "recovery_codes", sa.column("user_id", sa.Integer), sa.column("code_hash", sa.String)
    )
    connection = op.get_bind()
    codes_by_user: dict[int, list[str]] = {}
    for user_id, code_hash in connection.execute(
        sa.select(recovery_codes.c.user_id, recovery_codes.c.code_hash).order_by(
            recovery_codes.c.user_id, recovery_codes.c.code_hash
        )
    ):
        codes_by_user.setdefault(user_id, []).append(code_hash)
    for user_id, codes in codes_by_user.items():
        connection.execute(
            _users.update().where(_users.c.id == user_id).values(recovery_codes=codes)
        )
    op.drop_table("recovery_codes")
