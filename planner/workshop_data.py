"""Plain, immutable data describing one workshop: the input of every business rule.

Readiness rules, redaction, small-group allocation and brief assembly are pure
functions over these dataclasses. They are built from the ORM once per request by
``planner.workshop_loading.load_workshop_data`` and never touch the database.
This module imports neither Flask nor SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from functools import cached_property

from planner.agenda.timing import later_by
from planner.vocabulary import (
    SIDES,
    AgeBand,
    Audience,
    Community,
    Confidentiality,
    InvitationRole,
    InvitationStatus,
    PassageKind,
    Phase,
    PromptOrigin,
    RiskLevel,
    SessionFormat,
    Severity,
    Track,
    WorkshopFormat,
    WorkshopStatus,
    is_confirmed_participant,
)
from planner.workshops.dates import workshop_days


@dataclass(frozen=True)
class TopicData:
    key: str
    name: str
    severity: Severity
    description: str = ""
    handling_guidance: str = ""  # facilitator-only
    participant_note: str = ""
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class CitationData:
    """Where a prompt comes from: the passage and the exact span it quotes."""

    source_title: str
    author: str
    outlet: str
    passage_index: int
    passage_kind: PassageKind
    passage_text: str
    quote: str


@dataclass(frozen=True)
class PromptData:
    key: str
    text: str
    phase: Phase
    origin: PromptOrigin = PromptOrigin.WRITTEN
    topic_keys: tuple[str, ...] = ()
    segment_keys: tuple[str, ...] = ()
    citation: CitationData | None = None


@dataclass(frozen=True)
class PersonData:
    uid: str
    name: str
    community: Community
    segment_key: str | None = None
    segment_name: str = ""
    affiliation: str = ""
    languages: tuple[str, ...] = ()
    consent_to_list: bool = False
    notes: str = ""  # facilitator-only
    email: str = ""
    gender: str = ""  # self-described, facilitator-only
    age_band: AgeBand | None = None  # facilitator-only
    # Facilitator-only: decides where the person may be named (planner.redaction).
    risk_level: RiskLevel = RiskLevel.STANDARD
    risk_reason: str = ""  # facilitator-only


@dataclass(frozen=True)
class PreparationData:
    """How an invited person was prepared (facilitator-only; readiness R23, R24)."""

    conversation_on: date | None = None
    conversation_by: str = ""
    risk_assessed: bool = False
    consent_asked_on: date | None = None
    travel_arranged: bool = False
    visa_arranged: bool = False

    @property
    def conversation_held(self) -> bool:
        return self.conversation_on is not None


@dataclass(frozen=True)
class InvitationData:
    uid: str
    person: PersonData
    role: InvitationRole = InvitationRole.PARTICIPANT
    status: InvitationStatus = InvitationStatus.INVITED
    # What the person receives (facilitator-only; None: not recorded).
    per_diem: int | None = None
    travel_support: int | None = None
    room: bool | None = None
    # The preparation record (facilitator-only); None: nobody recorded any preparation.
    preparation: PreparationData | None = None

    @property
    def is_confirmed_participant(self) -> bool:
        return is_confirmed_participant(self.role, self.status)


@dataclass(frozen=True)
class GroupData:
    number: int
    invitation_uids: tuple[str, ...]


@dataclass(frozen=True)
class SessionData:
    uid: str
    day: date
    start: time
    duration_minutes: int
    title: str
    format: SessionFormat
    audience: Audience = Audience.EVERYONE
    audience_community: Community | None = None
    description: str = ""
    # Participant-facing: where it is held if not at the venue ("" : at the venue).
    location: str = ""
    facilitator_notes: str = ""  # facilitator-only
    position: int = 0
    alongside_previous: bool = False
    topics: tuple[TopicData, ...] = ()
    prompts: tuple[PromptData, ...] = ()
    groups: tuple[GroupData, ...] = ()
    #: Participant-facing translations, ``(field, language, text)`` sorted
    #: (planner.content_translations).
    translations: tuple[tuple[str, str, str], ...] = ()

    # Cached: the rules compare session times many times over (a frozen dataclass keeps
    # them valid, and cached_property writes to the instance dict, not through __setattr__).
    @cached_property
    def starts_at(self) -> datetime:
        """Wall-clock start in the workshop's timezone (naive)."""
        return datetime.combine(self.day, self.start)

    @cached_property
    def ends_at(self) -> datetime:
        # The calendar's last instant for a session running past 31 December 9999.
        return later_by(self.starts_at, timedelta(minutes=self.duration_minutes))

    @cached_property
    def max_severity(self) -> Severity | None:
        if not self.topics:
            return None
        return max((t.severity for t in self.topics), key=lambda s: s.rank)

    def is_visible_to(self, community: Community | None) -> bool:
        """Whether a participant of ``community`` may see this session at all."""
        if self.audience == Audience.EVERYONE:
            return True
        if self.audience == Audience.COMMUNITY:
            return community is not None and community == self.audience_community
        return False


@dataclass(frozen=True)
class VenueData:
    name: str
    city: str
    country: str
    timezone: str
    neutral_ground: bool = True
    capacity: int | None = None
    accessibility_notes: str = ""


@dataclass(frozen=True)
class FacilitatorData:
    """A member of the facilitation team (the owner or a co-facilitator account)."""

    name: str
    community: Community | None = None


@dataclass(frozen=True)
class WorkshopData:
    uid: str
    title: str
    start_date: date
    end_date: date
    timezone: str
    confidentiality: Confidentiality = Confidentiality.CHATHAM_HOUSE
    track: Track = Track.TRACK_TWO
    status: WorkshopStatus = WorkshopStatus.DRAFT
    format: WorkshopFormat = WorkshopFormat.OPEN
    women_target_percent: int | None = None
    #: Whether participants' own files and e-mails may name other participants (issue 20;
    #: planner.redaction decides who, if anyone, is named).
    names_in_files: bool = False
    #: The communities whose confirmed participants must balance (R1, R2, R18, R20, R22):
    #: "parity between whom" is the organisers' call, per workshop.
    parity_sides: tuple[Community, ...] = SIDES
    objectives: str = ""
    context_notes: str = ""  # facilitator-only
    venue: VenueData | None = None
    working_languages: tuple[str, ...] = ()
    target_segments: tuple[tuple[str, str], ...] = ()  # (key, name)
    owner: FacilitatorData | None = None
    co_facilitators: tuple[FacilitatorData, ...] = ()
    invitations: tuple[InvitationData, ...] = ()
    sessions: tuple[SessionData, ...] = ()
    #: The whole topic catalogue, for rules that suggest topics not yet flagged.
    catalogue: tuple[TopicData, ...] = field(default=())
    #: Participant-facing translations of the title and objectives, ``(field, language,
    #: text)`` sorted (planner.content_translations).
    translations: tuple[tuple[str, str, str], ...] = ()

    def __hash__(self) -> int:
        # Worked out once per object: the data is the key of several remembered results
        # (planner.remembered), each asking for it. Equality still compares every field.
        value = self.__dict__.get("_hash")
        if value is None:
            value = self.__dict__["_hash"] = hash(
                tuple(getattr(self, name) for name in _WORKSHOP_FIELDS)
            )
        return value

    def __getstate__(self) -> dict:
        # Pickled (the shared cache) without the hash worked out above: Python salts the
        # hashes of strings per process, so another process must work out its own.
        return {name: value for name, value in self.__dict__.items() if name != "_hash"}

    @property
    def days(self) -> list[date]:
        return workshop_days(self.start_date, self.end_date)

    # Cached (as tuples, so no caller can change them): every rule asks again.
    @cached_property
    def confirmed_participants(self) -> tuple[InvitationData, ...]:
        return tuple(i for i in self.invitations if i.is_confirmed_participant)

    @property
    def facilitation_team(self) -> list[FacilitatorData]:
        team = [self.owner] if self.owner else []
        team.extend(self.co_facilitators)
        return team

    @cached_property
    def sessions_in_order(self) -> tuple[SessionData, ...]:
        return tuple(sorted(self.sessions, key=agenda_order))


_WORKSHOP_FIELDS = tuple(f.name for f in fields(WorkshopData))


def agenda_order(session: SessionData) -> tuple[date, time, int]:
    """The agenda's one order, for sorting sessions (plain data or ``Session`` models).

    By day and start time; sessions starting together (one alongside the other) in the
    editor's position order. ``planner.models.agenda.AGENDA_ORDER`` is the same order in
    SQL, ending with the id: sorting is stable, so sessions tied on all three keep the
    order the database gave them.
    """
    return (session.day, session.start, session.position)
