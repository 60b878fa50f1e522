"""`flask --app planner keys rotate` and `retention apply [--dry-run]`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from planner.i18n import gettext as _


@click.group("keys")
def keys_group() -> None:
    """The keys that encrypt notes and contact details at rest (PLANNER_DATA_KEY)."""


@keys_group.command("generate")
def generate_command() -> None:
    """Print a new key: put it first in PLANNER_DATA_KEY, keep the old ones after it."""
    from planner.crypto import generate_key

    click.echo(generate_key())


@keys_group.command("rotate")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=500,
    show_default=True,
    help="Rows re-encrypted per transaction.",
)
@with_appcontext
def rotate_command(batch_size: int) -> None:
    """Re-encrypt every stored value with the first key of PLANNER_DATA_KEY."""
    from planner import audit
    from planner.cli import fail
    from planner.crypto import DataKeyError
    from planner.extensions import db
    from planner.protection.keys import rotate

    try:
        report = rotate(batch_size)
    except DataKeyError as error:
        fail(str(error))
    audit.record("keys.rotated", "data_key", details={"values": sum(report.values.values())})
    db.session.commit()
    for line in report.lines():
        click.echo(line)
    click.echo(_("Every value is now under the first key; the others may be removed."))


@click.group("retention")
def retention_group() -> None:
    """Remove the personal data of workshops past the retention period."""


@retention_group.command("apply")
@click.option("--dry-run", is_flag=True, help="Say what would be removed; change nothing.")
@with_appcontext
def apply_command(dry_run: bool) -> None:
    """Remove contact details, notes and links of finished workshops past the period,
    keeping anonymous counts (community × segment) for reports."""
    from planner.extensions import db
    from planner.protection.retention import apply_retention

    report = apply_retention(dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    for line in report.lines():
        click.echo(line)


def init_app(app: Flask) -> None:
    """Register this area's commands on ``app.cli``."""
    app.cli.add_command(keys_group)
    app.cli.add_command(retention_group)
