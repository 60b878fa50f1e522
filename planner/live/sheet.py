"""The run sheet for one moment of the workshop, over plain data (no Flask, no database).

Given the team's full :class:`~planner.workshop_data.WorkshopData` and a wall-clock moment in
the workshop's timezone, :func:`run_sheet` says what is running now (several sessions when
the communities' caucuses run in parallel), what comes next, and the rest of that day,
with the time left of what is running. "Now" is a parameter so that the page can be shown
for any moment of the workshop (the team's ``?at=`` and the tests), not only the present.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.i18n import gettext
from planner.workshop_data import SessionData, WorkshopData


class MomentError(ValueError):
    """A moment that cannot be read; the message is fit to show a facilitator."""


def zone(name: str):
    """The workshop's timezone, or UTC when its name is unknown (the page says which)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def local_now(zone_name: str, utc_now: datetime) -> datetime:
    """The naive wall-clock time in the workshop's timezone at ``utc_now`` (naive UTC)."""
    return utc_now.replace(tzinfo=UTC).astimezone(zone(zone_name)).replace(tzinfo=None)


def parse_moment(text: str) -> datetime:
    """A moment typed as ``2026-05-14T10:15`` (a datetime-local field), in the workshop's
    wall-clock time; seconds are dropped."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise MomentError(
            gettext("Give the moment as a date and time, e.g. 2026-05-14T10:15.")
        ) from None
    if moment.tzinfo is not None:
        raise MomentError(
            gettext("Give the moment in the workshop's own time, without a timezone.")
        )
    return moment.replace(second=0, microsecond=0)


def as_instant(moment: datetime, zone_name: str) -> datetime:
    """The aware UTC instant of a wall-clock ``moment`` in the workshop's timezone."""
    return moment.replace(tzinfo=zone(zone_name)).astimezone(UTC)


@dataclass(frozen=True)
class Running:
    """A session running at the moment, with how long it has left."""

    session: SessionData
    left: timedelta

    @property
    def minutes_left(self) -> int:
        return int(self.left.total_seconds() // 60)


@dataclass(frozen=True)
class GroupLine:
    """A small group of a running session, with its members' names (the team sees all)."""

    number: int
    names: tuple[str, ...]


@dataclass(frozen=True)
class RunSheet:
    """What the run sheet shows for one moment."""

    workshop: WorkshopData
    at: datetime
    #: The day shown: the moment's date when it is a workshop day, else None.
    day: date | None
    running: tuple[Running, ...]
    #: The sessions starting next (several when they start together), after ``running``.
    upcoming_first: tuple[SessionData, ...]
    #: The rest of the day after those.
    later: tuple[SessionData, ...]
    #: The day's sessions that have ended by the moment.
    done: tuple[SessionData, ...]

    @property
    def focus(self) -> SessionData | None:
        """The session the late and extend buttons act on: the running one, else the next."""
        if self.running:
            return self.running[0].session
        return self.upcoming_first[0] if self.upcoming_first else None

    @property
    def remaining(self) -> tuple[SessionData, ...]:
        return self.upcoming_first + self.later

    def groups(self, session: SessionData) -> tuple[GroupLine, ...]:
        names = {i.uid: i.person.name for i in self.workshop.invitations}
        return tuple(
            GroupLine(g.number, tuple(sorted(names[u] for u in g.invitation_uids if u in names)))
            for g in session.groups
        )

    def swap_partner(
        self, session: SessionData, fixed_uids: frozenset[str] | set[str]
    ) -> SessionData | None:
        """The session ``session`` can swap with (``planner.live.shifting.swap_with_next``):
        the next one, when neither runs alongside another or has a fixed start."""
        partner = self.next_after(session)
        if partner is None or {session.uid, partner.uid} & set(fixed_uids):
            return None
        day = [s for s in self.workshop.sessions_in_order if s.day == session.day]
        for index, s in enumerate(day):
            in_block = s.alongside_previous or (
                index + 1 < len(day) and day[index + 1].alongside_previous
            )
            if s.uid in (session.uid, partner.uid) and in_block:
                return None
        return partner

    def next_after(self, session: SessionData) -> SessionData | None:
        """The session after ``session`` in the day (for "swap with next")."""
        day = [s for s in self.workshop.sessions_in_order if s.day == session.day]
        for index, s in enumerate(day):
            if s.uid == session.uid:
                following = [t for t in day[index + 1 :] if not t.alongside_previous]
                return following[0] if following else None
        return None


def run_sheet(workshop: WorkshopData, at: datetime) -> RunSheet:
    """The run sheet of ``workshop`` at wall-clock moment ``at`` (naive, workshop time)."""
    day = at.date() if at.date() in workshop.days else None
    if day is None:
        return RunSheet(workshop, at, None, (), (), (), ())
    today = [s for s in workshop.sessions_in_order if s.day == day]
    running = tuple(Running(s, s.ends_at - at) for s in today if s.starts_at <= at < s.ends_at)
    running_uids = {r.session.uid for r in running}
    upcoming = [s for s in today if s.starts_at > at and s.uid not in running_uids]
    first = tuple(s for s in upcoming if upcoming and s.starts_at == upcoming[0].starts_at)
    later = tuple(s for s in upcoming if s not in first)
    done = tuple(s for s in today if s.ends_at <= at)
    return RunSheet(workshop, at, day, running, first, later, done)
