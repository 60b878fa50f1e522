"""Hypothesis strategies for random workshops and viewers, and an output string walker.

Every free-text field of a generated workshop carries a unique marker such as
``«FNOTE-0007»`` (kind + serial number, between guillemets so that no marker is a
substring of another and random noise never forms one). Tests can then tell exactly which
original field a string in redacted output came from.

Reusable by any test that must prove participant output never leaks (import it as
``tests.unit.redaction_strategies``).
"""

from __future__ import annotations

import dataclasses
import enum
import itertools
import re
from collections.abc import Iterator
from datetime import date, time, timedelta

from hypothesis import strategies as st

from planner.redaction import Viewer, viewer_for_invitation
from planner.vocabulary import (
    Audience,
    Community,
    Confidentiality,
    InvitationRole,
    InvitationStatus,
    PassageKind,
    Phase,
    RiskLevel,
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

START = date(2024, 5, 13)
DAYS = 3

#: Marker kinds that must never reach any participant.
ALWAYS_SECRET_KINDS = ("CTX", "FNOTE", "GUIDE", "PNOTE")

MARKER_RE = re.compile(r"«([A-Z]+)-(\d{4})»")

# Names in the scripts the app must handle; the marker makes each one unique.
_NAME_STEMS = ("Անի Պետրոսյան", "Ləman Əliyeva", "Ирина Смирнова", "Jean Dupont", "Aydın Şahin")
_NOISE = st.text(alphabet="abc xyzԱբգəğış", max_size=6)
# Strategies are built once: building them inside the composite makes generation slow.
_COMMUNITIES = st.sampled_from(list(Community))
_SEVERITIES = st.sampled_from(list(Severity))
_ROLES = st.sampled_from(list(InvitationRole))
_STATUSES = st.sampled_from(list(InvitationStatus))
_PHASES = st.sampled_from(list(Phase))
_FORMATS = st.sampled_from(list(SessionFormat))
_AUDIENCES = st.sampled_from(list(Audience))
_MAYBE_COMMUNITY = st.one_of(st.none(), _COMMUNITIES)
_STEMS = st.sampled_from(_NAME_STEMS)
_SEGMENTS = st.sampled_from([None, "expert", "journalist"])
_CONFIDENTIALITIES = st.sampled_from(list(Confidentiality))
_MINUTES = st.sampled_from([0, 15, 30, 45])
_BOOLS = st.booleans()


def marker_kinds(text: str) -> set[str]:
    """Return the marker kinds (``FNOTE``, ``NAME``…) that occur in ``text``."""
    return {m.group(1) for m in MARKER_RE.finditer(text)}


def markers(text: str) -> set[str]:
    """Return every whole marker (``«FNOTE-0007»``…) that occurs in ``text``."""
    return {m.group(0) for m in MARKER_RE.finditer(text)}


def all_strings(value: object) -> Iterator[str]:
    """Yield every string reachable from ``value`` (dataclasses, tuples, lists, dicts)."""
    if isinstance(value, enum.Enum):
        return
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from all_strings(getattr(value, f.name))
    elif isinstance(value, tuple | list | set | frozenset):
        for item in value:
            yield from all_strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from all_strings(key)
            yield from all_strings(item)


def text_of(value: object) -> str:
    """All strings reachable from ``value``, joined by newlines (for substring checks)."""
    return "\n".join(all_strings(value))


@st.composite
def workshops(draw: st.DrawFn, max_people: int = 8, max_sessions: int = 8) -> WorkshopData:
    """A random workshop whose every free-text field carries a unique marker."""
    counter = itertools.count(1)
    noise = draw(_NOISE)  # one draw per workshop: per-field draws make generation slow

    def tag(kind: str) -> str:
        return f"{noise}«{kind}-{next(counter):04d}» {noise[::-1]}"

    topic_pool = [
        TopicData(
            key=f"topic-{i}",
            name=tag("TOPIC"),
            severity=draw(_SEVERITIES),
            description=tag("TDESC"),
            handling_guidance=tag("GUIDE"),
            participant_note=tag("TNOTE"),
            keywords=(tag("KEYWORD"),),
        )
        for i in range(draw(st.integers(0, 4)))
    ]
    topic_keys = [t.key for t in topic_pool] + ["topic-unflagged"]

    invitations = []
    for i in range(draw(st.integers(0, max_people))):
        stem = draw(_STEMS)
        person = PersonData(
            uid=f"person-{i}",
            name=f"{stem} «NAME-{next(counter):04d}»",
            community=draw(_COMMUNITIES),
            segment_key=draw(_SEGMENTS),
            affiliation=tag("AFF"),
            languages=("en",),
            consent_to_list=draw(_BOOLS),
            risk_level=draw(st.sampled_from(RiskLevel)),
            notes=tag("PNOTE"),
            email=f"«EMAIL-{next(counter):04d}»@example.org",
        )
        invitations.append(
            InvitationData(
                uid=f"inv-{i}",
                person=person,
                role=draw(_ROLES),
                status=draw(_STATUSES),
            )
        )
    invitation_uids = [i.uid for i in invitations]

    def prompt(n: int) -> PromptData:
        citation = None
        if draw(_BOOLS):
            citation = CitationData(
                source_title=tag("SRC"),
                author=tag("AUTHOR"),
                outlet=tag("OUTLET"),
                passage_index=n,
                passage_kind=PassageKind.BODY,
                passage_text=tag("PASSAGE"),
                quote=tag("QUOTE"),
            )
        return PromptData(
            key=f"prompt-{n}",
            text=tag("PROMPT"),
            phase=draw(_PHASES),
            topic_keys=tuple(draw(st.lists(st.sampled_from(topic_keys), max_size=3))),
            citation=citation,
        )

    def groups(fmt: SessionFormat) -> tuple[GroupData, ...]:
        if not invitation_uids or (fmt != SessionFormat.SMALL_GROUPS and draw(_BOOLS)):
            return ()
        members = draw(st.permutations(invitation_uids))
        members = members[: draw(st.integers(0, len(members)))]
        cuts = sorted(draw(st.lists(st.integers(0, len(members)), max_size=3)))
        bounds = [0, *cuts, len(members)]
        return tuple(
            GroupData(number=n + 1, invitation_uids=tuple(members[a:b]))
            for n, (a, b) in enumerate(itertools.pairwise(bounds))
        )

    sessions = []
    for i in range(draw(st.integers(0, max_sessions))):
        fmt = draw(_FORMATS)
        audience = draw(_AUDIENCES)
        sessions.append(
            SessionData(
                uid=f"session-{i}",
                day=START + timedelta(days=draw(st.integers(0, DAYS - 1))),
                start=time(draw(st.integers(8, 18)), draw(_MINUTES)),
                duration_minutes=draw(st.integers(15, 180)),
                title=tag("TITLE"),
                format=fmt,
                audience=audience,
                audience_community=draw(_MAYBE_COMMUNITY),
                description=tag("DESC"),
                facilitator_notes=tag("FNOTE"),
                position=i,
                topics=tuple(draw(st.lists(st.sampled_from(topic_pool), max_size=3)))
                if topic_pool
                else (),
                prompts=tuple(prompt(i * 10 + n) for n in range(draw(st.integers(0, 2)))),
                groups=groups(fmt),
            )
        )

    extra_catalogue = [
        TopicData(
            key="topic-unflagged",
            name=tag("TOPIC"),
            severity=Severity.CRITICAL,
            handling_guidance=tag("GUIDE"),
        )
    ]
    return WorkshopData(
        uid="workshop-1",
        title=tag("WTITLE"),
        start_date=START,
        end_date=START + timedelta(days=DAYS - 1),
        timezone="Asia/Tbilisi",
        confidentiality=draw(_CONFIDENTIALITIES),
        names_in_files=draw(_BOOLS),
        objectives=tag("OBJ"),
        context_notes=tag("CTX"),
        venue=VenueData(
            name=tag("VENUE"), city="Tbilisi", country="Georgia", timezone="Asia/Tbilisi"
        ),
        owner=FacilitatorData(name=tag("FAC"), community=draw(_COMMUNITIES)),
        co_facilitators=tuple(
            FacilitatorData(name=tag("FAC"), community=draw(_COMMUNITIES))
            for _ in range(draw(st.integers(0, 2)))
        ),
        invitations=tuple(invitations),
        sessions=tuple(sessions),
        catalogue=tuple(topic_pool + extra_catalogue),
    )


def viewers(workshop: WorkshopData) -> st.SearchStrategy[Viewer]:
    """Any viewer of ``workshop``: generic, by community only, by own invitation, or stale."""
    by_community = st.builds(Viewer, community=_COMMUNITIES)
    options: list[st.SearchStrategy[Viewer]] = [
        st.just(Viewer(community=None)),
        by_community,
        st.builds(
            Viewer,
            community=_MAYBE_COMMUNITY,
            invitation_uid=st.just("inv-unknown"),
        ),
    ]
    if workshop.invitations:
        uids = [i.uid for i in workshop.invitations]

        def own(uid: str) -> Viewer:
            return viewer_for_invitation(workshop, uid)

        options.append(st.sampled_from(uids).map(own))
        options.append(st.sampled_from(uids).map(own))  # weight real invitations higher
    return st.one_of(options)


def every_viewer(workshop: WorkshopData) -> list[Viewer]:
    """Every kind of viewer of ``workshop``: generic, each community, each invitation, stale."""
    found: list[Viewer] = [Viewer(community=None)]
    found += [Viewer(community=c) for c in Community]
    found += [viewer_for_invitation(workshop, i.uid) for i in workshop.invitations]
    # The signed-in participant page, the one output listing more than files may.
    found += [
        dataclasses.replace(viewer_for_invitation(workshop, i.uid), signed_in_page=True)
        for i in workshop.invitations
    ]
    found.append(Viewer(community=Community.ARMENIAN, invitation_uid="inv-unknown"))
    return found


@st.composite
def workshops_and_viewers(draw: st.DrawFn) -> tuple[WorkshopData, Viewer]:
    """A random workshop together with a random viewer of it."""
    workshop = draw(workshops())
    return workshop, draw(viewers(workshop))
