"""``flask --app planner generate``: fill a database with a realistic programme."""

from __future__ import annotations

import time

import click
from flask import Flask
from flask.cli import with_appcontext


def init_app(app: Flask) -> None:
    app.cli.add_command(generate_command)


@click.command("generate")
@click.option("--workshops", default=1000, show_default=True, type=click.IntRange(min=0))
@click.option("--people", default=10000, show_default=True, type=click.IntRange(min=200))
@click.option("--seed", default=1, show_default=True, help="Same seed, same programme.")
@with_appcontext
def generate_command(workshops: int, people: int, seed: int) -> None:
    """Generate workshops, people, invitations and agendas in bulk (plus one large workshop)."""
    from planner.generator.programme import generate

    started = time.perf_counter()
    result = generate(workshops=workshops, people=people, seed=seed)
    elapsed = time.perf_counter() - started
    click.echo(
        f"{result.workshops} workshops, {result.people} people, {result.invitations} invitations, "
        f"{result.sessions} sessions in {elapsed:.1f} s"
    )
    click.echo(f"large workshop: /workshops/{result.large_workshop_uid}")
    click.echo(
        f"facilitator {result.facilitator_email}  participant {result.participant_email}  "
        f"password {result.password!r}"
    )
