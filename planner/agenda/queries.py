"""What the agenda pages load and show, planned as a fixed number of queries.

The editor page loads one workshop with everything it shows through
``planner.workshop_loading.load_workshop`` (sessions, flags, prompts with their citations,
groups, invitations), so its statement count does not grow with the agenda's size.
The helpers below only read what that loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from planner.agenda.grouping import Member
from planner.extensions import db
from planner.models import Invitation, Prompt, SensitiveTopic, Session, Workshop
from planner.prompts.queries import PromptFilter, library_query
from planner.vocabulary import SIDES, Community, InvitationRole
from planner.workshop_loading import load_catalogue, load_workshop

#: How many library prompts the session editor lists at once.
LIBRARY_PAGE = 25


def load_agenda(uid: str) -> Workshop | None:
    """The workshop with every session, flag, prompt and group its agenda pages show."""
    return load_workshop(uid)


def find_session(workshop: Workshop, sid: str) -> Session | None:
    """The workshop's session with public id ``sid`` (other workshops' sessions are not found)."""
    return next((s for s in workshop.sessions if s.uid == sid), None)


def day_sessions(workshop: Workshop, day: date) -> list[Session]:
    """One day's sessions in agenda order."""
    return sorted(
        (s for s in workshop.sessions if s.day == day),
        key=lambda s: (s.position, s.start_time, s.id or 0),
    )


def catalogue() -> list[SensitiveTopic]:
    """The whole topic catalogue, by name."""
    return load_catalogue()


def topics_by_key(keys: Sequence[str]) -> list[SensitiveTopic]:
    """Catalogue topics with these keys (unknown keys are ignored)."""
    if not keys:
        return []
    return list(db.session.scalars(select(SensitiveTopic).where(SensitiveTopic.key.in_(keys))))


def library(prompt_filter: PromptFilter, exclude: Sequence[int] = ()) -> list[Prompt]:
    """Active library prompts matching the filter, minus those already attached."""
    query = library_query(prompt_filter)
    if exclude:
        query = query.where(Prompt.id.not_in(list(exclude)))
    return list(db.session.scalars(query.limit(LIBRARY_PAGE)).unique())


def prompt_by_key(key: str) -> Prompt | None:
    return db.session.scalar(select(Prompt).where(Prompt.key == key))


def confirmed_invitations(workshop: Workshop) -> list[Invitation]:
    """Confirmed (or attended) participants, by name: the people small groups are made of."""
    rows = [
        inv
        for inv in workshop.invitations
        if inv.role == InvitationRole.PARTICIPANT and inv.status.is_coming
    ]
    return sorted(rows, key=lambda inv: (inv.person.name.casefold(), inv.uid))


def members_of(invitations: Sequence[Invitation]) -> list[Member]:
    """Grouping members (keyed by invitation uid) for ``planner.agenda.grouping``."""
    return [
        Member(
            key=inv.uid,
            community=inv.person.community,
            segment=inv.person.segment.key if inv.person.segment else None,
        )
        for inv in invitations
    ]


@dataclass(frozen=True)
class GroupWarning:
    number: int
    message: str


def one_sided_groups(
    groups: Sequence[Sequence[str]], communities: dict[str, Community]
) -> list[GroupWarning]:
    """Groups with members of only one side while both sides are among the members.

    ``communities`` maps each member key to its community. Groups are numbered from 1.
    """
    present = {c for c in communities.values() if c in SIDES}
    if len(present) < 2:
        return []
    warnings = []
    for number, group in enumerate(groups, start=1):
        sides = {communities[k] for k in group if communities.get(k) in SIDES}
        if len(sides) < 2:
            missing = " and ".join(c.label for c in SIDES if c not in sides)
            warnings.append(GroupWarning(number, f"Group {number} has no {missing} member."))
    return warnings
