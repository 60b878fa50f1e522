"""The worker delivers to a real SMTP server (aiosmtpd on loopback), once per message."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import timedelta
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from sqlalchemy import select, text

from planner.extensions import db
from planner.models import AuditEvent, Invitation, OutboxMessage
from planner.models._columns import utcnow
from planner.outbox import composing, delivery, operations
from planner.outbox.kinds import MessageKind, MessageStatus
from planner.participant.tokens import hash_token
from planner.workshop_loading import load_workshop_head
from tests.outbox.conftest import SEVEN, build_seven, free_port

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"http://planner\.test/a/([A-Za-z0-9_-]+)")
CALENDAR = re.compile(r"http://planner\.test/c/([A-Za-z0-9_-]+)\.ics")


def _queue_and_approve(seven, kind=MessageKind.INVITATION, recipients=None):
    head = load_workshop_head(seven.workshop.uid)
    invitations = operations.invitations_for(
        head.id, recipients or operations.Recipients.ALL_INVITED
    )
    queued = operations.queue(head, kind, invitations, actor=seven.owner)
    operations.approve(head.uid, queued.messages, actor=seven.owner)
    db.session.commit()
    return queued


@pytest.fixture
def world(mail_make):
    return build_seven(mail_make)


def test_each_person_receives_one_message_addressed_to_them_alone(mail_app, smtp, world):
    _queue_and_approve(world)
    result = delivery.deliver()
    assert result.sent == 7
    received = smtp.received()
    assert len(received) == 7
    addresses = sorted(p.email for p in world.people)
    assert sorted(r.rcpt_tos[0] for r in received) == addresses
    for r in received:
        assert len(r.rcpt_tos) == 1
        assert r.message["Cc"] is None and r.message["Bcc"] is None
        to = str(r.message["To"])
        assert to.count("@") == 1
        # No other person's address or name anywhere: headers or body.
        whole = r.raw.decode("utf-8", "replace") + r.message.get_content()
        others = [p for p in world.people if p.email != r.rcpt_tos[0]]
        for other in others:
            assert other.email not in whole
            assert other.name not in r.message.get_content()
            assert other.name not in to


def test_unicode_names_arrive_intact_and_encoded_in_headers(mail_app, smtp, world):
    _queue_and_approve(world)
    delivery.deliver()
    by_address = {r.rcpt_tos[0]: r for r in smtp.received()}
    for person in world.people:
        r = by_address[person.email]
        assert person.name in str(r.message["To"])
        assert person.name in r.message.get_content()
        raw_headers = r.raw.split(b"\r\n\r\n", 1)[0].decode("ascii")  # headers are 7-bit
        assert "=?utf-8?" in raw_headers.lower()
        subject = str(make_header(decode_header(r.message["Subject"]))).strip()
        assert subject.startswith("Invitation: ")
        assert "Հանդիպում / Görüş" in str(r.message["Subject"])


def test_the_link_in_each_message_opens_that_persons_agenda(mail_app, smtp, world):
    _queue_and_approve(world)
    delivery.deliver()
    client = mail_app.test_client()
    for r in smtp.received():
        body = r.message.get_content()
        token = LINK.search(body).group(1)
        invitation = db.session.scalar(
            select(Invitation).where(Invitation.agenda_token_hash == hash_token(token))
        )
        assert invitation.person.email == r.rcpt_tos[0]
        assert client.get(f"/a/{token}").status_code == 200
        calendar = CALENDAR.search(body).group(1)
        feed = client.get(f"/c/{calendar}.ics")
        assert feed.status_code == 200 and b"BEGIN:VCALENDAR" in feed.data


def test_tokens_exist_only_in_the_sent_mail(mail_app, smtp, world):
    _queue_and_approve(world)
    delivery.deliver()
    tokens = [LINK.search(r.message.get_content()).group(1) for r in smtp.received()]
    stored = " ".join(
        f"{m.subject} {m.body} {m.last_error}" for m in db.session.scalars(select(OutboxMessage))
    )
    audit = " ".join(str(e.details) for e in db.session.scalars(select(AuditEvent)))
    assert composing.AGENDA_LINK in stored
    for token in tokens:
        assert token not in stored and token not in audit


def test_people_not_to_be_emailed_are_skipped_and_listed(mail_app, smtp, world):
    world.people[1].do_not_email = True
    world.people[2].email = None
    db.session.commit()
    queued = _queue_and_approve(world)
    assert sorted(queued.skipped) == sorted(
        [
            (SEVEN[1][0], "marked not to be e-mailed"),
            (SEVEN[2][0], "has no e-mail address"),
        ]
    )
    delivery.deliver()
    assert len(smtp.received()) == 5
    assert "p2@example.org" not in {r.rcpt_tos[0] for r in smtp.received()}


def test_marked_after_queueing_is_still_not_emailed(mail_app, smtp, world):
    _queue_and_approve(world)
    world.people[0].do_not_email = True
    db.session.commit()
    result = delivery.deliver()
    assert result.sent == 6 and result.failed == 1
    assert "p1@example.org" not in {r.rcpt_tos[0] for r in smtp.received()}


def test_the_audit_log_counts_messages_and_never_holds_their_content(mail_app, smtp, world):
    _queue_and_approve(world)
    delivery.deliver()
    events = list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    approved = [e for e in events if e.action == "outbox.approved"]
    assert approved[0].details == {"kind": "invitation", "count": 7}
    assert approved[0].actor_id == world.owner.id
    assert sum(e.action == "outbox.sent" for e in events) == 7
    dump = " ".join(f"{e.details}" for e in events)
    assert "Dear" not in dump and "@example.org" not in dump


def test_an_smtp_failure_leaves_the_message_queued_with_the_error_and_a_later_try(
    mail_app, smtp, world
):
    _queue_and_approve(world, recipients=operations.Recipients.NOT_ANSWERED)
    mail_app.extensions["mailman"].port = free_port()  # nobody listens there
    before = utcnow()
    result = delivery.deliver()
    assert result.sent == 0 and result.retried == 4
    messages = list(db.session.scalars(select(OutboxMessage)))
    for message in messages:
        assert message.status == MessageStatus.APPROVED
        assert message.attempts == 1
        assert "ConnectionRefused" in message.last_error
        assert message.next_attempt_at >= before + timedelta(seconds=59)
    # Not due yet: a second run leaves them alone.
    assert delivery.deliver().retried == 0
    # Due again, the server back: each is sent once.
    mail_app.extensions["mailman"].port = smtp.port
    for message in messages:
        message.next_attempt_at = utcnow()
    db.session.commit()
    assert delivery.deliver().sent == 4
    assert len(smtp.received()) == 4


def test_after_the_last_attempt_a_message_is_failed_not_retried(mail_app, smtp, world):
    _queue_and_approve(world, recipients=operations.Recipients.NOT_ANSWERED)
    mail_app.extensions["mailman"].port = free_port()
    for _ in range(delivery.MAX_ATTEMPTS):
        db.session.execute(text("UPDATE outbox_messages SET next_attempt_at = created_at"))
        db.session.commit()
        delivery.deliver()
    statuses = {m.status for m in db.session.scalars(select(OutboxMessage))}
    assert statuses == {MessageStatus.FAILED}


def test_backoff_grows_and_is_capped():
    waits = [composing.backoff_seconds(n) for n in range(1, 9)]
    assert waits[:3] == [60, 240, 960]
    assert waits == sorted(waits) and max(waits) == 6 * 3600


def _worker_env(app) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PLANNER_ENV="development",
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        SECRET_KEY="worker-test-secret-key-0123456789abcdef",
        MAIL_SERVER=app.config["MAIL_SERVER"],
        MAIL_PORT=str(app.config["MAIL_PORT"]),
        MAIL_DEFAULT_SENDER=app.config["MAIL_DEFAULT_SENDER"],
        PUBLIC_URL=app.config["PUBLIC_URL"],
    )
    keys = app.config.get("DATA_KEYS")
    if keys:
        env["PLANNER_DATA_KEY"] = ",".join(keys)
    return env


def _start_worker(app, tmp_path) -> subprocess.Popen:
    env = _worker_env(app)
    env["PLANNER_INSTANCE_DIR"] = str(tmp_path / "instance")
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "planner", "outbox", "send"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_a_worker_killed_mid_batch_then_restarted_delivers_each_message_once(
    mail_app, smtp, world, tmp_path
):
    # Twenty messages: the seven people, each with invitation, reminder or custom kinds.
    head = load_workshop_head(world.workshop.uid)
    everyone = operations.invitations_for(head.id, operations.Recipients.ALL_INVITED)
    batch = []
    for kind in (MessageKind.INVITATION, MessageKind.REMINDER, MessageKind.CUSTOM):
        batch += operations.queue(head, kind, everyone, actor=world.owner).messages
    operations.approve(head.uid, batch, actor=world.owner)
    db.session.commit()
    total = len(batch)
    assert total == 7 + 4 + 7
    db.session.remove()

    # The server accepts five messages at once, then holds the sixth before answering.
    smtp.delay, smtp.hold_from = 10.0, 6
    worker = _start_worker(mail_app, tmp_path)
    deadline = time.monotonic() + 90
    while len(smtp.received()) < 6 and time.monotonic() < deadline:
        time.sleep(0.02)
    # The worker is now waiting for the server to accept message 6: kill it there.
    worker.kill()
    worker.communicate(timeout=30)
    assert len(smtp.received()) == 6

    smtp.delay = 0.0
    restarted = _start_worker(mail_app, tmp_path)
    out, err = restarted.communicate(timeout=120)
    assert restarted.returncode == 0, err.decode()

    ids = [r.message["Message-ID"] for r in smtp.received()]
    assert len(ids) == len(set(ids)), "a message was delivered twice"
    messages = list(db.session.scalars(select(OutboxMessage)))
    delivered = {m.message_id for m in messages} & set(ids)
    assert delivered == {m.message_id for m in messages}, "a message was never delivered"
    # The one in flight when the worker died reached the server: it is not sent again, and
    # the team is told it may have arrived; every other one is sent.
    statuses = sorted(m.status for m in messages)
    assert statuses.count(MessageStatus.SENT) == total - 1
    interrupted = [m for m in messages if m.status == MessageStatus.FAILED]
    assert len(interrupted) == 1 and interrupted[0].last_error == delivery.INTERRUPTED
    assert b"interrupted earlier 1" in out


def test_two_workers_at_once_send_each_message_once(mail_app, smtp, world, tmp_path):
    head = load_workshop_head(world.workshop.uid)
    everyone = operations.invitations_for(head.id, operations.Recipients.ALL_INVITED)
    batch = []
    for kind in (MessageKind.INVITATION, MessageKind.CUSTOM):
        batch += operations.queue(head, kind, everyone, actor=world.owner).messages
    operations.approve(head.uid, batch, actor=world.owner)
    db.session.commit()
    db.session.remove()
    smtp.delay = 0.05
    workers = [_start_worker(mail_app, tmp_path / str(n)) for n in range(2)]
    for worker in workers:
        _out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err.decode()
    ids = [r.message["Message-ID"] for r in smtp.received()]
    assert len(ids) == len(batch) == len(set(ids))
    statuses = {m.status for m in db.session.scalars(select(OutboxMessage))}
    assert statuses == {MessageStatus.SENT}


def test_erasing_a_person_or_applying_retention_leaves_no_message_of_theirs(mail_app, smtp, world):
    from datetime import date

    from planner.admin.operations import erase_person
    from planner.protection.retention import apply_retention, set_retention_days

    _queue_and_approve(world)
    delivery.deliver()
    erase_person(world.people[0])
    db.session.commit()
    left = list(db.session.scalars(select(OutboxMessage)))
    assert len(left) == 6
    assert all(m.sent_to != "p1@example.org" and SEVEN[0][0] not in m.body for m in left)
    set_retention_days(0)
    apply_retention(today=date(2028, 1, 1))
    db.session.commit()
    assert list(db.session.scalars(select(OutboxMessage))) == []


def test_a_watching_worker_sends_what_becomes_due_and_stops_on_sigterm(
    mail_app, smtp, world, tmp_path
):
    import signal

    env = _worker_env(mail_app)
    env["PLANNER_INSTANCE_DIR"] = str(tmp_path / "instance")
    db.session.commit()
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "planner", "outbox", "send", "--watch"]
        + ["--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )

    def wait_for(count: int) -> None:
        deadline = time.monotonic() + 60
        while len(smtp.received()) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(smtp.received()) == count

    try:
        _queue_and_approve(world, recipients=operations.Recipients.NOT_ANSWERED)
        wait_for(4)
        # Approved while the worker is running: it finds them on its next look.
        _queue_and_approve(world, kind=MessageKind.CUSTOM)
        wait_for(4 + 7)
    finally:
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=30)
    assert worker.returncode == 0, err.decode()
    assert b"Sent 4" in out and b"Sent 7" in out
