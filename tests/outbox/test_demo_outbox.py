"""The issue's "done when", on the demo workshop: invite everyone in one step, review and send,
each message arrives at the SMTP server with a working link; a republication sends change
notices to the confirmed only; the participant finds their PDF and calendar on both pages."""

from __future__ import annotations

import re

from sqlalchemy import select

from planner.demo import create_demo
from planner.extensions import db
from planner.models import Invitation, OutboxMessage, Session, Workshop
from planner.outbox.kinds import MessageKind, MessageStatus
from planner.vocabulary import InvitationStatus

LINK = re.compile(r"http://planner\.test/a/([A-Za-z0-9_-]+)")
CALENDAR = re.compile(r"http://planner\.test/c/([A-Za-z0-9_-]+)\.ics")


def _sign_in(client, email, password):
    assert client.post("/login", data={"email": email, "password": password}).status_code == 302


def test_the_demo_workshop_invited_reviewed_sent_republished(mail_app, smtp):
    mail_app.config["OUTBOX_SEND_AT_ONCE"] = True
    accounts = {role: (email, password) for role, email, password in create_demo()}
    db.session.commit()
    workshop = db.session.scalar(select(Workshop))
    invitations = list(
        db.session.scalars(select(Invitation).where(Invitation.workshop_id == workshop.id))
    )
    # The demo gives one address; the others are given here. Səbinə's employer does not
    # know she attends: she is not to be e-mailed.
    for n, invitation in enumerate(invitations):
        person = invitation.person
        person.email = person.email or f"demo{n}@example.org"
        person.do_not_email = person.name == "Səbinə Quliyeva"
    # Two have not answered yet: the change notices must leave them out.
    invitations[1].status = InvitationStatus.INVITED
    invitations[2].status = InvitationStatus.INVITED
    db.session.commit()
    facilitator = mail_app.test_client()
    _sign_in(facilitator, *accounts["facilitator"])
    uid = workshop.uid

    # One step: everyone invited.
    facilitator.post(
        f"/workshops/{uid}/outbox/compose", data={"kind": "invitation", "recipients": "all"}
    )
    drafts = list(db.session.scalars(select(OutboxMessage)))
    assert len(drafts) == len(invitations) - 1
    assert smtp.received() == []
    # Review: each copy is readable; then send.
    for message in drafts:
        assert facilitator.get(f"/workshops/{uid}/outbox/{message.uid}").status_code == 200
    facilitator.post(f"/workshops/{uid}/outbox/act", data={"action": "send"})
    received = smtp.received()
    assert len(received) == len(drafts)
    assert "Səbinə" not in " ".join(str(r.message["To"]) for r in received)
    anonymous = mail_app.test_client()
    for r in received:
        assert (
            anonymous.get(f"/a/{LINK.search(r.message.get_content()).group(1)}").status_code == 200
        )

    # The participant's links from their message: the private page's PDF and calendar.
    participant_email = accounts["participant"][0]
    mine = next(r for r in received if r.rcpt_tos == [participant_email])
    token = LINK.search(mine.message.get_content()).group(1)
    facilitator.post(f"/workshops/{uid}/publish")
    assert anonymous.get(f"/a/{token}/agenda.pdf").data.startswith(b"%PDF")
    assert b"BEGIN:VCALENDAR" in anonymous.get(f"/a/{token}/agenda.ics").data
    feed = CALENDAR.search(mine.message.get_content()).group(1)
    assert b"BEGIN:VEVENT" in anonymous.get(f"/c/{feed}.ics").data
    # ... and on the signed-in page.
    participant = mail_app.test_client()
    _sign_in(participant, *accounts["participant"])
    page = participant.get(f"/my/workshops/{uid}").get_data(as_text=True)
    assert f"/workshops/{uid}/brief.pdf?audience=participant" in page.replace("&amp;", "&")
    assert participant.get(f"/workshops/{uid}/brief.pdf?audience=participant").data.startswith(
        b"%PDF"
    )
    assert b"BEGIN:VCALENDAR" in participant.get(f"/workshops/{uid}/agenda.ics").data

    # A republication: change notices, drafted for the confirmed only, sent once approved.
    session = db.session.scalars(select(Session).where(Session.workshop_id == workshop.id)).first()
    session.title = session.title + " (moved to the garden)"
    db.session.commit()
    facilitator.post(f"/workshops/{uid}/publish")
    notices = list(
        db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == MessageKind.CHANGE_NOTICE)
        )
    )
    confirmed = {
        i.person.email
        for i in invitations
        if i.status == InvitationStatus.CONFIRMED and not i.person.do_not_email
    }
    assert {n.invitation.person.email for n in notices} == confirmed
    assert {n.status for n in notices} == {MessageStatus.DRAFT}
    before = len(smtp.received())
    facilitator.post(f"/workshops/{uid}/outbox/act", data={"action": "send"})
    notified = smtp.received()[before:]
    assert {r.rcpt_tos[0] for r in notified} == confirmed
    assert all("(moved to the garden)" in r.message.get_content() for r in notified)
