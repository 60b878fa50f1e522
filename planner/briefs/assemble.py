"""One brief, assembled once, for every export format (issue 5, point 1).

``assemble_workshop_brief`` and ``assemble_session_brief`` turn a workshop's plain data
into a :class:`Brief`: the agenda by day, topics, prompts, small groups with names, the
roster, the context timeline and (facilitators only) the readiness review. The brief
also says which of its sections exist for its audience (:class:`Section`); the renderers
(PDF, DOCX, Markdown, JSON, ICS) only lay a ``Brief`` out and ask it, never the audience.

The participant audience is always built from :func:`planner.redaction.participant_view`,
so facilitator notes, handling guidance, context notes, unlisted people and hidden
sessions never reach it; it also never carries the readiness review or the composition
chart. The chart is left out because counts per community and segment can single out a
person who did not consent to be listed (one journalist from one side is a name).

This module is pure: it imports neither Flask nor SQLAlchemy.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from planner.live.outcomes import WhatHappened
from planner.readiness import Finding
from planner.redaction import (
    GENERIC_PARTICIPANT,
    Viewer,
    names_statement,
    participant_view,
    separate_sessions,
)
from planner.vocabulary import Community, Confidentiality
from planner.workshop_data import (
    InvitationData,
    SessionData,
    TopicData,
    WorkshopData,
    agenda_order,
)

__all__ = [
    "Brief",
    "BriefAudience",
    "BriefKind",
    "ContextEventData",
    "DayEntry",
    "GroupEntry",
    "Section",
    "SessionEntry",
    "assemble_session_brief",
    "assemble_workshop_brief",
    "brief_sections",
]


class BriefAudience(enum.StrEnum):
    """Who a brief is written for."""

    FACILITATOR = "facilitator"
    PARTICIPANT = "participant"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class BriefKind(enum.StrEnum):
    WORKSHOP = "workshop"
    SESSION = "session"


class Section(enum.StrEnum):
    """A part of a brief that only some audiences and kinds of brief have."""

    CONTEXT_NOTES = "context_notes"
    FACILITATOR_NOTES = "facilitator_notes"
    HANDLING_GUIDANCE = "handling_guidance"
    READINESS = "readiness"
    #: The community × segment chart (see the module doc for why participants never get it).
    COMPOSITION = "composition"
    #: The team's roster: everyone invited, with status, consent and notes.
    ROSTER = "roster"
    #: The participants' list: listed people only, or a line saying it is not shared.
    PARTICIPANTS = "participants"
    #: After the workshop (issue 22): plan against actual, outcome notes, live changes.
    WHAT_HAPPENED = "what_happened"


#: The facilitator's sections of each kind of brief; a session brief is about one session,
#: so it carries no workshop-wide part.
_FACILITATOR_SECTIONS = {
    BriefKind.WORKSHOP: frozenset(Section) - {Section.PARTICIPANTS},
    BriefKind.SESSION: frozenset({Section.FACILITATOR_NOTES, Section.HANDLING_GUIDANCE}),
}


def brief_sections(
    kind: BriefKind, audience: BriefAudience, confidentiality: Confidentiality
) -> frozenset[Section]:
    """Which sections a brief of ``kind`` has for ``audience`` (PRODUCT §8).

    A participant brief has only the participants' list, and off the record not even that:
    no section saying that the list is not shared either.
    """
    if audience == BriefAudience.FACILITATOR:
        return _FACILITATOR_SECTIONS[kind]
    if kind == BriefKind.WORKSHOP and confidentiality != Confidentiality.OFF_THE_RECORD:
        return frozenset({Section.PARTICIPANTS})
    return frozenset()


@dataclass(frozen=True)
class ContextEventData:
    """One dated entry of the background timeline (from ``ContextEvent`` rows)."""

    sort_date: date
    when: str
    title: str
    description: str = ""
    quote: str = ""


@dataclass(frozen=True)
class GroupEntry:
    """A small group with its members resolved to their invitations, in name order."""

    number: int
    members: tuple[InvitationData, ...]


@dataclass(frozen=True)
class SessionEntry:
    """A session as a brief shows it: topics most severe first, groups with names."""

    session: SessionData
    topics: tuple[TopicData, ...]
    groups: tuple[GroupEntry, ...]


@dataclass(frozen=True)
class DayEntry:
    day: date
    sessions: tuple[SessionEntry, ...]


@dataclass(frozen=True)
class Brief:
    """Everything a rendered brief shows, already filtered for its audience."""

    kind: BriefKind
    audience: BriefAudience
    #: The workshop as this audience may see it (redacted for participants).
    workshop: WorkshopData
    days: tuple[DayEntry, ...]
    #: Invitations shown in the roster: everyone for facilitators, listed people for participants.
    roster: tuple[InvitationData, ...]
    context: tuple[ContextEventData, ...]
    #: The readiness review; always empty for participants.
    readiness: tuple[Finding, ...]
    #: Distinct topics flagged on the brief's sessions, most severe first.
    topics: tuple[TopicData, ...]
    generated_at: datetime
    #: The sections this brief has (``brief_sections``); the renderers show no other.
    sections: frozenset[Section]
    #: The invitation of the participant the brief was made for, if any.
    viewer_invitation_uid: str | None = None
    #: What happened at the workshop (facilitators only; ``None``: nothing recorded).
    what_happened: WhatHappened | None = None

    @property
    def has_what_happened(self) -> bool:
        return Section.WHAT_HAPPENED in self.sections and self.what_happened is not None

    @property
    def has_context_notes(self) -> bool:
        return Section.CONTEXT_NOTES in self.sections

    @property
    def has_facilitator_notes(self) -> bool:
        return Section.FACILITATOR_NOTES in self.sections

    @property
    def has_handling_guidance(self) -> bool:
        return Section.HANDLING_GUIDANCE in self.sections

    @property
    def has_readiness(self) -> bool:
        return Section.READINESS in self.sections

    @property
    def has_composition(self) -> bool:
        return Section.COMPOSITION in self.sections

    @property
    def has_roster(self) -> bool:
        return Section.ROSTER in self.sections

    @property
    def has_participant_list(self) -> bool:
        return Section.PARTICIPANTS in self.sections

    @property
    def names_statement(self) -> str:
        """What the participant copy says about whom it names (issue 20)."""
        return names_statement(self.workshop)

    @property
    def title(self) -> str:
        if self.kind == BriefKind.SESSION and self.sessions:
            return self.sessions[0].session.title
        return self.workshop.title

    @property
    def heading(self) -> str:
        """E.g. "Facilitator brief" or "Participant session brief"."""
        what = "session brief" if self.kind == BriefKind.SESSION else "brief"
        return f"{self.audience.label} {what}"

    @property
    def confidentiality_rule(self) -> str:
        return self.workshop.confidentiality.label

    @property
    def confidentiality_words(self) -> str:
        return self.workshop.confidentiality.plain_words

    @property
    def sessions(self) -> list[SessionEntry]:
        return [entry for day in self.days for entry in day.sessions]

    @property
    def has_participant_section(self) -> bool:
        """Whether the brief has a roster or participants section at all: an off-the-record
        participant copy has none (PRODUCT §8), not even one saying the list is not shared."""
        return self.has_roster or self.has_participant_list

    @property
    def facilitation_team(self) -> list[str]:
        return [f.name for f in self.workshop.facilitation_team]


def _audience_view(
    data: WorkshopData, audience: BriefAudience, viewer: Viewer | None
) -> WorkshopData:
    if audience == BriefAudience.FACILITATOR:
        return data
    return participant_view(data, viewer or GENERIC_PARTICIPANT)


def _viewer_invitation_uid(audience: BriefAudience, viewer: Viewer | None) -> str | None:
    if audience == BriefAudience.FACILITATOR or viewer is None:
        return None
    return viewer.invitation_uid


def _roster_key(invitation: InvitationData) -> tuple[int, str, str]:
    return (
        list(Community).index(invitation.person.community),
        invitation.person.name,
        invitation.uid,
    )


def _topic_key(topic: TopicData) -> tuple[int, str]:
    return (-topic.severity.rank, topic.key)


def _session_entry(session: SessionData, by_uid: dict[str, InvitationData]) -> SessionEntry:
    groups = tuple(
        GroupEntry(
            number=group.number,
            members=tuple(
                sorted(
                    (by_uid[u] for u in group.invitation_uids if u in by_uid),
                    key=lambda i: (i.person.name, i.uid),
                )
            ),
        )
        for group in sorted(session.groups, key=lambda g: g.number)
    )
    return SessionEntry(
        session=session, topics=tuple(sorted(session.topics, key=_topic_key)), groups=groups
    )


def _days(view: WorkshopData, sessions: Sequence[SessionData]) -> tuple[DayEntry, ...]:
    by_uid = {i.uid: i for i in view.invitations}
    ordered = sorted(sessions, key=agenda_order)
    days: dict[date, list[SessionEntry]] = {}
    for session in ordered:
        days.setdefault(session.day, []).append(_session_entry(session, by_uid))
    return tuple(DayEntry(day=day, sessions=tuple(entries)) for day, entries in days.items())


def _distinct_topics(sessions: Sequence[SessionData]) -> tuple[TopicData, ...]:
    topics = {t.key: t for s in sessions for t in s.topics}
    return tuple(sorted(topics.values(), key=_topic_key))


def assemble_workshop_brief(
    data: WorkshopData,
    audience: BriefAudience,
    *,
    viewer: Viewer | None,
    context: Sequence[ContextEventData],
    readiness: Sequence[Finding] | None,
    generated_at: datetime,
    what_happened: WhatHappened | None = None,
) -> Brief:
    """The whole-workshop brief for ``audience``.

    For participants ``viewer`` chooses whose copy it is (``None`` gives the generic copy:
    joint sessions, listed people only); ``readiness`` and ``what_happened`` are ignored
    for them.
    """
    view = _audience_view(data, audience, viewer)
    sections = brief_sections(BriefKind.WORKSHOP, audience, view.confidentiality)
    # A participant's agenda says where other groups meet on their own, leaving no gap.
    separate = (
        separate_sessions(data, viewer or GENERIC_PARTICIPANT)
        if audience == BriefAudience.PARTICIPANT
        else ()
    )
    return Brief(
        kind=BriefKind.WORKSHOP,
        audience=audience,
        workshop=view,
        days=_days(view, (*view.sessions, *separate)),
        roster=tuple(sorted(view.invitations, key=_roster_key)),
        context=tuple(sorted(context, key=lambda e: (e.sort_date, e.title))),
        readiness=tuple(readiness or ()) if Section.READINESS in sections else (),
        topics=_distinct_topics(view.sessions),
        generated_at=generated_at,
        sections=sections,
        viewer_invitation_uid=_viewer_invitation_uid(audience, viewer),
        what_happened=what_happened if Section.WHAT_HAPPENED in sections else None,
    )


def assemble_session_brief(
    data: WorkshopData,
    session_uid: str,
    audience: BriefAudience,
    *,
    viewer: Viewer | None,
    generated_at: datetime,
) -> Brief:
    """The brief for one session. Raises ``KeyError`` if this audience may not see it."""
    view = _audience_view(data, audience, viewer)
    session = next((s for s in view.sessions if s.uid == session_uid), None)
    if session is None:
        raise KeyError(session_uid)
    return Brief(
        kind=BriefKind.SESSION,
        audience=audience,
        workshop=view,
        days=_days(view, [session]),
        roster=(),
        context=(),
        readiness=(),
        topics=_distinct_topics([session]),
        generated_at=generated_at,
        sections=brief_sections(BriefKind.SESSION, audience, view.confidentiality),
        viewer_invitation_uid=_viewer_invitation_uid(audience, viewer),
    )
