"""``flask --app planner outbox …``: queue invitations and run the sending worker.

``outbox invite WORKSHOP [--unanswered]`` queues one invitation draft per person (skipping,
and listing, those marked not to be e-mailed or without an address); ``outbox send``
delivers what a facilitator approved — with ``--approve``, every draft as well — and
``--watch`` keeps doing so, as the worker beside ``make serve``.

What they print is in the language of the command line (``PLANNER_LANGUAGE``, else the
locale: ``planner.i18n.environment_language``); the messages themselves are composed in
each recipient's language whoever queues them.
"""

from __future__ import annotations

import signal
import time

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from planner.cli import fail
from planner.extensions import db
from planner.i18n import gettext as _
from planner.i18n import ngettext


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
        fail(
            _(
                "No workshop %(workshop)s. Give its id as shown in its address.",
                workshop=repr(workshop),
            )
        )
    recipients = (
        operations.Recipients.NOT_ANSWERED if unanswered else operations.Recipients.ALL_INVITED
    )
    invitations = operations.invitations_for(head.id, recipients)
    try:
        queued = operations.queue(head, MessageKind.INVITATION, invitations, actor=None)
    except DomainError as error:
        fail(str(error))
    db.session.commit()
    click.echo(
        ngettext(
            "Queued %(num)d invitation(s) as drafts in the outbox.",
            "Queued %(num)d invitation(s) as drafts in the outbox.",
            len(queued.messages),
        )
    )
    for name, reason in queued.skipped:
        click.echo(_("Skipped %(name)s: %(reason)s.", name=name, reason=reason))


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
            _(
                "No mail server is configured (MAIL_SERVER): nothing can be sent. The messages "
                "stay in the outbox, readable in the app."
            )
        )
    if not current_app.config.get("PUBLIC_URL"):
        fail(
            _(
                "PUBLIC_URL is not set: the links in the messages are built from it. Set it "
                "to the address participants open, e.g. export "
                "PUBLIC_URL=https://planner.example.org"
            )
        )
    workshop_id = None
    if workshop is not None:
        head = load_workshop_head(workshop)
        if head is None:
            fail(_("No workshop %(workshop)s.", workshop=repr(workshop)))
        workshop_id = head.id
    if approve:
        approved = operations.approve(None, operations.drafts(workshop_id), actor=None)
        db.session.commit()
        click.echo(ngettext("Approved %(num)d draft(s).", "Approved %(num)d draft(s).", approved))
    stopping = []
    # A polite stop (Ctrl-C, SIGTERM from a process manager) ends after the current message.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.append(True))
    while True:
        result = delivery.deliver(workshop_id=workshop_id)
        if result.sent or result.retried or result.failed or result.interrupted or not watch:
            counts = {
                "sent": result.sent,
                "retried": result.retried,
                "failed": result.failed,
                "interrupted": result.interrupted,
            }
            click.echo(
                _(
                    "Sent %(sent)d; to retry later %(retried)d; failed %(failed)d; "
                    "interrupted earlier %(interrupted)d.",
                    **counts,
                )
                if result.interrupted
                else _("Sent %(sent)d; to retry later %(retried)d; failed %(failed)d.", **counts)
            )
        for error in result.errors[:5]:
            # The mail server's own words, as it said them.
            click.echo(_("  SMTP error: %(error)s", error=error), err=True)
        if not watch or stopping:
            break
        for _tick in range(max(int(interval * 10), 1)):
            if stopping:
                break
            time.sleep(0.1)
        if stopping:
            break
