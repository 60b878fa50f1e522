"""Changes to a workshop's agenda: each a plain function that changes records, flushes and
writes the audit event. The view commits; on a DomainError it rolls back, so a refused
change leaves nothing half-saved.

How start times follow (PRODUCT §9, "the editor recomputes start times"):

* Each day's sessions are kept in ``position`` order and *reflowed* after every change
  (``planner.agenda.timing.reflow``): each session starts when the one before it ends,
  or with it when it runs alongside. A pause is a break session, not a gap.
* The day's start is the start time of its first session. Only the first session's start
  time is taken from the editor; a later session's start follows from the ones before it.
  Reordering or deleting keeps the day's start: the new first session starts when the old
  one did.
* A new session, or one moved to another day, goes to the end of its day.
* After reflowing, ``timing.check_schedule`` must find no overlap for the same audience and
  no session outside the workshop dates among the sessions touched; otherwise the change
  is refused with the problems' messages, which name the sessions involved.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy.orm.attributes import flag_modified

from planner import audit
from planner.agenda import grouping, timing
from planner.agenda.queries import GroupWarning, day_sessions, group_warnings
from planner.exceptions import DomainError, check_version
from planner.extensions import db
from planner.models import (
    Invitation,
    Prompt,
    SensitiveTopic,
    Session,
    SessionPrompt,
    SmallGroup,
    SmallGroupMember,
    User,
    Workshop,
)
from planner.vocabulary import Audience, Community, Phase, PromptOrigin, SessionFormat


class ScheduleRefused(DomainError):
    """The change would leave overlapping sessions or sessions outside the workshop dates."""

    def __init__(self, problems: Sequence[timing.TimingProblem]) -> None:
        self.problems = list(problems)
        super().__init__("Not saved: " + " ".join(p.message for p in self.problems))


@dataclass(frozen=True)
class SessionValues:
    """What the session editor submits, already validated by the form."""

    title: str
    day: date
    start_time: time
    duration_minutes: int
    alongside_previous: bool
    format: SessionFormat
    audience: Audience
    audience_community: Community | None
    description: str
    facilitator_notes: str
    topics: tuple[SensitiveTopic, ...]


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


def _reflow(sessions_in_order: Sequence[Session], day_start: time | None) -> None:
    """Renumber positions and recompute start times (changing only what differs)."""
    if not sessions_in_order:
        return
    slots = timing.reflow([_slot(s) for s in sessions_in_order], day_start)
    for position, (session, slot) in enumerate(zip(sessions_in_order, slots, strict=True)):
        if session.position != position:
            session.position = position
        if session.start_time != slot.start:
            session.start_time = slot.start
        if session.day != slot.day:
            session.day = slot.day


def _check(workshop: Workshop, touched: Sequence[Session]) -> None:
    """Refuse problems that involve a touched session (older problems elsewhere stay visible
    in the readiness review rather than blocking unrelated edits)."""
    keys = {s.uid for s in touched}
    slots = [_slot(s) for s in workshop.sessions]
    problems = [
        p
        for p in timing.check_schedule(slots, workshop.start_date, workshop.end_date)
        if keys.intersection(p.keys)
    ]
    if problems:
        raise ScheduleRefused(problems)


def _day_start(sessions_in_order: Sequence[Session]) -> time | None:
    return sessions_in_order[0].start_time if sessions_in_order else None


def _apply(session: Session, values: SessionValues) -> None:
    session.title = values.title
    session.duration_minutes = values.duration_minutes
    session.alongside_previous = values.alongside_previous
    session.format = values.format
    session.audience = values.audience
    session.audience_community = values.audience_community
    session.description = values.description
    session.facilitator_notes = values.facilitator_notes
    if {t.id for t in session.topics} != {t.id for t in values.topics}:
        session.topics = list(values.topics)
        if session.id is not None:
            # Flags live in another table: touch a column so the row's version still moves on
            # and a stale form that only changed flags is caught as a conflict.
            flag_modified(session, "title")


def create_session(
    workshop: Workshop, values: SessionValues, *, keep_start: bool = False
) -> Session:
    """Add a session at the end of its day, reflow the day and check it.

    With ``keep_start`` the day is not reflowed: the session starts at ``values.start_time``
    (an imported brief or the demo, whose days may hold a gap before dinner). The schedule
    check is the same either way.
    """
    if values.day not in workshop.days:
        raise DomainError("Choose one of the workshop's days.")
    existing = day_sessions(workshop, values.day)
    session = Session(
        workshop=workshop,
        day=values.day,
        start_time=values.start_time,
        position=len(existing),
    )
    _apply(session, values)
    db.session.add(session)
    db.session.flush()  # assigns the public id the schedule check names it by
    if not keep_start:
        _reflow([*existing, session], _day_start(existing) or values.start_time)
    _check(workshop, [session, *existing])
    db.session.flush()
    audit.record(
        "session.create",
        "session",
        session.uid,
        workshop_uid=workshop.uid,
        details={"day": values.day.isoformat(), "title_length": len(values.title)},
    )
    return session


def update_session(
    workshop: Workshop, session: Session, values: SessionValues, version: str | int | None
) -> Session:
    """Save the editor's values; the start time counts only if the session is first of its day."""
    check_version(session, version, "This session")
    if values.day not in workshop.days:
        raise DomainError("Choose one of the workshop's days.")
    old_day = session.day
    changed = _changed_fields(session, values)
    _apply(session, values)
    touched: list[Session] = []
    if values.day != old_day:
        remaining = [s for s in day_sessions(workshop, old_day) if s is not session]
        old_start = _day_start(day_sessions(workshop, old_day))
        _reflow(remaining, old_start)
        target = [s for s in day_sessions(workshop, values.day) if s is not session]
        session.day = values.day
        session.position = len(target)
        _reflow([*target, session], _day_start(target) or values.start_time)
        touched = [*remaining, *target, session]
    else:
        ordered = day_sessions(workshop, old_day)
        day_start = values.start_time if ordered[0] is session else _day_start(ordered)
        _reflow(ordered, day_start)
        touched = ordered
    _check(workshop, touched)
    db.session.flush()
    audit.record(
        "session.update",
        "session",
        session.uid,
        workshop_uid=workshop.uid,
        details={"fields": changed},
    )
    return session


def _changed_fields(session: Session, values: SessionValues) -> list[str]:
    fields = []
    for name in (
        "title",
        "day",
        "start_time",
        "duration_minutes",
        "alongside_previous",
        "format",
        "audience",
        "audience_community",
        "description",
        "facilitator_notes",
    ):
        if getattr(session, name) != getattr(values, name):
            fields.append(name)
    if {t.id for t in session.topics} != {t.id for t in values.topics}:
        fields.append("topics")
    return fields


def delete_session(workshop: Workshop, session: Session, version: str | int | None) -> None:
    """Remove a session; the rest of its day closes up, keeping the day's start."""
    check_version(session, version, "This session")
    ordered = day_sessions(workshop, session.day)
    day_start = _day_start(ordered)
    remaining = [s for s in ordered if s is not session]
    workshop.sessions.remove(session)
    db.session.delete(session)
    _reflow(remaining, day_start)
    _check(workshop, remaining)
    db.session.flush()
    audit.record("session.delete", "session", session.uid, workshop_uid=workshop.uid)


def reorder_day(workshop: Workshop, day: date, order: Sequence[str]) -> list[Session]:
    """Put one day's sessions in the order of ``order`` (their uids), reflow and check.

    ``order`` must list exactly that day's sessions; otherwise a DomainError says why.
    """
    ordered = day_sessions(workshop, day)
    try:
        new_keys = timing.reorder([s.uid for s in ordered], list(order))
    except timing.TimingError as error:
        raise DomainError(str(error)) from None
    by_uid = {s.uid: s for s in ordered}
    new_order = [by_uid[k] for k in new_keys]
    _reflow(new_order, _day_start(ordered))
    _check(workshop, new_order)
    db.session.flush()
    audit.record(
        "agenda.reorder",
        "workshop",
        workshop.uid,
        workshop_uid=workshop.uid,
        details={"day": day.isoformat(), "order": new_keys},
    )
    return new_order


def move_session(
    workshop: Workshop, session: Session, offset: int, version: str | int | None
) -> list[Session]:
    """Move a session ``offset`` places within its day (the keyboard / no-JS reorder)."""
    check_version(session, version, "This session")
    ordered = day_sessions(workshop, session.day)
    keys = [s.uid for s in ordered]
    new_keys = timing.move(keys, session.uid, offset)
    if new_keys == keys:  # already first (or last): nothing to change or record
        return ordered
    return reorder_day(workshop, session.day, new_keys)


# Prompts on a session.


def attach_prompt(workshop: Workshop, session: Session, prompt: Prompt) -> None:
    if any(link.prompt_id == prompt.id for link in session.prompt_links):
        raise DomainError("That prompt is already attached to this session.")
    session.prompt_links.append(SessionPrompt(prompt=prompt, position=len(session.prompt_links)))
    db.session.flush()
    audit.record(
        "session.prompt_attach",
        "session",
        session.uid,
        workshop_uid=workshop.uid,
        details={"prompt": prompt.key},
    )


def detach_prompt(workshop: Workshop, session: Session, prompt_key: str) -> None:
    link = _link(session, prompt_key)
    session.prompt_links.remove(link)
    for position, other in enumerate(session.prompt_links):
        other.position = position
    db.session.flush()
    audit.record(
        "session.prompt_detach",
        "session",
        session.uid,
        workshop_uid=workshop.uid,
        details={"prompt": prompt_key},
    )


def move_prompt(workshop: Workshop, session: Session, prompt_key: str, offset: int) -> None:
    link = _link(session, prompt_key)
    links = list(session.prompt_links)
    index = links.index(link)
    target = min(max(index + offset, 0), len(links) - 1)
    links.insert(target, links.pop(index))
    for position, other in enumerate(links):
        other.position = position
    db.session.flush()
    audit.record(
        "session.prompt_move",
        "session",
        session.uid,
        workshop_uid=workshop.uid,
        details={"prompt": prompt_key, "position": target},
    )


def _link(session: Session, prompt_key: str) -> SessionPrompt:
    link = next((lk for lk in session.prompt_links if lk.prompt.key == prompt_key), None)
    if link is None:
        raise DomainError("That prompt is not attached to this session.")
    return link


def write_prompt(
    workshop: Workshop,
    session: Session,
    text: str,
    phase: Phase,
    topics: Sequence[SensitiveTopic],
    author: User | None,
) -> Prompt:
    """A new hand-written prompt in the library, attached to the session."""
    prompt = Prompt(
        key=f"written-{secrets.token_hex(6)}",
        text=text.strip(),
        phase=phase,
        origin=PromptOrigin.WRITTEN,
        tags=[],
        quote="",
        created_by=author,
    )
    prompt.topics = list(topics)
    db.session.add(prompt)
    db.session.flush()
    audit.record("prompt.write", "prompt", prompt.key, workshop_uid=workshop.uid)
    attach_prompt(workshop, session, prompt)
    return prompt


# Small groups.


class OneSidedGroups(DomainError):
    """Groups the review (R15) calls one-sided, saved only when the person confirms them."""

    def __init__(self, warnings: Sequence[GroupWarning]) -> None:
        self.warnings = tuple(warnings)
        super().__init__(
            "The groups were not saved: "
            + " ".join(w.message for w in self.warnings)
            + " Move someone, or choose “Save anyway” to keep them as they are."
        )


def save_groups(
    workshop: Workshop,
    session: Session,
    groups: Sequence[Sequence[str]],
    invitations: Sequence[Invitation],
    *,
    one_sided_confirmed: bool = True,
) -> None:
    """Replace the session's groups with ``groups`` (lists of invitation uids).

    Every confirmed participant (``invitations``) must be in exactly one group. With
    ``one_sided_confirmed`` false, groups of one community (the groups R15 reports, found by
    ``queries.group_warnings``) are refused with :class:`OneSidedGroups` — the groups editor
    asks first; a seeded demo or an imported brief saves what it was given.
    """
    if session.format != SessionFormat.SMALL_GROUPS:
        raise DomainError("Only a small-groups session has groups.")
    by_uid = {inv.uid: inv for inv in invitations}
    placed = [key for group in groups for key in group]
    if sorted(placed) != sorted(by_uid):
        raise DomainError("Every confirmed participant must be in exactly one group.")
    if not groups:
        raise DomainError(str(grouping.GroupingError("There must be at least one group.")))
    if not one_sided_confirmed:
        warnings = group_warnings(groups, invitations)
        if warnings:
            raise OneSidedGroups(warnings)
    session.groups.clear()
    db.session.flush()  # the old rows go before new ones take their numbers
    for number, keys in enumerate(groups, start=1):
        group = SmallGroup(number=number)
        group.members = [SmallGroupMember(invitation=by_uid[k]) for k in keys]
        session.groups.append(group)
    db.session.flush()
    audit.record(
        "session.groups_save",
        "session",
        session.uid,
        workshop_uid=workshop.uid,
        details={"groups": len(groups), "members": len(placed)},
    )
