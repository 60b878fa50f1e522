"""What happened at a workshop, as plain data for the facilitator brief (plan vs actual).

Facilitator-only: it is never part of :class:`~planner.workshop_data.WorkshopData`, so no
participant view, page, file or feed can carry it; the brief takes it as a separate input
and shows it only in the facilitator's copy. Pure: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class HeldSessionData:
    """One session as planned (its agenda times) and as recorded after it ran."""

    uid: str
    title: str
    day: date
    start: time
    duration_minutes: int
    held: bool = False
    actual_start: time | None = None
    actual_end: time | None = None
    outcome_note: str = ""

    @property
    def planned(self) -> str:
        end = datetime.combine(self.day, self.start) + timedelta(minutes=self.duration_minutes)
        return f"{self.start:%H:%M}–{end:%H:%M}"

    @property
    def actual(self) -> str:
        """``10:05–11:20``, "not held", or "not recorded" (held, times not given)."""
        if not self.held:
            return "not held"
        if self.actual_start is None or self.actual_end is None:
            return "held (times not recorded)"
        return f"{self.actual_start:%H:%M}–{self.actual_end:%H:%M}"

    @property
    def difference_minutes(self) -> int | None:
        """Actual length minus planned length, in minutes (None without actual times)."""
        if not self.held or self.actual_start is None or self.actual_end is None:
            return None
        start = datetime.combine(self.day, self.actual_start)
        end = datetime.combine(self.day, self.actual_end)
        if end < start:  # ran past midnight
            end += timedelta(days=1)
        return int((end - start).total_seconds() // 60) - self.duration_minutes


@dataclass(frozen=True)
class WhatHappened:
    """The workshop's sessions with what was recorded, and the day's live changes."""

    sessions: tuple[HeldSessionData, ...]
    live_changes: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()

    @property
    def held_count(self) -> int:
        return sum(1 for s in self.sessions if s.held)
