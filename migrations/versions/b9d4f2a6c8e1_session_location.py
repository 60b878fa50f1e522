"""A session's own location, carried into the calendar's LOCATION; co-facilitators on the team

Issue 17, item 4. ``sessions.location`` is new. An invitation with the role co-facilitator
now puts the person's facilitator account on the workshop's team (the role and the team are
one concept): existing ones are brought in line, for people whose profile is linked to an
active facilitator account that does not already run the workshop.

Revision ID: b9d4f2a6c8e1
Revises: c6e2a8f4d1b9
Create Date: 2026-12-01 12:00:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "b9d4f2a6c8e1"
down_revision = "c6e2a8f4d1b9"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN (no batch mode): on SQLite a table rebuild would cascade deletes
    # from ``sessions`` to its prompts, topics and groups.
    op.execute("ALTER TABLE sessions ADD COLUMN location VARCHAR(200) DEFAULT '' NOT NULL")
    op.execute(
        """
        INSERT INTO workshop_co_facilitators (workshop_id, user_id)
        SELECT DISTINCT i.workshop_id, p.user_id
        FROM invitations i
        JOIN people p ON p.id = i.person_id
        JOIN users u ON u.id = p.user_id
        JOIN workshops w ON w.id = i.workshop_id
        WHERE i.role = 'co_facilitator'
          AND i.status NOT IN ('declined', 'withdrew')
          AND u.role = 'facilitator'
          AND u.active = TRUE
          AND w.owner_id <> p.user_id
          AND NOT EXISTS (
            SELECT 1 FROM workshop_co_facilitators c
            WHERE c.workshop_id = i.workshop_id AND c.user_id = p.user_id
          )
        """
    )


def downgrade():
    # The team members added by upgrade stay: they are indistinguishable from members added
    # on the team page, and keeping someone on a team removes no one's access.
    op.execute("ALTER TABLE sessions DROP COLUMN location")
