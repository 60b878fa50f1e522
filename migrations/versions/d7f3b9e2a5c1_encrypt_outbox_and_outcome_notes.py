"""More at rest is ciphertext (issue 20): the outbox's subjects, bodies, errors and addresses
and the sessions' outcome notes are encrypted; on PostgreSQL the encrypted columns that were
VARCHAR become TEXT, since a Fernet token is longer than the text it holds (a 300-character
affiliation in Armenian takes about 900)

Revision ID: d7f3b9e2a5c1
Revises: c4e8a2f6b1d9
Create Date: 2026-12-01 13:10:00

"""

import sqlalchemy as sa
from alembic import op

from planner import crypto

# revision identifiers, used by Alembic.
revision = "d7f3b9e2a5c1"
down_revision = "c4e8a2f6b1d9"
branch_labels = None
depends_on = None

#: (table, column, length before): encrypted values that must fit. SQLite does not enforce
#: VARCHAR lengths, so only PostgreSQL's columns change type.
WIDENED = (
    ("people", "affiliation", 300),
    ("people", "email", 254),
    ("outbox_messages", "subject", 300),
    ("outbox_messages", "sent_to", 254),
)
#: (table, columns) encrypted by this revision (people, workshops and sessions' notes were
#: by e7a1c4b9d2f3).
ENCRYPTED = (
    ("outbox_messages", ("subject", "body", "last_error", "sent_to")),
    ("sessions", ("outcome_note",)),
)


def _convert(table: str, columns: tuple[str, ...], change) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(f"SELECT id, {', '.join(columns)} FROM {table}")).all()
    for row in rows:
        values = {c: change(getattr(row, c)) for c in columns}
        values = {c: v for c, v in values.items() if v is not None}
        if values:
            assignments = ", ".join(f"{c} = :{c}" for c in values)
            bind.execute(
                sa.text(f"UPDATE {table} SET {assignments} WHERE id = :id"),
                {**values, "id": row.id},
            )


def _encrypt(value):
    if not value or crypto.is_token(value):
        return None
    return crypto.keyring().encrypt(value)


def _decrypt(value):
    if not value or not crypto.is_token(value):
        return None
    return crypto.keyring().decrypt(value)


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table, column, _ in WIDENED:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE TEXT")
    for table, columns in ENCRYPTED:
        _convert(table, columns, _encrypt)


def downgrade():
    for table, columns in ENCRYPTED:
        _convert(table, columns, _decrypt)
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for table, column, length in WIDENED:
        # People's values are still ciphertext at the revision before (it decrypts them
        # itself): a column whose values no longer fit its old length stays TEXT.
        longest = bind.execute(sa.text(f"SELECT max(length({column})) FROM {table}")).scalar()
        if longest is None or longest <= length:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE VARCHAR({length})")
