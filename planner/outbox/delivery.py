"""Sending the outbox: one message at a time, each step in its own committed transaction.

The database is the queue, and each message goes through three commits:

1. **claim** — one conditional UPDATE moves it from approved to sending (only one worker can
   win it) and records who holds it; in the same transaction its private links are created
   (the previous ones stop working) — committed before anything leaves;
2. **send** — the SMTP conversation, outside any transaction;
3. **record** — sent (with the address it went to), or, on an SMTP error, back to approved
   with the error and the next attempt time (backoff), failed once the attempts run out.

So a worker killed after 3 has sent it once and it is never sent again; killed before 1, it
never took it and the next worker will; killed between 1 and 3, the message stays
"sending" — it may have reached the server — and the next worker marks it failed with that
explanation rather than risk sending it twice (``recover_interrupted``): a person decides,
after checking with the recipient. Every message carries the Message-ID fixed when it was
composed, the same on every attempt, so a copy that did arrive twice can be recognised.

The link tokens exist only in the e-mail: the stored body keeps its placeholders.
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import formataddr

from flask import current_app, has_request_context, request
from flask_mailman import EmailMessage
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import joinedload
from werkzeug.routing import BuildError

from planner import audit
from planner.extensions import db, mail
from planner.languages import N_
from planner.models import Invitation, OutboxMessage
from planner.models._columns import utcnow
from planner.outbox import composing
from planner.outbox.kinds import MessageStatus
from planner.participant.operations import issue_link
from planner.participant.tokens import LinkKind
from planner.vocabulary import ACTIVE_INVITATION_STATUSES, Confidentiality

#: After this many failed attempts a message is failed (shown to the team) instead of retried.
MAX_ATTEMPTS = 5
#: A message held "sending" longer than this by a worker we cannot check is taken as stopped.
CLAIM_TIMEOUT = timedelta(minutes=10)

# Stored in English, as the mail server's own errors are, and read in the reader's language
# where the catalogue has them (templates/outbox: ``_(message.last_error)``).
INTERRUPTED = N_(
    "The sending stopped while this message was being handed to the mail server: it may "
    "have arrived. Check with the person before sending it again."
)

_PLACEHOLDER_LINKS = {
    composing.AGENDA_LINK: (LinkKind.AGENDA, "participant.private_agenda"),
    composing.CALENDAR_LINK: (LinkKind.CALENDAR, "participant.calendar_feed"),
}


class NoPublicURL(RuntimeError):
    def __init__(self) -> None:
        super().__init__(
            "PUBLIC_URL is not set: the links in the messages are built from it. Set it to the "
            "address participants open, e.g. export PUBLIC_URL=https://planner.example.org"
        )


def mail_configured() -> bool:
    """Whether a mail server is configured (``MAIL_SERVER``); without one nothing is sent."""
    return bool(current_app.config.get("MAIL_SERVER"))


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class Delivery:
    """What one run of the worker did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    interrupted: int = 0
    errors: list[str] = field(default_factory=list)


# Links ---------------------------------------------------------------------------------------


def public_url(endpoint: str, **values: str) -> str:
    """An absolute URL for an e-mail: from ``PUBLIC_URL``, else the current request's host."""
    base = current_app.config.get("PUBLIC_URL")
    if not base and has_request_context():
        base = request.host_url
    if not base:
        raise NoPublicURL()
    base = base.rstrip("/")
    scheme, _, host = base.partition("://")
    host, _, prefix = host.partition("/")
    adapter = current_app.url_map.bind(host, script_name="/" + prefix, url_scheme=scheme)
    try:
        return adapter.build(endpoint, values, force_external=True)
    except BuildError as error:  # a bug, not a person's mistake
        raise RuntimeError(f"cannot build a link to {endpoint}") from error


# The three steps -----------------------------------------------------------------------------


def recover_interrupted(now=None) -> int:
    """Fail the messages left "sending" by a worker that stopped: on this host when its
    process is gone, anywhere once ``CLAIM_TIMEOUT`` has passed. Commits; returns how many."""
    now = now or utcnow()
    host = socket.gethostname()
    stuck = list(
        db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.status == MessageStatus.SENDING)
        )
    )
    count = 0
    for message in stuck:
        claimant_host, _, pid = message.claimed_by.rpartition(":")
        gone = claimant_host == host and pid.isdigit() and not _process_alive(int(pid))
        stale = message.claimed_at is None or now - message.claimed_at > CLAIM_TIMEOUT
        if gone or stale:
            message.status = MessageStatus.FAILED
            message.last_error = INTERRUPTED
            count += 1
    try:
        db.session.commit()
    except OperationalError:
        # SQLite: another worker wrote meanwhile; the next run looks again.
        db.session.rollback()
        return 0
    return count


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (killed, not yet reaped by its parent) is gone for our purposes.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


def claim_next(*, workshop_id: int | None = None, now=None) -> int | None:
    """Take the next due approved message (committed); its id, or None when none is due."""
    while True:
        now = now or utcnow()
        query = (
            select(OutboxMessage.id)
            .where(
                OutboxMessage.status == MessageStatus.APPROVED,
                OutboxMessage.next_attempt_at <= now,
            )
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(1)
        )
        if workshop_id is not None:
            query = query.where(OutboxMessage.workshop_id == workshop_id)
        candidate = db.session.scalar(query)
        if candidate is None:
            db.session.commit()
            return None
        try:
            won = db.session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id == candidate, OutboxMessage.status == MessageStatus.APPROVED
                )
                .values(
                    status=MessageStatus.SENDING,
                    claimed_by=worker_name(),
                    claimed_at=now,
                    attempts=OutboxMessage.attempts + 1,
                )
                .execution_options(synchronize_session=False)
            ).rowcount
        except OperationalError:
            # SQLite: another worker is writing (its snapshot moved on): look again.
            won = 0
        if won:
            return candidate  # committed by ``prepare`` with the links
        db.session.rollback()  # another worker took it: look again


def _load(message_id: int) -> OutboxMessage:
    return db.session.scalar(
        select(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .options(
            joinedload(OutboxMessage.invitation).joinedload(Invitation.person),
            joinedload(OutboxMessage.invitation).joinedload(Invitation.workshop),
        )
        .execution_options(populate_existing=True)
    )


def _refusal(message: OutboxMessage) -> str | None:
    """Why this message must not go now (decided again at sending time)."""
    invitation = message.invitation
    if invitation.status not in ACTIVE_INVITATION_STATUSES:
        return N_("The invitation no longer stands (declined or withdrew).")
    if invitation.person.do_not_email:
        return N_("The person is marked not to be e-mailed.")
    if not invitation.person.email:
        return N_("The person has no e-mail address.")
    return None


def prepare(message_id: int) -> EmailMessage | None:
    """Step 1's second half: the claimed message's links and e-mail, committed with the
    claim. None (and the message failed) when it must not be sent after all."""
    message = _load(message_id)
    if message is None:
        db.session.commit()
        return None
    refusal = _refusal(message)
    if refusal is not None:
        message.status = MessageStatus.FAILED
        message.last_error = refusal
        db.session.commit()
        return None
    invitation = message.invitation
    links = {}
    for placeholder in composing.links_needed(message.body):
        kind, endpoint = _PLACEHOLDER_LINKS[placeholder]
        token = issue_link(invitation, kind, actor=None)
        links[placeholder] = public_url(endpoint, token=token)
    person = invitation.person
    off_record = invitation.workshop.confidentiality == Confidentiality.OFF_THE_RECORD
    # One recipient, never Cc or Bcc; off the record the address alone, with no name.
    to = person.email if off_record else formataddr((person.name, person.email))
    email = EmailMessage(
        subject=message.subject,
        body=composing.fill_links(message.body, links),
        from_email=current_app.config.get("MAIL_DEFAULT_SENDER"),
        to=[to],
        headers={"Message-ID": message.message_id, "Auto-Submitted": "auto-generated"},
    )
    message.sent_to = person.email
    db.session.commit()
    return email


def _write_first(message_id: int) -> None:
    """Begin the transaction with a write to the message: on SQLite a transaction that read
    first cannot wait for another worker's write and fails at once; one that writes first
    waits its turn (the busy timeout). On PostgreSQL it takes the row lock."""
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def record_sent(message_id: int) -> None:
    _write_first(message_id)
    message = _load(message_id)
    if message is None:  # removed with its invitation (an erasure) while it was sent
        db.session.commit()
        return
    message.status = MessageStatus.SENT
    message.sent_at = utcnow()
    message.last_error = ""
    message.next_attempt_at = None
    audit.record(
        "outbox.sent",
        "invitation",
        message.invitation.uid,
        workshop_uid=message.invitation.workshop.uid,
        details={"kind": message.kind.value},
    )
    db.session.commit()


def record_failure(message_id: int, error: BaseException) -> bool:
    """Back to the queue with the error and a later attempt time; failed once the attempts
    run out. Returns True when it will be tried again."""
    _write_first(message_id)
    message = _load(message_id)
    if message is None:
        db.session.commit()
        return False
    message.last_error = f"{type(error).__name__}: {error}"[:1000]
    again = message.attempts < MAX_ATTEMPTS
    if again:
        message.status = MessageStatus.APPROVED
        message.next_attempt_at = utcnow() + timedelta(
            seconds=composing.backoff_seconds(message.attempts)
        )
    else:
        message.status = MessageStatus.FAILED
        message.next_attempt_at = None
    db.session.commit()
    return again


# The worker ----------------------------------------------------------------------------------


def deliver(
    *,
    workshop_id: int | None = None,
    limit: int | None = None,
    after_each: Callable[[int], None] | None = None,
) -> Delivery:
    """Send every due approved message (of one workshop, or all), at most ``limit``.

    One SMTP connection is kept open for the batch and opened again after an error.
    ``after_each`` is called with the number sent so far (the CLI prints progress).
    """
    result = Delivery(interrupted=recover_interrupted())
    connection = None
    try:
        while limit is None or result.sent + result.retried + result.failed < limit:
            message_id = claim_next(workshop_id=workshop_id)
            if message_id is None:
                break
            email = prepare(message_id)
            if email is None:
                result.failed += 1
                continue
            try:
                if connection is None:
                    connection = mail.get_connection(fail_silently=False)
                    connection.open()
                connection.send_messages([email])
            except Exception as error:  # noqa: BLE001 - any SMTP or socket error is retried
                if connection is not None:
                    _close_quietly(connection)
                    connection = None
                if record_failure(message_id, error):
                    result.retried += 1
                else:
                    result.failed += 1
                result.errors.append(f"{type(error).__name__}: {error}")
                continue
            record_sent(message_id)
            result.sent += 1
            if after_each is not None:
                after_each(result.sent)
    finally:
        if connection is not None:
            _close_quietly(connection)
    return result


def _close_quietly(connection) -> None:
    # A connection already broken needs no closing.
    with contextlib.suppress(Exception):
        connection.close()
