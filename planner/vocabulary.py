"""The domain's fixed vocabularies (PRODUCT §3–§4), as string enumerations.

They live apart from the models so that pure rule modules (readiness, redaction,
derivation) can use them without importing Flask or SQLAlchemy. Each value is what
the database stores; each ``label`` is what people read.
"""

from __future__ import annotations

import enum

_LABEL_OF: dict[enum.StrEnum, str] = {}


class _Labelled(enum.StrEnum):
    @property
    def label(self) -> str:
        label = _LABEL_OF.get(self)
        if label is None:  # worked out once per member: pages ask hundreds of times
            label = _LABEL_OF[self] = _LABELS.get(
                self.value, self.value.replace("_", " ").capitalize()
            )
        return label

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs for SelectField (WTForms 3.3, pinned, accepts pairs); each
        label is read in the request's language when the form is drawn (a lazy string), so
        one class-level field serves every language. Only forms ask for these: the rule
        modules that use the vocabulary never import Flask through it."""
        from flask_babel import lazy_gettext

        return [(m.value, lazy_gettext(m.label)) for m in cls]


class Role(_Labelled):
    ORGANISER = "organiser"
    FACILITATOR = "facilitator"
    PARTICIPANT = "participant"


class Community(_Labelled):
    ARMENIAN = "armenian"
    AZERBAIJANI = "azerbaijani"
    INTERNATIONAL = "international"
    OTHER = "other"


#: The two sides of the conflict; "international" and "other" belong to neither.
SIDES: tuple[Community, Community] = (Community.ARMENIAN, Community.AZERBAIJANI)


class Severity(_Labelled):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(Severity)}


class Track(_Labelled):
    TRACK_TWO = "track_two"
    TRACK_ONE_AND_HALF = "track_one_and_half"


class Confidentiality(_Labelled):
    CHATHAM_HOUSE = "chatham_house"
    OFF_THE_RECORD = "off_the_record"
    ON_THE_RECORD = "on_the_record"

    @property
    def plain_words(self) -> str:
        return _CONFIDENTIALITY_WORDS[self]


class WorkshopStatus(_Labelled):
    DRAFT = "draft"
    PLANNED = "planned"
    CONFIRMED = "confirmed"
    HELD = "held"
    CANCELLED = "cancelled"

    @property
    def participant_label(self) -> str:
        """The status as a participant reads it: "draft" is the team's word for a plan that
        is still being made, and says nothing a participant can act on."""
        if self in (WorkshopStatus.DRAFT, WorkshopStatus.PLANNED):
            return "Being planned"
        return self.label


class LiveChange(_Labelled):
    """A change made on the live run sheet while the workshop runs (issue 22)."""

    LATE = "late"  # the session (and the rest of the day) runs N minutes late
    EXTEND = "extend"  # the session lasts N minutes longer; the rest of the day follows
    SKIP = "skip"  # the session is left out of the day
    SWAP = "swap"  # the session swaps places with the next one


class InvitationRole(_Labelled):
    PARTICIPANT = "participant"
    CO_FACILITATOR = "co_facilitator"
    OBSERVER = "observer"
    RESOURCE_PERSON = "resource_person"
    INTERPRETER = "interpreter"


class InvitationStatus(_Labelled):
    INVITED = "invited"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    WITHDREW = "withdrew"
    ATTENDED = "attended"

    @property
    def is_coming(self) -> bool:
        return self in (InvitationStatus.CONFIRMED, InvitationStatus.ATTENDED)


#: The answers with which an invitation still stands: the person is coming, came, or has
#: not answered yet. Only these give participant standing and working private links;
#: someone who declined or withdrew keeps no window on the workshop until they accept again.
ACTIVE_INVITATION_STATUSES = frozenset(
    {InvitationStatus.INVITED, InvitationStatus.CONFIRMED, InvitationStatus.ATTENDED}
)


def is_confirmed_participant(role: InvitationRole, status: InvitationStatus) -> bool:
    """Whether an invitation makes a *confirmed participant*: role participant, status
    confirmed or attended. The one definition the balance rules count, small groups are
    made of and the composition chart calls "confirmed"."""
    return role == InvitationRole.PARTICIPANT and status.is_coming


class SessionFormat(_Labelled):
    OPENING = "opening"
    PLENARY = "plenary"
    SMALL_GROUPS = "small_groups"
    CAUCUS = "caucus"
    BILATERAL = "bilateral"
    INFORMAL = "informal"
    SITE_VISIT = "site_visit"
    BREAK = "break"
    CLOSING = "closing"


class Audience(_Labelled):
    EVERYONE = "everyone"
    COMMUNITY = "community"
    FACILITATORS = "facilitators"


class PassageKind(_Labelled):
    TITLE = "title"
    LEAD = "lead"
    BODY = "body"
    ATTRIBUTION = "attribution"
    CAPTION = "caption"
    DISCLAIMER = "disclaimer"
    FURNITURE = "furniture"


class Phase(_Labelled):
    OPENING = "opening"
    PERCEPTIONS = "perceptions"
    REALISM = "realism"
    CORE_BELIEFS = "core_beliefs"
    HUMANITARIAN = "humanitarian"
    LOOKING_FORWARD = "looking_forward"


class PromptOrigin(_Labelled):
    CURATED = "curated"
    DERIVED = "derived"
    WRITTEN = "written"


class PromptStatus(_Labelled):
    ACTIVE = "active"
    RETIRED = "retired"


class CandidateDecision(_Labelled):
    """A facilitator's decision on a prompt candidate derived from a source."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"


class WorkshopFormat(_Labelled):
    """The kind of workshop, and the size and length it is designed for (issue 21, item 7)."""

    PROBLEM_SOLVING = "problem_solving"
    ROUNDTABLE = "roundtable"
    OPEN = "open"

    @property
    def participants(self) -> tuple[int, int] | None:
        """The fewest and most confirmed participants the format works with, or None."""
        return _FORMAT_SIZES[self][0]

    @property
    def min_days(self) -> int | None:
        """The fewest days the format needs, or None."""
        return _FORMAT_SIZES[self][1]


# Kelman's problem-solving workshop: about 12-20 participants over two days or more.
_FORMAT_SIZES: dict[WorkshopFormat, tuple[tuple[int, int] | None, int | None]] = {
    WorkshopFormat.PROBLEM_SOLVING: ((12, 20), 2),
    WorkshopFormat.ROUNDTABLE: ((6, 30), 1),
    WorkshopFormat.OPEN: (None, None),
}


class AgeBand(_Labelled):
    """A person's age band, optional and facilitator-only. 18-29 is youth in UN Security
    Council resolution 2250."""

    YOUTH = "18_29"
    ADULT = "30_44"
    MIDDLE = "45_59"
    SENIOR = "60_plus"


class RiskLevel(_Labelled):
    """How much a person risks at home by taking part (issue 20), facilitator-only.

    Elevated: named to others only on the signed-in participant page, never in a file or a
    message. High: never named to any participant anywhere, and their private links end when
    the workshop does.
    """

    STANDARD = "standard"
    ELEVATED = "elevated"
    HIGH = "high"

    @property
    def named_in_files(self) -> bool:
        return self is RiskLevel.STANDARD

    @property
    def named_to_participants(self) -> bool:
        return self is not RiskLevel.HIGH


_LABELS = {
    "problem_solving": "Problem-solving workshop (12–20 participants, two days or more)",
    "roundtable": "Roundtable (6–30 participants)",
    "open": "Open format (no declared size)",
    "18_29": "18–29 (youth)",
    "30_44": "30–44",
    "45_59": "45–59",
    "60_plus": "60 or over",
    "track_two": "Track two",
    "track_one_and_half": "Track 1.5",
    "chatham_house": "Chatham House Rule",
    "off_the_record": "Off the record",
    "on_the_record": "On the record",
    "co_facilitator": "Co-facilitator",
    "resource_person": "Resource person",
    "small_groups": "Small groups",
    "caucus": "Single-community caucus",
    "bilateral": "Bilateral pairs",
    "informal": "Informal / social",
    "site_visit": "Site visit",
    "closing": "Closing / reflection",
    "community": "One community only",
    "facilitators": "Facilitators only",
    "core_beliefs": "Core beliefs",
    "looking_forward": "Looking forward",
    "furniture": "Page furniture",
}

_CONFIDENTIALITY_WORDS = {
    Confidentiality.CHATHAM_HOUSE: (
        "You may use what is said in this workshop, but you may not reveal who said it "
        "or who else took part."
    ),
    Confidentiality.OFF_THE_RECORD: (
        "Nothing said in this workshop leaves the room, and the list of participants is "
        "never shared."
    ),
    Confidentiality.ON_THE_RECORD: (
        "What is said in this workshop may be quoted, with the speaker's name."
    ),
}


def enum_values(enum_cls: type[enum.StrEnum]) -> list[str]:
    return [m.value for m in enum_cls]
