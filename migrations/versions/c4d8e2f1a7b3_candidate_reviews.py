"""Candidate reviews: a facilitator's accept or reject decision on a derived prompt candidate

Revision ID: c4d8e2f1a7b3
Revises: b7e2c41d9a05
Create Date: 2026-11-25 13:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c4d8e2f1a7b3"
down_revision = "b7e2c41d9a05"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "candidate_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("candidate_key", sa.String(length=64), nullable=False),
        sa.Column(
            "decision",
            sa.Enum(
                "accepted",
                "rejected",
                name="candidate_decision",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("prompt_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_candidate_reviews_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["prompt_id"],
            ["prompts.id"],
            name=op.f("fk_candidate_reviews_prompt_id_prompts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_candidate_reviews_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_reviews")),
        sa.UniqueConstraint("source_id", "candidate_key", name="uq_candidate_reviews_candidate"),
    )


def downgrade():
    op.drop_table("candidate_reviews")
