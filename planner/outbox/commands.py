"""``flask --app planner outbox …``: queue invitations and run the sending worker.

``outbox invite WORKSHOP [--unanswered]`` queues one invitation draft per person (skipping,
and listing, those marked not to be e-mailed or without an address); ``outbox send``
delivers what a facilitator approved — with ``--approve``, every draft as well — and
``--watch`` keeps doing so, as the worker beside ``make serve``.
"""

from __future__ import annotations

import signal
import time

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from planner.cli import fail
from planner.extensions import db


def init_app(app: Flask) -> None:
    app.cli.add_command(outbox_group)


@click.group("outbox")
def outbox_group() -> None:
    """The invitation outbox: queue messages, send what was approved."""


@outbox_group.command("invite")
@click.argument("workshop")
@click.option("--unanswered", is_flag=True, help="Only those who have not answered yet.")
@with_appcontext
def invite_command(workshop: str, unanswered: bool) -> None:
    """Queue an invitation (a draft, to review) for each person invited to WORKSHOP."""
    from planner.exceptions import DomainError
    from planner.outbox import operations
    from planner.outbox.kinds import MessageKind
    from planner.workshop_loading import load_workshop_head

    head = load_workshop_head(workshop)
    if head is None:
        fail(f"No workshop {workshop!r}. Give its id as shown in its address.")
    recipients = (
        operations.Recipients.NOT_ANSWERED if unanswered else operations.Recipients.ALL_INVITED
    )
    invitations = operations.invitations_for(head.id, recipients)
    try:
        queued = operations.queue(head, MessageKind.INVITATION, invitations, actor=None)
    except DomainError as error:
        fail(str(error))
    db.session.commit()
    click.echo(f"Queued {len(queued.messages)} invitation(s) as drafts in the outbox.")
    for name, reason in queued.skipped:
        click.echo(f"Skipped {name}: {reason}.")


@outbox_group.command("send")
@click.option("--approve", is_flag=True, help="Approve every draft first, then send it.")
@click.option("--workshop", default=None, help="Only this workshop's messages.")
@click.option("--watch", is_flag=True, help="Keep running, sending what becomes due.")
@click.option("--interval", default=10.0, show_default=True, help="Seconds between looks.")
@with_appcontext
def send_command(approve: bool, workshop: str | None, watch: bool, interval: float) -> None:
    """Send the approved messages, one at a time, each exactly once."""
    from planner.outbox import delivery, operations
    from planner.workshop_loading import load_workshop_head

    if not delivery.mail_configured():
        fail(
            "No mail server is configured (MAIL_SERVER): nothing can be sent. The messages "
            "stay in the outbox, readable in the app."
        )
    if not current_app.config.get("PUBLIC_URL"):
        fail(str(delivery.NoPublicURL()))
    workshop_id = None
    if workshop is not None:
        head = load_workshop_head(workshop)
        if head is None:
            fail(f"No workshop {workshop!r}.")
        workshop_id = head.id
    if approve:
        approved = operations.approve(None, operations.drafts(workshop_id), actor=None)
        db.session.commit()
        click.echo(f"Approved {approved} draft(s).")
    stopping = []
    # A polite stop (Ctrl-C, SIGTERM from a process manager) ends after the current message.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.append(True))
    while True:
        result = delivery.deliver(workshop_id=workshop_id)
        if result.sent or result.retried or result.failed or result.interrupted or not watch:
            click.echo(
                f"Sent {result.sent}; to retry later {result.retried}; failed {result.failed}"
                + (f"; interrupted earlier {result.interrupted}" if result.interrupted else "")
                + "."
            )
        for error in result.errors[:5]:
            click.echo(f"  SMTP error: {error}", err=True)
        if not watch or stopping:
            break
        for _ in range(max(int(interval * 10), 1)):
            if stopping:
                break
            time.sleep(0.1)
        if stopping:
            break
