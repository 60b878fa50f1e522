"""``flask --app planner export`` and ``import-workshop``: briefs on the command line.

The command line runs as the operator of the installation (organiser standing), so it
exports any workshop from its live draft; the participant audience is always the generic
participant copy. Every export is audited like a download, by "system". ``--language``
chooses the file's language (by default the command line's, ``planner.i18n``), as the
switcher does for a reader; what the commands print is in the command line's language.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import func, select

from planner import access
from planner.extensions import db
from planner.i18n import LANGUAGES, ngettext
from planner.i18n import current as current_language
from planner.i18n import gettext as _

_FORMATS = ("pdf", "docx", "md", "json", "ics", "csv")


def init_app(app: Flask) -> None:
    """Register this area's commands on ``app.cli``."""
    app.cli.add_command(export_command)
    app.cli.add_command(import_workshop_command)


@click.command("export")
@click.argument("workshop")
@click.option("--format", "fmt", required=True, type=click.Choice(_FORMATS))
@click.option(
    "--audience",
    type=click.Choice(["facilitator", "participant"]),
    default="participant",
    show_default=True,
)
@click.option(
    "--language",
    type=click.Choice(list(LANGUAGES)),
    default=None,
    help="The language of the file (default: the command line's, PLANNER_LANGUAGE or LANG).",
)
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False))
@with_appcontext
def export_command(
    workshop: str, fmt: str, audience: str, language: str | None, output: str
) -> None:
    """Export WORKSHOP (its public id) as a brief, calendar (ics) or roster (csv)."""
    from planner.briefs import exporting
    from planner.briefs.assemble import BriefAudience
    from planner.cli import fail
    from planner.workshop_loading import load_workshop_head

    record = load_workshop_head(workshop)
    if record is None:
        fail(_("No workshop has the id %(id)s.", id=repr(workshop)))
    # The command names only a format: ics is the calendar, csv the roster, the rest the brief.
    what = next(kind for kind, formats in exporting.FORMATS.items() if fmt in formats)
    allowed = exporting.AUDIENCES[what]
    if BriefAudience(audience) not in allowed:
        fail(
            _("The calendar is a participant export; use --audience participant.")
            if what == exporting.ExportKind.CALENDAR
            else _("The roster is a facilitator export; use --audience facilitator.")
        )
    language = language or current_language()
    with force_locale(language):
        export = exporting.export(
            record,
            what,
            fmt,
            BriefAudience(audience),
            exporting.Reader(access.Standing.ORGANISER, language=language),
            actor=None,
        )
    try:
        Path(output).write_bytes(export.content)
    except OSError as error:
        db.session.rollback()
        fail(_("Could not write %(file)s: %(reason)s.", file=output, reason=error.strerror))
    db.session.commit()
    click.echo(
        ngettext(
            "Wrote %(file)s (%(num)d byte).",
            "Wrote %(file)s (%(num)d bytes).",
            len(export.content),
            file=output,
        )
    )


@click.command("import-workshop")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--owner",
    default="",
    help="E-mail of the organiser or facilitator who will own it (default: the first organiser).",
)
@with_appcontext
def import_workshop_command(file: str, owner: str) -> None:
    """Import a workshop from a facilitator JSON brief FILE."""
    from planner.briefs.importing import ImportRefused, import_workshop, parse_document
    from planner.cli import fail
    from planner.models import User

    if owner:
        query = select(User).where(User.active.is_(True), func.lower(User.email) == owner.lower())
    else:
        query = access.organisers().order_by(User.id)
    user = db.session.scalars(query).first()
    if not access.can_create_workshop(user):
        fail(
            _("No active organiser or facilitator %(email)s.", email=owner)
            if owner
            else _("No organiser account yet.")
        )
    try:
        raw = Path(file).read_bytes()
    except OSError as error:
        fail(_("Could not read %(file)s: %(reason)s.", file=file, reason=error.strerror))
    try:
        result = import_workshop(parse_document(raw), user)
    except ImportRefused as error:
        fail(str(error))
    db.session.commit()
    workshop = result.workshop
    click.echo(
        _(
            "Imported “%(title)s” as %(id)s, owned by %(email)s.",
            title=workshop.title,
            id=workshop.uid,
            email=user.email,
        )
    )
    if result.not_taken:
        click.echo(_("Not taken from the file:"))
        for line in result.not_taken:
            click.echo(f"  - {line}")
