"""Protecting participants (issue 20): risk levels, encryption at rest with a keyed e-mail
hash, names in files per workshop, preparation records, retention period and counts

Revision ID: e7a1c4b9d2f3
Revises: a7e3c9f15b20
Create Date: 2026-12-01 11:45:00

Upgrading encrypts the existing notes, addresses, affiliations (planner.crypto, with the
first key of PLANNER_DATA_KEY) and fills ``people.email_hash``; downgrading decrypts them.
"""

import sqlalchemy as sa
from alembic import op

from planner import crypto

# revision identifiers, used by Alembic.
revision = "e7a1c4b9d2f3"
down_revision = "a7e3c9f15b20"
branch_labels = None
depends_on = None

RISK_LEVELS = ("standard", "elevated", "high")
COMMUNITIES = ("armenian", "azerbaijani", "international", "other")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


#: Plain ALTER TABLE ... ADD COLUMN on both databases (batch mode would rebuild ``people``
#: and ``workshops`` on SQLite, cascading deletes through their foreign keys).
COLUMNS = (
    (
        "people",
        "risk_level",
        "VARCHAR(8) DEFAULT 'standard' NOT NULL",
        ("person_risk_level", _in("risk_level", RISK_LEVELS)),
    ),
    ("people", "risk_reason", "TEXT DEFAULT '' NOT NULL", None),
    ("people", "email_hash", "VARCHAR(64)", None),
    ("workshops", "names_in_files", "BOOLEAN DEFAULT false NOT NULL", None),
    ("workshops", "retention_applied_at", "TIMESTAMP", None),
)

#: (table, columns) whose values are encrypted at rest.
ENCRYPTED = (
    ("people", ("notes", "email", "affiliation", "risk_reason")),
    ("workshops", ("context_notes",)),
    ("sessions", ("facilitator_notes",)),
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
    for table, column, definition, check in COLUMNS:
        constraint = (
            "" if check is None else f" CONSTRAINT ck_{table}_{check[0]} CHECK ({check[1]})"
        )
        op.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}{constraint}")

    bind = op.get_bind()
    for person in bind.execute(sa.text("SELECT id, email FROM people")).all():
        if person.email:
            bind.execute(
                sa.text("UPDATE people SET email_hash = :h WHERE id = :id"),
                {"h": crypto.email_hash(person.email), "id": person.id},
            )
    for table, columns in ENCRYPTED:
        _convert(table, columns, _encrypt)
    op.drop_index("uq_people_email_lower", table_name="people")
    op.create_index("uq_people_email_hash", "people", ["email_hash"], unique=True)

    op.create_table(
        "preparations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=False),
        sa.Column("conversation_on", sa.Date(), nullable=True),
        sa.Column("conversation_by", sa.String(length=200), server_default="", nullable=False),
        sa.Column("risk_assessed", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("consent_asked_on", sa.Date(), nullable=True),
        sa.Column("travel_arranged", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("visa_arranged", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["invitations.id"],
            name=op.f("fk_preparations_invitation_id_invitations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_preparations")),
        sa.UniqueConstraint("invitation_id", name=op.f("uq_preparations_invitation_id")),
    )
    op.create_table(
        "retention_policy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "days IS NULL OR days >= 0", name=op.f("ck_retention_policy_days_not_negative")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_policy")),
    )
    op.create_table(
        "retained_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("community", sa.String(length=13), nullable=False),
        sa.Column("segment", sa.String(length=120), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            _in("community", COMMUNITIES), name=op.f("ck_retained_counts_retained_community")
        ),
        sa.CheckConstraint("count >= 0", name=op.f("ck_retained_counts_count_not_negative")),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_retained_counts_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retained_counts")),
        sa.UniqueConstraint(
            "workshop_id", "community", "segment", name=op.f("uq_retained_counts_cell")
        ),
    )


def downgrade():
    op.drop_table("retained_counts")
    op.drop_table("retention_policy")
    op.drop_table("preparations")
    op.drop_index("uq_people_email_hash", table_name="people")
    for table, columns in ENCRYPTED:
        _convert(table, columns, _decrypt)
    op.create_index("uq_people_email_lower", "people", [sa.text("lower(email)")], unique=True)
    for table, column, _, _ in reversed(COLUMNS):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
