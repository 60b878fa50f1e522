"""E-mails in the recipient's language (issue 19, item 3), through a real SMTP server.

Each message is composed, when it is queued, in its recipient's language: the person's own
choice, else their account's, else the workshop's first working language that the interface
has, else English. What the loopback server (aiosmtpd) received is decoded here: the subject
(an RFC 2047 encoded word) and the body (its declared charset) are in that language, with
CLDR dates, and Armenian, Azerbaijani and Cyrillic letters survive the round trip.
"""

from __future__ import annotations

import re
from datetime import date
from email.header import decode_header, make_header

import pytest

from planner.extensions import db
from planner.models import OutboxMessage
from planner.outbox import delivery, operations
from planner.outbox.kinds import MessageKind
from planner.vocabulary import Community, InvitationStatus, Role
from planner.workshop_loading import load_workshop_head
from tests.factories import PASSWORD
from tests.outbox.conftest import mail_app, smtp  # noqa: F401 - the fixtures of this module

#: What each language's invitation says, and its dates (10–11 May 2027).
EXPECTED = {
    "en": (
        "Invitation: Görüş / Հանդիպում, 10–11 May 2027",
        "You are invited to take part in “Görüş / Հանդիպում”, 10–11 May 2027, in Tbilisi.",
        "Dear ",
    ),
    "ru": (
        "Приглашение: Görüş / Հանդիպում, 10–11 мая 2027",
        "Приглашаем вас принять участие в семинаре «Görüş / Հանդիպում»: 10–11 мая 2027, Tbilisi.",
        "Здравствуйте, ",
    ),
    "hy": (
        "Հրավեր՝ Görüş / Հանդիպում, 10–11 մայիսի 2027",
        "Հրավիրում ենք ձեզ մասնակցելու «Görüş / Հանդիպում» աշխատաժողովին՝ 10–11 մայիսի 2027, "
        "Tbilisi։",
        "Հարգելի ",
    ),
    "az": (
        "Dəvət: Görüş / Հանդիպում, 10–11 may 2027",
        "Sizi «Görüş / Հանդիպում» seminarında iştirak etməyə dəvət edirik: 10–11 may 2027, "
        "Tbilisi.",
        "Hörmətli ",
    ),
}
NAMES = {"en": "Olga Smith", "ru": "Ольга Смирнова", "hy": "Անի Հակոբյան", "az": "Aygün Məmmədova"}


@pytest.fixture
def mail_make(mail_app):  # noqa: F811 - the outbox's fixture, by name
    from tests.factories import Factories

    return Factories()


def _workshop(make, **values):
    owner = make.user(Role.FACILITATOR, name="Toğrul Bağırov")
    return owner, make.workshop(
        owner=owner,
        venue=make.venue(name="Neutral Hall", city="Tbilisi"),
        title="Görüş / Հանդիպում",
        start_date=date(2027, 5, 10),
        end_date=date(2027, 5, 11),
        **values,
    )


def _person(make, workshop, n: int, name: str, **values):
    person = make.person(
        name=name, community=Community.INTERNATIONAL, email=f"p{n}@example.org", **values
    )
    make.invite(workshop, person, status=InvitationStatus.INVITED)
    return person


def _send(owner, workshop, kind=MessageKind.INVITATION) -> operations.Queued:
    head = load_workshop_head(workshop.uid)
    invitations = operations.invitations_for(head.id, operations.Recipients.ALL_INVITED)
    queued = operations.queue(head, kind, invitations, actor=owner)
    operations.approve(head.uid, queued.messages, actor=owner)
    db.session.commit()
    return queued


def _received(smtp) -> dict[str, tuple[str, str, object]]:  # noqa: F811
    """Each recipient's (subject, body, message), decoded as a mail program would."""
    found = {}
    for received in smtp.received():
        message = received.message
        # Unfolded and decoded as a mail program shows it (the folding space dropped).
        subject = str(make_header(decode_header(message["Subject"]))).strip()
        found[received.rcpt_tos[0]] = (subject, message.get_content(), received)
    return found


def test_each_person_reads_their_invitation_in_their_own_language(mail_make, smtp):  # noqa: F811
    owner, workshop = _workshop(mail_make, working_languages=["en"])
    people = {
        code: _person(mail_make, workshop, n, NAMES[code], preferred_language=code)
        for n, code in enumerate(EXPECTED, 1)
    }
    db.session.commit()
    _send(owner, workshop)
    assert delivery.deliver().sent == 4
    received = _received(smtp)
    for code, (subject, sentence, greeting) in EXPECTED.items():
        got_subject, body, raw = received[people[code].email]
        assert got_subject == subject
        assert sentence in body
        assert f"{greeting}{NAMES[code]}" in body
        # The name, the title and the words came through the server unmangled, as UTF-8.
        assert raw.message.get_content_charset() == "utf-8"
        if code != "en":
            # A non-ASCII subject travels as an RFC 2047 encoded word, never raw bytes.
            # The head of the message is plain ASCII (decode would fail otherwise); the
            # subject's field, with its folded lines, holds encoded words.
            head = raw.raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
            subject_field = re.search(r"^Subject:.*(?:\r?\n[ \t].*)*", head, re.M | re.I)
            assert "=?utf-8?" in subject_field.group(0).lower()


def test_the_other_languages_words_are_absent_from_each_message(mail_make, smtp):  # noqa: F811
    owner, workshop = _workshop(mail_make, working_languages=["en"])
    people = {
        code: _person(mail_make, workshop, n, NAMES[code], preferred_language=code)
        for n, code in enumerate(("ru", "hy", "az"), 1)
    }
    db.session.commit()
    _send(owner, workshop)
    delivery.deliver()
    received = _received(smtp)
    for code, person in people.items():
        _subject, body, _raw = received[person.email]
        for other in {"en", "ru", "hy", "az"} - {code}:
            assert EXPECTED[other][1] not in body
        assert "This message was written for you alone" not in body


def test_without_a_choice_the_workshops_first_working_language_decides(mail_make, smtp):  # noqa: F811
    owner, workshop = _workshop(mail_make, working_languages=["de", "hy", "ru"])
    chosen = _person(mail_make, workshop, 1, "Ольга Смирнова", preferred_language="ru")
    unchosen = _person(mail_make, workshop, 2, "Gevorg Sargsyan")
    db.session.commit()
    _send(owner, workshop)
    delivery.deliver()
    received = _received(smtp)
    assert received[unchosen.email][0] == EXPECTED["hy"][0]  # German has no interface
    assert received[chosen.email][0] == EXPECTED["ru"][0]


def test_a_workshop_in_no_interface_language_writes_in_english(mail_make, smtp):  # noqa: F811
    owner, workshop = _workshop(mail_make, working_languages=["de", "ka"])
    person = _person(mail_make, workshop, 1, "Nino Beridze")
    db.session.commit()
    _send(owner, workshop)
    delivery.deliver()
    assert _received(smtp)[person.email][0] == EXPECTED["en"][0]


def test_a_participants_account_language_counts_when_the_profile_has_none(mail_make, smtp):  # noqa: F811
    owner, workshop = _workshop(mail_make, working_languages=["en"])
    account = mail_make.user(Role.PARTICIPANT, name="Aygün Məmmədova", email="p1@example.org")
    account.preferred_language = "az"
    person = _person(mail_make, workshop, 1, "Aygün Məmmədova", user=account)
    db.session.commit()
    _send(owner, workshop)
    delivery.deliver()
    assert _received(smtp)[person.email][0] == EXPECTED["az"][0]


def test_a_queued_message_keeps_the_language_it_was_written_in(mail_make, smtp):  # noqa: F811
    owner, workshop = _workshop(mail_make, working_languages=["en"])
    person = _person(mail_make, workshop, 1, "Անի Հակոբյան", preferred_language="hy")
    db.session.commit()
    _send(owner, workshop)
    # The profile changes after queueing: the stored text (encrypted at rest) is what goes.
    person.preferred_language = "ru"
    db.session.commit()
    delivery.deliver()
    subject, body, _raw = _received(smtp)[person.email]
    assert subject == EXPECTED["hy"][0]
    assert EXPECTED["hy"][1] in body
    assert db.session.query(OutboxMessage).one().subject == EXPECTED["hy"][0]


def test_a_reminder_is_in_the_recipients_language_too(mail_make, smtp):  # noqa: F811
    owner, workshop = _workshop(mail_make, working_languages=["en"])
    person = _person(mail_make, workshop, 1, "Ольга Смирнова", preferred_language="ru")
    db.session.commit()
    _send(owner, workshop, MessageKind.REMINDER)
    delivery.deliver()
    subject, body, _raw = _received(smtp)[person.email]
    assert subject == "Напоминание: примете ли вы участие в семинаре «Görüş / Հանդիպում»?"
    assert "Мы ещё не знаем, сможете ли вы принять участие" in body
    assert "10–11 мая 2027" in body


def test_queueing_from_a_page_in_another_language_writes_in_the_recipients(
    mail_app,  # noqa: F811
    mail_make,
    smtp,  # noqa: F811
):
    owner, workshop = _workshop(mail_make, working_languages=["en"])
    owner.preferred_language = "ru"
    person = _person(mail_make, workshop, 1, "Aygün Məmmədova", preferred_language="az")
    db.session.commit()
    client = mail_app.test_client()
    client.post("/login", data={"email": owner.email, "password": PASSWORD})
    page = client.post(
        f"/workshops/{workshop.uid}/outbox/compose",
        data={"kind": "invitation", "recipients": "all"},
    )
    assert page.status_code == 302
    message = db.session.query(OutboxMessage).one()
    assert message.subject == EXPECTED["az"][0]
    # The facilitator is told in their own language.
    outbox_page = client.get(page.location).get_data(as_text=True)
    assert "Исходящие" in outbox_page
    assert "Приглашение" in outbox_page  # the kind of message, in the reader's words
    assert person.email and message.invitation.person == person
