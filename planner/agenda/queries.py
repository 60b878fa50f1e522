"""What the agenda pages load and show, planned as a fixed number of queries.

The editor page loads one workshop with everything it shows through
``planner.workshop_loading.load_workshop`` (sessions, flags, prompts with their citations,
groups, invitations), so its statement count does not grow with the agenda's size.
The helpers below only read what that loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from planner import remembered
from planner.agenda import timing
from planner.agenda.grouping import Member
from planner.agenda.publishing import latest_publication
from planner.extensions import db
from planner.i18n import gettext
from planner.models import Invitation, Prompt, SensitiveTopic, Session, Workshop
from planner.prompts.queries import PromptFilter, library_query
from planner.readiness.small_groups import expected_members, one_sided_groups
from planner.vocabulary import Community, is_confirmed_participant
from planner.workshop_data import SessionData, WorkshopData, agenda_order
from planner.workshop_loading import load_catalogue, load_workshop

#: How many library prompts the session editor lists at once.
LIBRARY_PAGE = 25


def load_agenda(uid: str) -> Workshop | None:
    """The workshop with every session, flag, prompt and group its agenda pages show."""
    return load_workshop(uid)


def load_agenda_times(uid: str) -> Workshop | None:
    """The workshop with its sessions only: what the in-place edits of times and order
    need (a copy's flags, prompts and texts are read when a session is copied). Two
    statements, where the full load of ``load_agenda`` is a dozen heavy ones; the sessions'
    texts are not read (they are stored encrypted, and timing never looks at them)."""
    return db.session.scalar(
        select(Workshop)
        .where(Workshop.uid == uid)
        .options(
            selectinload(Workshop.sessions).defer(Session.description),
            selectinload(Workshop.sessions).defer(Session.facilitator_notes),
        )
    )


def find_session(workshop: Workshop, sid: str) -> Session | None:
    """The workshop's session with public id ``sid`` (other workshops' sessions are not found)."""
    return next((s for s in workshop.sessions if s.uid == sid), None)


def day_sessions(workshop: Workshop, day: date) -> list[Session]:
    """One day's sessions in agenda order."""
    return sorted(
        (s for s in workshop.sessions if s.day == day),
        key=agenda_order,
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
    rows = [inv for inv in workshop.invitations if is_confirmed_participant(inv.role, inv.status)]
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


def saved_groups(session: Session, invitations: Sequence[Invitation]) -> list[list[str]]:
    """The session's saved small groups as invitation uids, numbered from 1; members who
    are no longer among ``invitations`` (the confirmed participants) are left out."""
    uid_by_id = {inv.id: inv.uid for inv in invitations}
    return [
        [uid_by_id[m.invitation_id] for m in group.members if m.invitation_id in uid_by_id]
        for group in session.groups
    ]


@dataclass(frozen=True)
class UnpublishedChanges:
    """The agenda changed since participants' version ``version`` was published."""

    workshop_uid: str
    version: int
    changes: tuple[str, ...]


def unpublished_changes(workshop_id: int, data: WorkshopData) -> UnpublishedChanges | None:
    """What participants do not see yet of ``data`` (workshop ``workshop_id`` as it is now),
    or ``None`` when it is what they see, or nothing was published yet. One statement: the
    latest publication; the comparison is remembered per data and publication."""
    latest = latest_publication(workshop_id)
    if latest is None:
        return None
    changes = remembered.unpublished_changes(data, latest.id, latest.snapshot)
    return UnpublishedChanges(data.uid, latest.number, changes) if changes else None


#: "Group 2 has no Azerbaijani member.": one sentence per community, so that a translation
#: agrees with it.
_NO_MEMBER_FROM = {
    Community.ARMENIAN: lambda n: gettext("Group %(number)s has no Armenian member.", number=n),
    Community.AZERBAIJANI: lambda n: gettext(
        "Group %(number)s has no Azerbaijani member.", number=n
    ),
    Community.INTERNATIONAL: lambda n: gettext(
        "Group %(number)s has no International member.", number=n
    ),
    Community.OTHER: lambda n: gettext(
        "Group %(number)s has no member of another community.", number=n
    ),
}


def group_warnings(
    groups: Sequence[Sequence[str]], invitations: Sequence[Invitation]
) -> list[GroupWarning]:
    """The groups editor's warnings: the groups readiness rule R15 would report.

    ``groups`` are invitation uids, numbered from 1; ``invitations`` are the confirmed
    participants the groups are made of (:func:`confirmed_invitations`).
    """
    numbered = list(enumerate(groups, start=1))
    return [
        GroupWarning(
            group.number,
            _NO_MEMBER_FROM[group.missing_side](group.number),
        )
        for group in one_sided_groups(numbered, expected_members(invitations))
    ]


def fixed_start_uids(workshop_id: int) -> frozenset[str]:
    """The public ids of the workshop's sessions whose start is fixed (one statement)."""
    return frozenset(
        db.session.scalars(
            select(Session.uid).where(
                Session.workshop_id == workshop_id, Session.fixed_start.is_(True)
            )
        )
    )


def slot_of(session: SessionData) -> timing.Slot:
    """The timing part of a session's plain data."""
    return timing.Slot(
        key=session.uid,
        day=session.day,
        start=session.start,
        duration_minutes=session.duration_minutes,
        audience=session.audience,
        audience_community=session.audience_community,
        alongside_previous=session.alongside_previous,
        title=session.title,
    )


@dataclass(frozen=True)
class DayOverview:
    """One day of the agenda editor: its sessions in order, the free time before each
    session that follows a gap (by session uid), and when the day ends."""

    day: date
    sessions: tuple[SessionData, ...]
    free_before: dict[str, timing.FreeTime]
    ends_at: datetime | None

    @property
    def free_minutes(self) -> int:
        return sum(gap.minutes for gap in self.free_before.values())

    @property
    def free_label(self) -> str:
        return timing.format_minutes(self.free_minutes)


def day_overview(day: date, sessions: Sequence[SessionData]) -> DayOverview:
    """The day's free time and end, from ``planner.agenda.timing`` (the one place that
    computes times)."""
    slots = [slot_of(s) for s in sessions]
    gaps = timing.free_time(slots)
    ends_at = max((slot.ends_at for slot in slots), default=None)
    return DayOverview(day, tuple(sessions), {g.before_key: g for g in gaps}, ends_at)
