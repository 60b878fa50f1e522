"""Timing the brief exports, for the benchmark harness (not a test).

``run()`` returns ``(label, median milliseconds)`` for a five-day workshop with 60
sessions and 80 participants, built in memory: the facilitator PDF (the issue's target
is under 2 s), the participant PDF, and the DOCX, Markdown, JSON and ICS renderings.
The readiness review is included in the facilitator timings, as the pages run it.
Run it directly with ``python -m bench.briefs``.

Pure: no Flask, no database.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

from planner.briefs.assemble import BriefAudience, ContextEventData, assemble_workshop_brief
from planner.briefs.ics import render_ics
from planner.briefs.render_docx import render_docx
from planner.briefs.render_json import render_json
from planner.briefs.render_md import render_md
from planner.briefs.render_pdf import render_pdf
from planner.readiness import review
from planner.redaction import GENERIC_PARTICIPANT, participant_view
from planner.vocabulary import (
    Audience,
    Community,
    InvitationStatus,
    PassageKind,
    Phase,
    PromptOrigin,
    SessionFormat,
    Severity,
)
from planner.workshop_data import (
    CitationData,
    FacilitatorData,
    GroupData,
    InvitationData,
    PersonData,
    PromptData,
    SessionData,
    TopicData,
    VenueData,
    WorkshopData,
)

DAYS = 5
SESSIONS_PER_DAY = 12
PARTICIPANTS = 80
SEGMENTS = (
    ("experts", "Experts"),
    ("journalists", "Journalists"),
    ("business", "Business people"),
    ("youth", "Youth"),
    ("civil-society", "Civil society"),
)
NAMES = {
    Community.ARMENIAN: ("Անի Հակոբյան", "Արմեն Սարգսյան", "Լիլիթ Պետրոսյան", "Gor Avetisyan"),
    Community.AZERBAIJANI: (
        "Aygün Məmmədova",
        "Toğrul Bağırov",
        "Rəşad Əliyev",
        "Günel İsmayılova",
    ),
    Community.INTERNATIONAL: ("Ольга Смирнова", "Thomas Berger"),
}
TOPICS = (
    TopicData(
        "humanitarian-access",
        "Humanitarian crisis and access to supplies",
        Severity.CRITICAL,
        "Supply routes and starvation risk.",
        "Brief both caucuses first; keep routes and status apart.",
        "We will discuss humanitarian needs.",
        ("humanitarian",),
    ),
    TopicData(
        "war-2020",
        "The 2020 war and its losses",
        Severity.HIGH,
        "Losses on both sides.",
        "Allow silence; no comparisons of suffering.",
        "Some sessions touch on losses.",
        ("war",),
    ),
)


#: One day of twelve sessions: (start, minutes, format, community of a caucus).
_DAY_PLAN = (
    (clock(9, 0), 60, SessionFormat.PLENARY, None),
    (clock(10, 0), 20, SessionFormat.BREAK, None),
    (clock(10, 20), 70, SessionFormat.SMALL_GROUPS, None),
    (clock(11, 30), 45, SessionFormat.CAUCUS, Community.ARMENIAN),
    (clock(11, 30), 45, SessionFormat.CAUCUS, Community.AZERBAIJANI),
    (clock(12, 15), 60, SessionFormat.BREAK, None),
    (clock(13, 15), 75, SessionFormat.PLENARY, None),
    (clock(14, 30), 15, SessionFormat.BREAK, None),
    (clock(14, 45), 60, SessionFormat.SMALL_GROUPS, None),
    (clock(15, 45), 60, SessionFormat.PLENARY, None),
    (clock(16, 45), 15, SessionFormat.BREAK, None),
    (clock(19, 0), 120, SessionFormat.INFORMAL, None),
)


def _citation(n: int) -> CitationData:
    return CitationData(
        source_title="The difficult world of building confidence",
        author="Benyamin Poghosyan",
        outlet="commonspace.eu",
        passage_index=n,
        passage_kind=PassageKind.BODY,
        passage_text=f"Passage {n} of the op-ed, with the quoted span in it.",
        quote="the quoted span",
    )


def workshop(days: int = DAYS, per_day: int = SESSIONS_PER_DAY, people: int = PARTICIPANTS):
    """A large, realistic workshop as plain data (names in Armenian, Azerbaijani, Cyrillic)."""
    start = date(2027, 5, 10)
    communities = (Community.ARMENIAN, Community.AZERBAIJANI)
    invitations = []
    for i in range(people):
        community = communities[i % 2] if i < people - 4 else Community.INTERNATIONAL
        names = NAMES[community]
        key, segment = SEGMENTS[i % len(SEGMENTS)]
        person = PersonData(
            uid=f"p{i}",
            name=f"{names[i % len(names)]} {i}",
            community=community,
            segment_key=key,
            segment_name=segment,
            affiliation=f"Organisation {i}",
            languages=("en", "ru"),
            consent_to_list=i % 5 != 0,
            notes=f"Facilitator note about person {i}.",
            email=f"person{i}@example.org",
        )
        invitations.append(
            InvitationData(uid=f"i{i}", person=person, status=InvitationStatus.CONFIRMED)
        )
    sessions = []
    for d in range(days):
        day = start + timedelta(days=d)
        for n, (at, minutes, fmt, community) in enumerate(_DAY_PLAN[:per_day]):
            if d == 0 and n == 0:
                fmt = SessionFormat.OPENING
            if d == days - 1 and n == len(_DAY_PLAN) - 1:
                fmt = SessionFormat.CLOSING
            groups = ()
            if fmt == SessionFormat.SMALL_GROUPS:
                # Consecutive invitations alternate communities: groups of ten mix both sides.
                groups = tuple(
                    GroupData(
                        g + 1, tuple(f"i{i}" for i in range(g * 10, min(people, g * 10 + 10)))
                    )
                    for g in range(-(-people // 10))
                )
            is_working = fmt not in (SessionFormat.BREAK, SessionFormat.INFORMAL)
            sessions.append(
                SessionData(
                    uid=f"s{d}-{n}",
                    day=day,
                    start=at,
                    duration_minutes=minutes,
                    title=f"Session {n + 1} of day {d + 1}: perceptions and next steps",
                    format=fmt,
                    audience=Audience.COMMUNITY if community else Audience.EVERYONE,
                    audience_community=community,
                    alongside_previous=community == Community.AZERBAIJANI,
                    description="What each side hopes for, and what a realistic step could be.",
                    facilitator_notes=f"Watch the room; notes for session {d}-{n}.",
                    position=n,
                    topics=(TOPICS[n % 2],) if is_working and d > 0 and n in (6, 9) else (),
                    prompts=tuple(
                        PromptData(
                            key=f"prompt-{d}-{n}-{k}",
                            text="The author says no miracles are possible. What next step?",
                            phase=Phase.REALISM,
                            origin=PromptOrigin.CURATED,
                            citation=_citation(k),
                        )
                        for k in range(2 if is_working else 0)
                    ),
                    groups=groups,
                )
            )
    return WorkshopData(
        uid="bench",
        title="Building confidence after 2020: a five-day dialogue",
        start_date=start,
        end_date=start + timedelta(days=days - 1),
        timezone="Asia/Tbilisi",
        objectives="Meet across the two societies; agree on joint next steps.",
        context_notes="Funded by a European foundation.",
        venue=VenueData("Conference centre", "Tbilisi", "GE", "Asia/Tbilisi", capacity=120),
        working_languages=("en", "ru"),
        target_segments=SEGMENTS,
        owner=FacilitatorData("Elena Varga", Community.INTERNATIONAL),
        invitations=tuple(invitations),
        sessions=tuple(sessions),
        catalogue=TOPICS,
    )


CONTEXT = (
    ContextEventData(date(2020, 9, 27), "Autumn 2020", "The 2020 war", "The situation changes."),
    ContextEventData(date(2022, 5, 1), "May 2022", "Venice meeting", "Track two resumes."),
)


def _median_ms(
    action: Callable[[], object], repeat: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    action()  # warm up: fonts, templates and stylesheets are cached after the first call
    timings = []
    for _ in range(repeat):
        started = clock()
        action()
        timings.append((clock() - started) * 1000)
    return statistics.median(timings)


def run(repeat: int = 5) -> list[tuple[str, float]]:
    """(label, median ms) for each export of the large workshop."""
    data = workshop()
    now = datetime.now(UTC).replace(tzinfo=None)

    def facilitator():
        return assemble_workshop_brief(
            data,
            BriefAudience.FACILITATOR,
            viewer=None,
            context=CONTEXT,
            readiness=review(data),
            generated_at=now,
        )

    def participant():
        return assemble_workshop_brief(
            data,
            BriefAudience.PARTICIPANT,
            viewer=GENERIC_PARTICIPANT,
            context=CONTEXT,
            readiness=None,
            generated_at=now,
        )

    label = f"{DAYS}-day workshop, {DAYS * SESSIONS_PER_DAY} sessions, {PARTICIPANTS} people"
    return [
        (
            f"briefs: facilitator PDF ({label})",
            _median_ms(lambda: render_pdf(facilitator()), repeat),
        ),
        # CPU time of the same render: steadier than wall time on a busy machine.
        (
            f"briefs: facilitator PDF, CPU time ({label})",
            _median_ms(lambda: render_pdf(facilitator()), repeat, time.process_time),
        ),
        (
            f"briefs: participant PDF ({label})",
            _median_ms(lambda: render_pdf(participant()), repeat),
        ),
        (
            f"briefs: facilitator DOCX ({label})",
            _median_ms(lambda: render_docx(facilitator()), repeat),
        ),
        (
            f"briefs: facilitator Markdown ({label})",
            _median_ms(lambda: render_md(facilitator()), repeat),
        ),
        (
            f"briefs: facilitator JSON ({label})",
            _median_ms(lambda: render_json(facilitator()), repeat),
        ),
        (
            f"briefs: participant ICS ({label})",
            _median_ms(
                lambda: render_ics(
                    participant_view(data, GENERIC_PARTICIPANT),
                    sequence=1,
                    stamp=now.replace(tzinfo=UTC),
                ),
                repeat,
            ),
        ),
    ]


if __name__ == "__main__":
    for name, ms in run():
        print(f"{name:<90} {ms:9.1f} ms")
