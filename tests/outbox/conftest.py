"""Fixtures for the outbox: a real SMTP server on loopback, and a workshop of seven people.

``smtp`` is an in-process aiosmtpd server on a free 127.0.0.1 port that keeps every message
it receives (``smtp.messages``, parsed, with the envelope); ``smtp.delay`` makes it answer
each message (from number ``smtp.hold_from`` on) only after that many seconds, to kill a
worker while it waits for the server to accept one.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field
from datetime import date

import pytest

from planner import create_app
from planner.extensions import db
from planner.vocabulary import Community, InvitationStatus, Role

SEVEN = (
    ("Անի Հակոբյան", Community.ARMENIAN, InvitationStatus.CONFIRMED),
    ("Aygün Məmmədova", Community.AZERBAIJANI, InvitationStatus.CONFIRMED),
    ("Գևորգ Սարգսյան", Community.ARMENIAN, InvitationStatus.INVITED),
    ("Rəşad Əliyev", Community.AZERBAIJANI, InvitationStatus.INVITED),
    ("Ольга Смирнова", Community.INTERNATIONAL, InvitationStatus.CONFIRMED),
    ("Nərmin Qasımova", Community.AZERBAIJANI, InvitationStatus.INVITED),
    ("Լիլիթ Պետրոսյան", Community.ARMENIAN, InvitationStatus.INVITED),
)


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: email.message.EmailMessage
    raw: bytes


@dataclass
class SMTPServer:
    host: str
    port: int
    messages: list[Received] = field(default_factory=list)
    delay: float = 0.0
    #: With ``delay``: only from the message of this number on (1 = every message).
    hold_from: int = 1
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        raw = envelope.original_content or envelope.content
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        with self.lock:
            self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed, raw))
            number = len(self.messages)
        if self.delay and number >= self.hold_from:
            await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"

    def received(self) -> list[Received]:
        with self.lock:
            return list(self.messages)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    server = SMTPServer("127.0.0.1", free_port())
    controller = Controller(server, hostname=server.host, port=server.port)
    controller.start()
    yield server
    controller.stop()


def mail_settings(server: SMTPServer) -> dict:
    return {
        "MAIL_SERVER": server.host,
        "MAIL_PORT": server.port,
        "MAIL_USE_TLS": False,
        "MAIL_DEFAULT_SENDER": "Workshop team <team@planner.test>",
        "MAIL_TIMEOUT": 10,
        "PUBLIC_URL": "http://planner.test",
    }


@pytest.fixture
def mail_app(backend, request, smtp, tmp_path):
    """The app with the loopback mail server, on a database another process can open too
    (a SQLite file, or the session's PostgreSQL)."""
    from tests.conftest import _truncate_all

    if backend == "postgres":
        url = request.getfixturevalue("_postgres_schema")
    else:
        url = f"sqlite:///{tmp_path / 'outbox.db'}"
    application = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, **mail_settings(smtp)}
    )
    with application.app_context():
        if backend == "postgres":
            _truncate_all()
        else:
            db.create_all()
        yield application
        db.session.remove()
        db.engine.dispose()


@dataclass
class Seven:
    workshop: object
    owner: object
    invitations: list
    people: list


def build_seven(make, **workshop_values) -> Seven:
    owner = make.user(Role.FACILITATOR, name="Toğrul Bağırov")
    venue = make.venue(name="Neutral Hall", city="Tbilisi")
    workshop = make.workshop(
        owner=owner,
        venue=venue,
        title="Հանդիպում / Görüş: confidence-building",
        objectives="Listen to each other's experience of the past two years.",
        start_date=date(2027, 5, 10),
        end_date=date(2027, 5, 11),
        **workshop_values,
    )
    invitations, people = [], []
    for n, (name, community, status) in enumerate(SEVEN, 1):
        person = make.person(name=name, community=community, email=f"p{n}@example.org")
        people.append(person)
        invitations.append(make.invite(workshop, person, status=status))
    return Seven(workshop, owner, invitations, people)


@pytest.fixture
def seven(make):
    return build_seven(make)


@pytest.fixture
def mail_make(mail_app):
    from tests.factories import Factories

    return Factories()
