"""The outbox pages: invite everyone in one step, review, send; republish → change notices."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from planner import create_app
from planner.extensions import db
from planner.models import OutboxMessage
from planner.outbox.composing import AGENDA_LINK
from planner.outbox.kinds import MessageKind, MessageStatus
from planner.vocabulary import InvitationStatus, Role
from tests.factories import PASSWORD, Factories
from tests.outbox.conftest import SEVEN, build_seven

LINK = re.compile(r"http://planner\.test/a/([A-Za-z0-9_-]+)")


@pytest.fixture
def at_once(mail_app):
    mail_app.config["OUTBOX_SEND_AT_ONCE"] = True
    return mail_app


@pytest.fixture
def world(mail_make):
    return build_seven(mail_make)


def _sign_in(client, user):
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def _count(status=None) -> int:
    query = select(func.count()).select_from(OutboxMessage)
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    return db.session.scalar(query)


def test_invite_all_seven_review_and_send_each_arrives_with_a_working_link(at_once, smtp, world):
    client = at_once.test_client()
    _sign_in(client, world.owner)
    uid = world.workshop.uid
    composed = client.post(
        f"/workshops/{uid}/outbox/compose", data={"kind": "invitation", "recipients": "all"}
    )
    assert composed.status_code == 302
    assert _count(MessageStatus.DRAFT) == 7
    assert smtp.received() == []  # nothing leaves before send

    page = client.get(f"/workshops/{uid}/outbox/").get_data(as_text=True)
    for name, _community, _status in SEVEN:
        assert name in page
    # Each recipient's copy can be read before sending; no link token is on the page.
    message = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).first()
    preview = client.get(f"/workshops/{uid}/outbox/{message.uid}").get_data(as_text=True)
    assert SEVEN[0][0] in preview
    assert "created when the message is sent" in preview
    assert "/a/" not in preview

    sent = client.post(f"/workshops/{uid}/outbox/act", data={"action": "send"})
    assert sent.status_code == 302
    received = smtp.received()
    assert len(received) == 7
    assert _count(MessageStatus.SENT) == 7
    anonymous = at_once.test_client()
    for r in received:
        token = LINK.search(r.message.get_content()).group(1)
        assert anonymous.get(f"/a/{token}").status_code == 200
    # Sent: no page shows the link.
    page = client.get(f"/workshops/{uid}/outbox/{message.uid}").get_data(as_text=True)
    for r in received:
        assert LINK.search(r.message.get_content()).group(1) not in page


def test_edit_and_remove_recipients_before_sending(at_once, smtp, world):
    client = at_once.test_client()
    _sign_in(client, world.owner)
    uid = world.workshop.uid
    client.post(
        f"/workshops/{uid}/outbox/compose", data={"kind": "reminder", "recipients": "unanswered"}
    )
    messages = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    assert len(messages) == 4  # the four who have not answered
    first, second = messages[0], messages[1]
    first_email, second_email = first.invitation.person.email, second.invitation.person.email
    edited = client.post(
        f"/workshops/{uid}/outbox/{first.uid}",
        data={"subject": "Please answer by Friday", "body": f"Dear friend,\n{AGENDA_LINK}"},
    )
    assert edited.status_code == 302
    removed = client.post(
        f"/workshops/{uid}/outbox/act", data={"action": "remove", "messages": [second.uid]}
    )
    assert removed.status_code == 302
    assert _count() == 3
    client.post(f"/workshops/{uid}/outbox/act", data={"action": "send"})
    received = smtp.received()
    assert len(received) == 3
    assert second_email not in {r.rcpt_tos[0] for r in received}
    edited_copy = next(r for r in received if r.rcpt_tos[0] == first_email)
    assert str(edited_copy.message["Subject"]).strip() == "Please answer by Friday"


def test_an_edit_naming_another_participant_is_refused(mail_app, world):
    client = mail_app.test_client()
    _sign_in(client, world.owner)
    uid = world.workshop.uid
    client.post(
        f"/workshops/{uid}/outbox/compose", data={"kind": "invitation", "recipients": "all"}
    )
    message = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).first()
    other = SEVEN[1][0]
    answer = client.post(
        f"/workshops/{uid}/outbox/{message.uid}",
        data={"subject": "Hello", "body": f"You will meet {other} there."},
    )
    assert answer.status_code == 400
    assert "names someone else" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert other not in db.session.get(OutboxMessage, message.id).body


def test_a_custom_message_naming_another_participant_queues_nothing(mail_app, world):
    client = mail_app.test_client()
    _sign_in(client, world.owner)
    answer = client.post(
        f"/workshops/{world.workshop.uid}/outbox/compose",
        data={
            "kind": "custom",
            "recipients": "all",
            "subject": "Travel",
            "body": "Write to p3@example.org about the bus.",
        },
    )
    assert answer.status_code == 400
    assert _count() == 0


def test_facilitator_notes_never_reach_a_message(mail_app, world):
    client = mail_app.test_client()
    _sign_in(client, world.owner)
    answer = client.post(
        f"/workshops/{world.workshop.uid}/outbox/compose",
        data={
            "kind": "custom",
            "recipients": "all",
            "subject": "Context",
            "body": f"Background: {world.workshop.context_notes}",
        },
    )
    assert answer.status_code == 400
    assert _count() == 0


def test_without_a_mail_server_the_page_says_so_and_messages_stay_readable(app, make):
    world = build_seven(make)
    client = app.test_client()
    _sign_in(client, world.owner)
    uid = world.workshop.uid
    client.post(
        f"/workshops/{uid}/outbox/compose", data={"kind": "invitation", "recipients": "all"}
    )
    page = client.get(f"/workshops/{uid}/outbox/").get_data(as_text=True)
    assert "No mail server is configured" in page
    assert "Approve the selected" in page
    client.post(f"/workshops/{uid}/outbox/act", data={"action": "send"})
    assert _count(MessageStatus.APPROVED) == 7
    message = db.session.scalars(select(OutboxMessage)).first()
    preview = client.get(f"/workshops/{uid}/outbox/{message.uid}").get_data(as_text=True)
    assert "You are invited to take part" in preview


def test_a_republication_queues_change_notices_for_the_confirmed_only(mail_app, smtp, world):
    make = Factories()
    client = mail_app.test_client()
    _sign_in(client, world.owner)
    uid = world.workshop.uid
    session = make.session(world.workshop, title="Opening circle")
    assert client.post(f"/workshops/{uid}/publish").status_code == 302
    assert _count() == 0  # the first publication: the invitations tell people
    session.title = "Opening circle and ground rules"
    db.session.commit()
    answer = client.post(f"/workshops/{uid}/publish", follow_redirects=True)
    assert "wait for your review in the outbox" in answer.get_data(as_text=True)
    notices = list(db.session.scalars(select(OutboxMessage)))
    assert {m.kind for m in notices} == {MessageKind.CHANGE_NOTICE}
    assert {m.status for m in notices} == {MessageStatus.DRAFT}
    confirmed = {
        i.person.email for i in world.invitations if i.status == InvitationStatus.CONFIRMED
    }
    assert {m.invitation.person.email for m in notices} == confirmed
    assert all("Opening circle and ground rules" in m.body for m in notices)
    assert all(m.publication_number == 2 for m in notices)
    mail_app.config["OUTBOX_SEND_AT_ONCE"] = True
    client.post(f"/workshops/{uid}/outbox/act", data={"action": "send"})
    assert {r.rcpt_tos[0] for r in smtp.received()} == confirmed


def test_cards_pdf_gives_each_selected_person_a_new_link(mail_app, world):
    client = mail_app.test_client()
    _sign_in(client, world.owner)
    uid = world.workshop.uid
    chosen = [world.invitations[0].uid, world.invitations[3].uid]
    answer = client.post(f"/workshops/{uid}/outbox/cards", data={"selected": chosen})
    assert answer.status_code == 200
    assert answer.content_type == "application/pdf"
    assert answer.headers["Cache-Control"] == "no-store"
    db.session.expire_all()
    for invitation in world.invitations:
        issued = invitation.agenda_token_hash is not None
        assert issued == (invitation.uid in chosen)


def test_the_outbox_is_for_the_workshop_team_only(app, make):
    world = build_seven(make)
    other = make.user(Role.FACILITATOR)
    participant = make.participant_user(world.workshop)
    uid = world.workshop.uid
    for user, expected in ((other, 404), (participant, 403)):
        client = app.test_client()
        _sign_in(client, user)
        assert client.get(f"/workshops/{uid}/outbox/").status_code == expected
        assert (
            client.post(f"/workshops/{uid}/outbox/act", data={"action": "send"}).status_code
            == expected
        )
    assert app.test_client().get(f"/workshops/{uid}/outbox/").status_code == 302


def test_outbox_forms_need_the_csrf_token(mail_app, world):
    guarded = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": mail_app.config["SQLALCHEMY_DATABASE_URI"],
            "WTF_CSRF_ENABLED": True,
        }
    )
    client = guarded.test_client()
    with guarded.app_context():
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        csrf = token.group(1) if token else re.search(r'value="([^"]+)"', page).group(1)
        client.post(
            "/login",
            data={"email": world.owner.email, "password": PASSWORD, "csrf_token": csrf},
        )
        answer = client.post(
            f"/workshops/{world.workshop.uid}/outbox/compose",
            data={"kind": "invitation", "recipients": "all"},
        )
        assert answer.status_code == 400
        assert _count() == 0
        db.session.remove()


def test_do_not_email_is_set_on_the_person_form_and_the_outbox_skips_them(mail_app, world):
    client = mail_app.test_client()
    _sign_in(client, world.owner)
    uid = world.workshop.uid
    person = world.people[3]
    form = client.get(f"/workshops/{uid}/people/person/{person.uid}/edit").get_data(as_text=True)
    assert "Do not e-mail this person" in form
    saved = client.post(
        f"/workshops/{uid}/people/person/{person.uid}/edit",
        data={
            "name": person.name,
            "community": person.community.value,
            "segment": "",
            "age_band": "",
            "languages": "az",
            "email": person.email,
            "do_not_email": "y",
            "version": str(person.version),
        },
    )
    assert saved.status_code == 302, re.findall(r'class="error"[^>]*>([^<]+)', saved.text)
    db.session.refresh(person)
    assert person.do_not_email is True
    answer = client.post(
        f"/workshops/{uid}/outbox/compose",
        data={"kind": "invitation", "recipients": "all"},
        follow_redirects=True,
    )
    page = answer.get_data(as_text=True)
    assert f"Not queued for {person.name}: marked not to be e-mailed" in page
    assert _count() == 6
    outbox = client.get(f"/workshops/{uid}/outbox/").get_data(as_text=True)
    assert "Not reached by e-mail" in outbox and person.name in outbox


def test_an_unsent_change_notice_is_replaced_by_one_telling_everything_since(mail_app, world):
    make = Factories()
    client = mail_app.test_client()
    _sign_in(client, world.owner)
    uid = world.workshop.uid
    first = make.session(world.workshop, title="Opening circle")
    second = make.session(world.workshop, title="Walk")
    client.post(f"/workshops/{uid}/publish")
    first.title = "Opening circle and ground rules"
    db.session.commit()
    client.post(f"/workshops/{uid}/publish")
    second.title = "Walk in the old town"
    db.session.commit()
    client.post(f"/workshops/{uid}/publish")
    notices = list(db.session.scalars(select(OutboxMessage)))
    assert len(notices) == 3  # one per confirmed person, not two
    for notice in notices:
        assert "Opening circle and ground rules" in notice.body
        assert "Walk in the old town" in notice.body
        assert notice.publication_number == 3
    # Publishing again with nothing participants see changed drafts nothing more.
    client.post(f"/workshops/{uid}/publish")
    assert _count() == 3


def test_the_outbox_page_issues_as_many_statements_for_seven_messages_as_for_forty(mail_app, world):
    from tests.sql_statements import statements_for

    make = Factories()
    client = mail_app.test_client()
    _sign_in(client, world.owner)
    uid = world.workshop.uid
    client.post(
        f"/workshops/{uid}/outbox/compose", data={"kind": "invitation", "recipients": "all"}
    )
    small = statements_for(client, f"/workshops/{uid}/outbox/")
    for n in range(33):
        make.invite(world.workshop, make.person(name=f"Person {n}", email=f"more{n}@example.org"))
    client.post(
        f"/workshops/{uid}/outbox/compose", data={"kind": "invitation", "recipients": "all"}
    )
    assert _count() == 40
    assert statements_for(client, f"/workshops/{uid}/outbox/") == small


def test_the_cards_pdf_holds_the_names_and_links_and_says_confidential(mail_app, world):
    from pdfminer.high_level import extract_text

    client = mail_app.test_client()
    _sign_in(client, world.owner)
    uid = world.workshop.uid
    chosen = world.invitations[:2]
    pdf = client.post(f"/workshops/{uid}/outbox/cards", data={"selected": [i.uid for i in chosen]})
    text = extract_text(io.BytesIO(pdf.data))
    assert "CONFIDENTIAL" in text
    for invitation in chosen:
        assert invitation.person.name in text
    assert world.invitations[2].person.name not in text
    tokens = re.findall(r"http://planner\.test/a/([A-Za-z0-9_-]{43})", text.replace("\n", ""))
    assert len(tokens) == 2
    anonymous = mail_app.test_client()
    assert all(anonymous.get(f"/a/{t}").status_code == 200 for t in tokens)


def test_the_workshop_page_links_the_outbox_for_the_team(mail_app, world):
    client = mail_app.test_client()
    _sign_in(client, world.owner)
    page = client.get(f"/workshops/{world.workshop.uid}").get_data(as_text=True)
    assert f'href="/workshops/{world.workshop.uid}/outbox/"' in page


def test_an_smtp_error_is_shown_on_the_outbox_page(mail_app, smtp, world):
    from tests.outbox.conftest import free_port

    mail_app.config["OUTBOX_SEND_AT_ONCE"] = True
    mail_app.extensions["mailman"].port = free_port()  # nobody listens there
    client = mail_app.test_client()
    _sign_in(client, world.owner)
    uid = world.workshop.uid
    client.post(f"/workshops/{uid}/outbox/compose", data={"kind": "reminder", "recipients": "all"})
    client.post(f"/workshops/{uid}/outbox/act", data={"action": "send"})
    page = client.get(f"/workshops/{uid}/outbox/").get_data(as_text=True)
    assert "ConnectionRefusedError" in page and "next try" in page
    assert _count(MessageStatus.APPROVED) == 4


def test_a_message_the_worker_took_meanwhile_is_neither_edited_nor_removed(mail_app, world):
    from sqlalchemy import update

    client = mail_app.test_client()
    _sign_in(client, world.owner)
    uid = world.workshop.uid
    client.post(
        f"/workshops/{uid}/outbox/compose", data={"kind": "invitation", "recipients": "all"}
    )
    message = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).first()
    # The page was opened while it was a draft; a worker has claimed it since.
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id)
        .values(status=MessageStatus.SENDING)
    )
    db.session.commit()
    edited = client.post(
        f"/workshops/{uid}/outbox/{message.uid}", data={"subject": "New", "body": "New text"}
    )
    assert edited.status_code == 400
    client.post(
        f"/workshops/{uid}/outbox/act", data={"action": "remove", "messages": [message.uid]}
    )
    db.session.expire_all()
    kept = db.session.get(OutboxMessage, message.id)
    assert kept.status == MessageStatus.SENDING and kept.subject != "New"
