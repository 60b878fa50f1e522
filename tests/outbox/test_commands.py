"""``flask outbox invite`` and ``flask outbox send`` (issue 18, item 1)."""

from __future__ import annotations

from sqlalchemy import func, select

from planner.extensions import db
from planner.models import OutboxMessage
from planner.outbox.kinds import MessageStatus
from tests.outbox.conftest import build_seven


def _count(status=None) -> int:
    query = select(func.count()).select_from(OutboxMessage)
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    return db.session.scalar(query)


def test_invite_queues_drafts_and_lists_who_was_skipped(mail_app, mail_make):
    world = build_seven(mail_make)
    world.people[0].do_not_email = True
    db.session.commit()
    result = mail_app.test_cli_runner().invoke(args=["outbox", "invite", world.workshop.uid])
    assert result.exit_code == 0, result.output
    assert "Queued 6 invitation(s)" in result.output
    assert f"Skipped {world.people[0].name}: marked not to be e-mailed." in result.output
    assert _count(MessageStatus.DRAFT) == 6


def test_invite_unanswered_leaves_out_those_who_answered(mail_app, mail_make):
    world = build_seven(mail_make)
    runner = mail_app.test_cli_runner()
    result = runner.invoke(args=["outbox", "invite", world.workshop.uid, "--unanswered"])
    assert "Queued 4 invitation(s)" in result.output
    assert runner.invoke(args=["outbox", "invite", "no-such-workshop"]).exit_code == 1


def test_send_delivers_only_what_was_approved_and_approve_sends_the_rest(mail_app, mail_make, smtp):
    world = build_seven(mail_make)
    runner = mail_app.test_cli_runner()
    runner.invoke(args=["outbox", "invite", world.workshop.uid])
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0 and "Sent 0" in result.output
    assert smtp.received() == []  # drafts wait for a person
    result = runner.invoke(args=["outbox", "send", "--approve"])
    assert result.exit_code == 0, result.output
    assert "Approved 7 draft(s)" in result.output and "Sent 7" in result.output
    assert len(smtp.received()) == 7
    assert _count(MessageStatus.SENT) == 7
    # Sending again sends nothing twice.
    assert "Sent 0" in runner.invoke(args=["outbox", "send", "--approve"]).output
    assert len(smtp.received()) == 7


def test_send_without_a_mail_server_says_so(app, make):
    result = app.test_cli_runner().invoke(args=["outbox", "send", "--approve"])
    assert result.exit_code == 1
    assert "No mail server is configured" in result.output


def test_send_without_the_public_address_says_so(mail_app, mail_make):
    mail_app.config["PUBLIC_URL"] = None
    result = mail_app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 1
    assert "PUBLIC_URL is not set" in result.output
