"""Serving figures for ``make bench`` (issue 23): conditional polls and remembered briefs.

``measure`` times, in-process with the test client, on the generated large workshop:

- the participant's calendar feed in full, and a poll answered 304 (``If-None-Match``);
- the signed-in participant agenda answered 304 once seen;
- the facilitator PDF brief: the first download (rendered) and a repeated one (remembered
  in the shared cache; each is still audited).

Each is returned with the statements it sent, beside the bare route of the same run.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

#: A 304 feed poll within this many bare routes (issue 23; `make load` measures it served).
POLL_TARGET = 2
#: A repeated facilitator PDF download within this server time (issues 17 and 23).
PDF_TARGET_MS = 50


def _calendar_path(app, generated) -> str:
    from sqlalchemy import select

    from planner.extensions import db
    from planner.models import Invitation, Person, User, Workshop
    from planner.participant.operations import issue_link
    from planner.participant.tokens import LinkKind

    with app.app_context():
        invitation = db.session.scalar(
            select(Invitation)
            .join(Workshop)
            .join(Person)
            .join(User, User.id == Person.user_id)
            .where(
                Workshop.uid == generated.large_workshop_uid,
                User.email == generated.participant_email,
            )
        )
        owner = db.session.get(User, invitation.workshop.owner_id)
        token = issue_link(invitation, LinkKind.CALENDAR, owner)
        db.session.commit()
    return f"/c/{token}.ics"


def _timed(
    get: Callable[[], object], counter: list[int], repeat: int, before=None
) -> tuple[float, float, int]:
    samples = []
    for _ in range(repeat):
        if before is not None:
            before()
        counter[0] = 0
        started = time.perf_counter()
        response = get()
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code not in (200, 304):
            raise RuntimeError(f"answered {response.status_code}")
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(samples), p95, counter[0]


def measure(app, generated, clients, accounts, counter, timing, repeat: int) -> list:
    """(label, ``timing(median, p95, statements)``) for each serving figure."""
    from planner import remembered

    results = []
    uid = generated.large_workshop_uid
    feed = _calendar_path(app, generated)
    anonymous = app.test_client()
    first = anonymous.get(feed)
    etag = first.headers["ETag"]
    results.append(
        ("calendar feed, full", timing(*_timed(lambda: anonymous.get(feed), counter, 10)))
    )
    results.append(
        (
            "calendar feed poll, 304",
            timing(
                *_timed(
                    lambda: anonymous.get(feed, headers={"If-None-Match": etag}), counter, repeat
                )
            ),
        )
    )

    participant = clients.get(generated.participant_email)
    if participant is not None:
        url = f"/my/workshops/{uid}"
        participant.get(url)
        seen = participant.get(url)
        tag = seen.headers.get("ETag")
        if tag:
            results.append(
                (
                    "participant agenda, 304 once seen",
                    timing(
                        *_timed(
                            lambda: participant.get(url, headers={"If-None-Match": tag}),
                            counter,
                            repeat,
                        )
                    ),
                )
            )

    organiser = clients.get(accounts["organiser"])
    if organiser is not None:
        pdf = f"/workshops/{uid}/brief.pdf?audience=facilitator"

        def forget() -> None:
            with app.app_context():
                remembered.forget_all()

        results.append(
            (
                "facilitator PDF, first download",
                timing(*_timed(lambda: organiser.get(pdf), counter, 3, before=forget)),
            )
        )
        organiser.get(pdf)
        results.append(
            (
                "facilitator PDF, repeated download",
                timing(*_timed(lambda: organiser.get(pdf), counter, 10)),
            )
        )
    return results
