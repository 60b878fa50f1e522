"""`flask --app planner backup FILE` and `restore FILE`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from planner.i18n import gettext as _


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(file: str) -> None:
    """Write a consistent copy of the whole database to FILE."""
    from planner.admin.backup import BackupError, backup
    from planner.cli import fail

    try:
        path = backup(file)
    except BackupError as error:
        fail(str(error))
    click.echo(_("Backed up the database to %(path)s.", path=path))


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(file: str, yes: bool) -> None:
    """Replace the whole database with the backup in FILE."""
    from planner.admin.backup import BackupError, restore
    from planner.cli import fail

    if not yes:
        click.confirm(
            _("This replaces every record in the database with the backup. Continue?"),
            abort=True,
        )
    try:
        restore(file)
    except BackupError as error:
        fail(str(error))
    click.echo(_("Restored the database from %(file)s.", file=file))


def init_app(app: Flask) -> None:
    """Register this area's commands on ``app.cli``."""
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
