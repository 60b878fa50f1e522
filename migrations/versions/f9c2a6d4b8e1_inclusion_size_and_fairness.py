"""Inclusion, size and fairness (issue 21, items 6-8): a person's gender and age band, the
workshop's format and target share of women, and what each invitation receives

Revision ID: f9c2a6d4b8e1
Revises: d5b8e1a3c7f4
Create Date: 2026-12-01 10:40:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "f9c2a6d4b8e1"
down_revision = "d5b8e1a3c7f4"
branch_labels = None
depends_on = None

AGE_BANDS = ("18_29", "30_44", "45_59", "60_plus")
FORMATS = ("problem_solving", "roundtable", "open")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


#: (table, column, definition, check): added by plain ALTER TABLE ... ADD COLUMN, the same
#: statement on SQLite and PostgreSQL. Not batch mode: on SQLite it rebuilds the table, and
#: dropping ``workshops`` or ``people`` with foreign keys on would cascade to their rows.
COLUMNS = (
    ("people", "gender", "VARCHAR(60) DEFAULT '' NOT NULL", None),
    ("people", "age_band", "VARCHAR(7)", ("person_age_band", _in("age_band", AGE_BANDS))),
    (
        "workshops",
        "format",
        "VARCHAR(15) DEFAULT 'open' NOT NULL",
        ("workshop_format", _in("format", FORMATS)),
    ),
    (
        "workshops",
        "women_target_percent",
        "INTEGER",
        (
            "women_target_percent_range",
            "women_target_percent >= 0 AND women_target_percent <= 100",
        ),
    ),
    ("invitations", "per_diem", "INTEGER", ("per_diem_not_negative", "per_diem >= 0")),
    (
        "invitations",
        "travel_support",
        "INTEGER",
        ("travel_support_not_negative", "travel_support >= 0"),
    ),
    ("invitations", "room", "BOOLEAN", None),
)


def upgrade():
    for table, column, definition, check in COLUMNS:
        constraint = (
            "" if check is None else f" CONSTRAINT ck_{table}_{check[0]} CHECK ({check[1]})"
        )
        op.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}{constraint}")


def downgrade():
    for table, column, _, _ in reversed(COLUMNS):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
