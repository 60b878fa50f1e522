"""Live changes to a running workshop's day, and what happened: change, flush, audit.

Each run-sheet button is one function here: it builds the day's slots from its sessions,
asks ``planner.live.shifting`` for the day after the change, refuses it (nothing saved)
when something no longer fits, writes the new times, checks the schedule as the agenda
editor does (``planner.agenda.timing.check_schedule``), and records the change twice: an
audit event, and a :class:`~planner.models.LiveChangeRecord` the run sheet lists. The
view commits. Nothing here publishes: participants see the change only when the team
publishes it (``planner.participant.operations.publish``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time

from planner import audit
from planner.agenda import timing
from planner.agenda.queries import day_sessions
from planner.exceptions import DomainError, check_version
from planner.extensions import db
from planner.i18n import gettext
from planner.live import shifting
from planner.models import LiveChangeRecord, Session, User, Workshop
from planner.vocabulary import LiveChange, WorkshopStatus
from planner.workshops.operations import change_status

#: The longest outcome note kept per session: a few sentences, not minutes of the meeting.
MAX_OUTCOME_NOTE = 1000


class NoLongerFits(DomainError):
    """The change would push a session past a fixed start or the day's end."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__(
            gettext(
                "Nothing was changed: %(problems)s Skip a session or shift by less, then try "
                "again.",
                problems=" ".join(self.problems),
            )
        )


def _live_slot(session: Session) -> shifting.LiveSlot:
    return shifting.LiveSlot(
        key=session.uid,
        title=session.title,
        starts_at=datetime.combine(session.day, session.start_time),
        duration_minutes=session.duration_minutes,
        fixed=bool(session.fixed_start),
        alongside_previous=session.alongside_previous,
    )


def _slot(session: Session) -> timing.Slot:
    return timing.Slot(
        key=session.uid,
        day=session.day,
        start=session.start_time,
        duration_minutes=session.duration_minutes,
        audience=session.audience,
        audience_community=session.audience_community,
        alongside_previous=session.alongside_previous,
        title=session.title,
    )


def _refused(error: shifting.ShiftError) -> DomainError:
    return DomainError(str(error))


def _apply(
    workshop: Workshop, day: Sequence[Session], outcome: shifting.Outcome, *, reorder: bool = False
) -> list[Session]:
    """Write the outcome's times onto the day's sessions; return the sessions that changed."""
    if not outcome.fits:
        raise NoLongerFits(outcome.no_longer_fits)
    by_uid = {s.uid: s for s in day}
    touched = []
    for position, slot in enumerate(outcome.slots):
        session = by_uid[slot.key]
        values = {
            "day": slot.starts_at.date(),
            "start_time": slot.starts_at.time(),
            "duration_minutes": slot.duration_minutes,
            "alongside_previous": slot.alongside_previous,
        }
        if reorder:
            values["position"] = position
        changed = False
        for name, value in values.items():
            if getattr(session, name) != value:
                setattr(session, name, value)
                changed = True
        if changed:
            touched.append(session)
    keys = {s.uid for s in touched}
    problems = [
        p
        for p in timing.check_schedule(
            [_slot(s) for s in workshop.sessions], workshop.start_date, workshop.end_date
        )
        if keys.intersection(p.keys)
    ]
    if problems:
        raise DomainError(
            gettext(
                "Nothing was changed: %(problems)s", problems=" ".join(p.message for p in problems)
            )
        )
    return touched


def _record(
    workshop: Workshop,
    session_uid: str,
    kind: LiveChange,
    minutes: int | None,
    outcome: shifting.Outcome,
    actor: User | None,
) -> LiveChangeRecord:
    record = LiveChangeRecord(
        workshop_id=workshop.id,
        kind=kind,
        session_uid=session_uid,
        minutes=minutes,
        made_by_id=actor.id if actor else None,
        summary=list(outcome.changed),
    )
    db.session.add(record)
    db.session.flush()
    details: dict[str, object] = {"moved": max(len(outcome.changed) - 1, 0)}
    if minutes is not None:
        details["minutes"] = minutes
    audit.record(
        f"live.{kind.value}",
        "session",
        session_uid,
        workshop_uid=workshop.uid,
        details=details,
        actor=actor,
    )
    return record


def _day(workshop: Workshop, session: Session, version: str | int | None):
    check_version(session, version, "This session")
    sessions = day_sessions(workshop, session.day)
    return sessions, [_live_slot(s) for s in sessions]


def run_late(
    workshop: Workshop, session: Session, minutes: int, version, actor: User | None = None
) -> shifting.Outcome:
    """``session`` starts ``minutes`` later and the rest of its day follows."""
    sessions, slots = _day(workshop, session, version)
    try:
        outcome = shifting.run_late(
            slots, session.uid, minutes, shifting.day_end(session.day, slots)
        )
    except shifting.ShiftError as error:
        raise _refused(error) from None
    _apply(workshop, sessions, outcome)
    _record(workshop, session.uid, LiveChange.LATE, minutes, outcome, actor)
    return outcome


def extend(
    workshop: Workshop, session: Session, minutes: int, version, actor: User | None = None
) -> shifting.Outcome:
    """``session`` lasts ``minutes`` longer and the rest of its day follows."""
    sessions, slots = _day(workshop, session, version)
    try:
        outcome = shifting.extend(slots, session.uid, minutes, shifting.day_end(session.day, slots))
    except shifting.ShiftError as error:
        raise _refused(error) from None
    _apply(workshop, sessions, outcome)
    _record(workshop, session.uid, LiveChange.EXTEND, minutes, outcome, actor)
    return outcome


def skip(
    workshop: Workshop, session: Session, version, actor: User | None = None
) -> shifting.Outcome:
    """Take ``session`` off the day: it is removed from the agenda (the record keeps its
    title and planned time); the sessions after it keep their times."""
    sessions, slots = _day(workshop, session, version)
    try:
        outcome = shifting.skip(slots, session.uid)
    except shifting.ShiftError as error:
        raise _refused(error) from None
    uid = session.uid
    workshop.sessions.remove(session)
    db.session.delete(session)
    _apply(workshop, [s for s in sessions if s is not session], outcome)
    _record(workshop, uid, LiveChange.SKIP, None, outcome, actor)
    return outcome


def swap_with_next(
    workshop: Workshop, session: Session, version, actor: User | None = None
) -> shifting.Outcome:
    """``session`` and the one after it change places."""
    sessions, slots = _day(workshop, session, version)
    try:
        outcome = shifting.swap_with_next(slots, session.uid)
    except shifting.ShiftError as error:
        raise _refused(error) from None
    _apply(workshop, sessions, outcome, reorder=True)
    _record(workshop, session.uid, LiveChange.SWAP, None, outcome, actor)
    return outcome


# After the workshop.


@dataclass(frozen=True)
class HeldValues:
    """What the team records about one session after it ran, already validated."""

    held: bool
    actual_start: time | None
    actual_end: time | None
    outcome_note: str


def record_session(
    workshop: Workshop, session: Session, values: HeldValues, version, actor: User | None = None
) -> list[str]:
    """Save whether ``session`` was held, its actual times and outcome note; return the
    fields changed (the audit names them, never the note's text)."""
    check_version(session, version, "This session")
    note = values.outcome_note.strip()
    if len(note) > MAX_OUTCOME_NOTE:
        raise DomainError(
            gettext("Keep the outcome note under %(max)d characters.", max=MAX_OUTCOME_NOTE)
        )
    named = _named_person(workshop, note)
    if named:
        raise DomainError(
            gettext(
                "The outcome note names “%(name)s”. Outcome notes are not attributed: say what "
                "happened, not who said it.",
                name=named,
            )
        )
    if not values.held and (values.actual_start or values.actual_end):
        raise DomainError(gettext("Actual times are for a session that was held: tick “Held” too."))
    if (values.actual_start is None) != (values.actual_end is None):
        raise DomainError(gettext("Give both the actual start and the actual end, or neither."))
    new = {
        "held": values.held,
        "actual_start": values.actual_start,
        "actual_end": values.actual_end,
        "outcome_note": note,
    }
    changed = [name for name, value in new.items() if getattr(session, name) != value]
    for name in changed:
        setattr(session, name, new[name])
    if changed:
        db.session.flush()
        audit.record(
            "session.outcome_recorded",
            "session",
            session.uid,
            workshop_uid=workshop.uid,
            details={"fields": changed},
            actor=actor,
        )
    return changed


def _named_person(workshop: Workshop, note: str) -> str | None:
    """The first invited person (or team member) whose full name the note contains."""
    folded = note.casefold()
    names = [inv.person.name for inv in workshop.invitations]
    names += [workshop.owner.name, *(u.name for u in workshop.co_facilitators)]
    return next((n for n in names if n and n.casefold() in folded), None)


def mark_held(workshop: Workshop, version) -> None:
    """The workshop took place: its status becomes "held" (from "confirmed" only)."""
    change_status(workshop, WorkshopStatus.HELD, version)
