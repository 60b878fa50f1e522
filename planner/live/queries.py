"""What the live pages load, one helper per page (planned queries)."""

from __future__ import annotations

from sqlalchemy import select

from planner.extensions import db
from planner.live.outcomes import HeldSessionData, WhatHappened
from planner.models import AgendaPublication, LiveChangeRecord, Session, Workshop
from planner.models.agenda import AGENDA_ORDER
from planner.vocabulary import LiveChange

#: How many of the latest live changes the run sheet lists.
RECENT_CHANGES = 12


def recent_changes(workshop_id: int, limit: int = RECENT_CHANGES) -> list[LiveChangeRecord]:
    """The workshop's latest live changes, newest first (one statement)."""
    return list(
        db.session.scalars(
            select(LiveChangeRecord)
            .where(LiveChangeRecord.workshop_id == workshop_id)
            .order_by(LiveChangeRecord.made_at.desc(), LiveChangeRecord.id.desc())
            .limit(limit)
        )
    )


def latest_version(workshop_id: int):
    """The number and time of the latest publication (not its snapshot), or ``None``."""
    return db.session.execute(
        select(AgendaPublication.number, AgendaPublication.published_at)
        .where(AgendaPublication.workshop_id == workshop_id)
        .order_by(AgendaPublication.number.desc())
        .limit(1)
    ).one_or_none()


def sessions_for_record(workshop: Workshop) -> list[Session]:
    """The workshop's sessions in agenda order, for the after-the-workshop page."""
    return list(
        db.session.scalars(
            select(Session).where(Session.workshop_id == workshop.id).order_by(*AGENDA_ORDER)
        )
    )


def what_happened(workshop_uid: str) -> WhatHappened | None:
    """Plan against actual for the facilitator brief: every session with what was recorded
    after it ran, and the live changes of the day; ``None`` when nothing was recorded."""
    workshop_id = db.session.scalar(select(Workshop.id).where(Workshop.uid == workshop_uid))
    if workshop_id is None:
        return None
    rows = db.session.execute(
        select(
            Session.uid,
            Session.title,
            Session.day,
            Session.start_time,
            Session.duration_minutes,
            Session.held,
            Session.actual_start,
            Session.actual_end,
            Session.outcome_note,
        )
        .where(Session.workshop_id == workshop_id)
        .order_by(*AGENDA_ORDER)
    ).all()
    changes = db.session.execute(
        select(LiveChangeRecord.kind, LiveChangeRecord.summary)
        .where(LiveChangeRecord.workshop_id == workshop_id)
        .order_by(LiveChangeRecord.made_at, LiveChangeRecord.id)
    ).all()
    sessions = tuple(
        HeldSessionData(
            uid=r.uid,
            title=r.title,
            day=r.day,
            start=r.start_time,
            duration_minutes=r.duration_minutes,
            held=r.held,
            actual_start=r.actual_start,
            actual_end=r.actual_end,
            outcome_note=r.outcome_note or "",
        )
        for r in rows
    )
    skipped = tuple(
        line for kind, summary in changes if kind == LiveChange.SKIP for line in summary or ()
    )
    live = tuple(line for _kind, summary in changes for line in summary or ())
    if not live and not any(s.held for s in sessions):
        return None
    return WhatHappened(sessions=sessions, live_changes=live, skipped=skipped)
