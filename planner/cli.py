"""The ``flask --app planner …`` command line: seed, demo, user-add, and each area's commands.

The commands speak the language of the command line (issue 19): ``PLANNER_LANGUAGE``
(``en``, ``ru``, ``hy``, ``az``), else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``:
``hy_AM.UTF-8`` → Armenian), else English — Flask-Babel's selector reads them in the
command's application context (``planner.i18n.environment_language``). What scripts read
(ids, the demo's credentials table, JSON) stays as it is.
"""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import with_appcontext

from planner.extensions import db
from planner.i18n import gettext as _


def init_app(app: Flask) -> None:
    from importlib import import_module

    app.cli.add_command(seed_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(user_add_command)
    # Each area adds its own commands in planner/<area>/commands.py: ``init_app(app)``.
    for area in ("workshops", "people", "sources", "briefs", "admin", "generator", "outbox"):
        import_module(f"planner.{area}.commands").init_app(app)
    # Risk levels, retention, subject access and key rotation (issue 20).
    import_module("planner.protection.commands").init_app(app)


def fail(message: str) -> None:
    """End the command with a clear message and exit status 1 (never a traceback)."""
    db.session.rollback()
    raise click.ClickException(message)


@click.command("seed")
@with_appcontext
def seed_command() -> None:
    """Load the seed data in seeds/ (idempotent: run it again to apply edits)."""
    from planner.seeding import SeedError, load_seeds

    try:
        report = load_seeds()
    except SeedError as error:
        fail(str(error))
    for line in report.lines() or [_("nothing changed")]:
        click.echo(line)


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Create one account per role and a demo workshop in Tbilisi; print the credentials."""
    from planner.demo import create_demo
    from planner.seeding import SeedError

    try:
        accounts = create_demo()
    except SeedError as error:
        fail(str(error))
    for role, email, password in accounts:
        click.echo(f"{role:<12} {email:<28} {password}")


@click.command("user-add")
@click.argument("email")
@click.option(
    "--role", required=True, type=click.Choice(["organiser", "facilitator", "participant"])
)
@click.option(
    "--name", default="", help="Display name (defaults to the part of the email before @)."
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def user_add_command(email: str, role: str, name: str, password_stdin: bool) -> None:
    """Create an account. The password is prompted for, or read from stdin."""
    from planner.auth.operations import AccountError, create_user
    from planner.auth.passwords import WeakPassword

    if password_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email, name, role, password)
    except (AccountError, WeakPassword) as error:
        fail(str(error))
    db.session.commit()
    click.echo(
        _("Created %(role)s account %(email)s.", role=_(user.role.label).lower(), email=user.email)
    )
