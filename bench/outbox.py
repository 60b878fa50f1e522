"""Timing the outbox, for the benchmark harness (not a test).

``run()`` invites 80 people to one workshop (a SQLite file database), queues an invitation
for each, approves them and sends them through the worker's own code
(``planner.outbox.delivery.deliver``: one claim, link creation and commit per message) to an
aiosmtpd server on 127.0.0.1. It returns ``(label, milliseconds)`` rows — queueing the 80,
sending the 80, one message — and prints the messages per second.
Run it directly with ``python -m bench.outbox``.
"""

from __future__ import annotations

import socket
import tempfile
import time
from datetime import date

PEOPLE = 80


class _Counting:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.count += 1
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _world(people: int):
    from planner.extensions import db
    from planner.models import Invitation, Person, User, Workshop
    from planner.vocabulary import Community, InvitationStatus, Role

    owner = User(email="bench-owner@example.org", name="Bench Owner", role=Role.FACILITATOR)
    owner.set_password("bench password 123")
    workshop = Workshop(
        title="Outbox bench",
        start_date=date(2027, 5, 10),
        end_date=date(2027, 5, 12),
        timezone="Asia/Tbilisi",
        owner=owner,
    )
    db.session.add_all([owner, workshop])
    sides = (Community.ARMENIAN, Community.AZERBAIJANI)
    for n in range(people):
        person = Person(
            name=f"Անի Մասնակից {n}" if n % 2 == 0 else f"Aygün İştirakçı {n}",
            community=sides[n % 2],
            email=f"bench{n}@example.org",
            languages=["en"],
        )
        db.session.add(
            Invitation(workshop=workshop, person=person, status=InvitationStatus.INVITED)
        )
    db.session.commit()
    return workshop.uid, owner.id


def run() -> list[tuple[str, float]]:
    from aiosmtpd.controller import Controller

    from planner import create_app
    from planner.extensions import db
    from planner.models import User
    from planner.outbox import delivery, operations
    from planner.outbox.kinds import MessageKind
    from planner.workshop_loading import load_workshop_head

    handler = _Counting()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with tempfile.TemporaryDirectory(prefix="planner-bench-outbox-") as folder:
            app = create_app(
                {
                    "TESTING": True,
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/outbox.db",
                    "MAIL_SERVER": "127.0.0.1",
                    "MAIL_PORT": port,
                    "MAIL_DEFAULT_SENDER": "Bench <bench@planner.test>",
                    "PUBLIC_URL": "http://planner.test",
                }
            )
            with app.app_context():
                db.create_all()
                uid, owner_id = _world(PEOPLE)
                owner = db.session.get(User, owner_id)
                head = load_workshop_head(uid)
                started = time.perf_counter()
                invitations = operations.invitations_for(head.id, operations.Recipients.ALL_INVITED)
                queued = operations.queue(head, MessageKind.INVITATION, invitations, actor=owner)
                operations.approve(uid, queued.messages, actor=owner)
                db.session.commit()
                queue_ms = (time.perf_counter() - started) * 1000
                started = time.perf_counter()
                result = delivery.deliver()
                send_s = time.perf_counter() - started
                db.session.remove()
                db.engine.dispose()
    finally:
        controller.stop()
    if result.sent != PEOPLE or handler.count != PEOPLE:
        raise RuntimeError(f"sent {result.sent}, received {handler.count} of {PEOPLE}")
    print(
        f"outbox worker: {PEOPLE / send_s:.1f} messages/second to loopback SMTP "
        f"({PEOPLE} invitations sent in {send_s:.2f} s)"
    )
    return [
        (f"outbox: queue {PEOPLE} invitations (compose, check)", queue_ms),
        (f"outbox: send {PEOPLE} invitations (worker → SMTP)", send_s * 1000),
        ("outbox: one message through the worker", send_s * 1000 / PEOPLE),
    ]


if __name__ == "__main__":
    for label, ms in run():
        print(f"{label:<48} {ms:>10.2f} ms")
