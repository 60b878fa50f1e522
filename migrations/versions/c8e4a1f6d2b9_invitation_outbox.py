"""The invitation outbox (issue 18): one stored e-mail per recipient, and a person's
"do not e-mail" mark

Revision ID: c8e4a1f6d2b9
Revises: b3f7d2a9c4e6
Create Date: 2026-12-01 12:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c8e4a1f6d2b9"
down_revision = "b3f7d2a9c4e6"
branch_labels = None
depends_on = None

KINDS = ("invitation", "change_notice", "reminder", "custom")
STATUSES = ("draft", "approved", "sending", "sent", "failed")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=24), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=13), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("message_id", sa.String(length=255), nullable=False),
        sa.Column("publication_number", sa.Integer(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("claimed_by", sa.String(length=120), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("sent_to", sa.String(length=254), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(_in("kind", KINDS), name=op.f("ck_outbox_messages_outbox_message_kind")),
        sa.CheckConstraint(
            _in("status", STATUSES), name=op.f("ck_outbox_messages_outbox_message_status")
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshops.id"],
            name=op.f("fk_outbox_messages_workshop_id_workshops"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["invitations.id"],
            name=op.f("fk_outbox_messages_invitation_id_invitations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_outbox_messages_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["approved_by_id"],
            ["users.id"],
            name=op.f("fk_outbox_messages_approved_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
        sa.UniqueConstraint("uid", name=op.f("uq_outbox_messages_uid")),
        sa.UniqueConstraint("message_id", name=op.f("uq_outbox_messages_message_id")),
    )
    op.create_index(
        "ix_outbox_messages_status_due", "outbox_messages", ["status", "next_attempt_at"]
    )
    op.create_index(op.f("ix_outbox_messages_workshop_id"), "outbox_messages", ["workshop_id"])
    op.create_index(op.f("ix_outbox_messages_invitation_id"), "outbox_messages", ["invitation_id"])
    # Plain ADD COLUMN (no batch mode): on SQLite a rebuild of people would cascade deletes.
    op.execute("ALTER TABLE people ADD COLUMN do_not_email BOOLEAN DEFAULT '0' NOT NULL")


def downgrade():
    op.execute("ALTER TABLE people DROP COLUMN do_not_email")
    op.drop_index(op.f("ix_outbox_messages_invitation_id"), table_name="outbox_messages")
    op.drop_index(op.f("ix_outbox_messages_workshop_id"), table_name="outbox_messages")
    op.drop_index("ix_outbox_messages_status_due", table_name="outbox_messages")
    op.drop_table("outbox_messages")
