"""`flask --app planner import-source FILE [--json] [--dry-run]`: import a source article."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from planner.extensions import db
from planner.i18n import gettext as _
from planner.sources.decoding import ImportRefused
from planner.sources.operations import import_source
from planner.sources.pipeline import analysis_to_dict, summary_text


@click.command("import-source")
@with_appcontext
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable JSON document.")
@click.option("--dry-run", is_flag=True, help="Analyse and print, but store nothing.")
def import_source_command(file: Path, as_json: bool, dry_run: bool) -> None:
    """Import FILE (.txt, .md, .html, .docx or .pdf) as a source and print what was found in it."""
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise click.ClickException(_("No such file: %(file)s", file=file)) from None
    except IsADirectoryError:
        raise click.ClickException(_("%(file)s is a folder, not a file.", file=file)) from None
    except OSError as error:
        raise click.ClickException(
            _("Cannot read %(file)s: %(reason)s", file=file, reason=error.strerror)
        ) from None
    try:
        source, analysis = import_source(data=data, filename=file.name, dry_run=dry_run)
    except ImportRefused as refused:
        db.session.rollback()
        raise click.ClickException(
            _("%(file)s was not imported: %(reason)s", file=file.name, reason=refused.message)
        ) from None
    db.session.commit()
    if as_json:
        click.echo(json.dumps(analysis_to_dict(analysis), ensure_ascii=False, indent=2))
        return
    click.echo(summary_text(analysis), nl=False)
    if source is None:
        click.echo(_("Dry run: nothing was stored."))
    else:
        click.echo(_("Stored as source %(id)d (%(key)s).", id=source.id, key=source.key))


def init_app(app: Flask) -> None:
    """Register this area's commands on ``app.cli``."""
    app.cli.add_command(import_source_command)
