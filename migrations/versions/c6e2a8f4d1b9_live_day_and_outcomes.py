"""The live day (issue 22): a record of run-sheet changes, and what happened per session

Revision ID: c6e2a8f4d1b9
Revises: c8e4a1f6d2b9
Create Date: 2026-12-01 12:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c6e2a8f4d1b9"
down_revision = "c8e4a1f6d2b9"
branch_labels = None
depends_on = None

LIVE_CHANGE_KINDS = ("late", "extend", "skip", "swap")


def upgrade():
    # Plain ADD COLUMN (no batch mode): on SQLite a table rebuild of sessions would cascade
    # deletes to its prompts, topics and groups.
    op.execute("ALTER TABLE sessions ADD COLUMN held BOOLEAN DEFAULT false NOT NULL")
    op.execute("ALTER TABLE sessions ADD COLUMN actual_start TIME")
    op.execute("ALTER TABLE sessions ADD COLUMN actual_end TIME")
    op.execute("ALTER TABLE sessions ADD COLUMN outcome_note TEXT DEFAULT '' NOT NULL")
    kinds = ", ".join(f"'{k}'" for k in LIVE_CHANGE_KINDS)
    op.create_table(
        "live_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=6), nullable=False),
        sa.Column("session_uid", sa.String(length=24), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("made_by_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.CheckConstraint(f"kind IN ({kinds})", name=op.f("ck_live_changes_live_change_kind")),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_live_changes_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["made_by_id"],
            ["users.id"],
            name=op.f("fk_live_changes_made_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_changes")),
    )
    op.create_index(
        "ix_live_changes_workshop_made_at", "live_changes", ["workshop_id", "made_at"]
    )


def downgrade():
    op.drop_index("ix_live_changes_workshop_made_at", table_name="live_changes")
    op.drop_table("live_changes")
    op.execute("ALTER TABLE sessions DROP COLUMN outcome_note")
    op.execute("ALTER TABLE sessions DROP COLUMN actual_end")
    op.execute("ALTER TABLE sessions DROP COLUMN actual_start")
    op.execute("ALTER TABLE sessions DROP COLUMN held")
