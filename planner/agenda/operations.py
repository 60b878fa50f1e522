"""Changes to a workshop's agenda: each a plain function that changes records, flushes and
writes the audit event. The view commits; on a DomainError it rolls back, so a refused
change leaves nothing half-saved.

How start times follow (PRODUCT §9, "the editor recomputes start times"; issue 17):

* Each day's sessions are kept in ``position`` order and *reflowed* after every change
  (``planner.agenda.timing.plan_day``): each session starts when the one before it ends,
  or with it when it runs alongside — unless its start is *fixed* (``Session.fixed_start``).
* A start time typed for a session (``SessionValues.fixed_start``) sticks: the session is
  placed among its day's sessions by that time and keeps it; the sessions after it flow
  from it and the gap before it is free time (no filler session). The day's first session
  sets the day's start instead (it is never marked fixed).
* Reordering or deleting keeps the day's start (the new first session starts when the old
  one did) and every fixed start the sessions before it do not run past; a fixed start
  they do run past is pushed back and named in the :class:`AgendaReport`.
* A new session without a typed start, a duplicate, or one moved to another day goes to
  the end of its day (or right after the session it was inserted after).
* After reflowing, ``timing.check_schedule`` must find no overlap for the same audience and
  no session outside the workshop dates among the sessions touched; otherwise the change
  is refused with the problems' messages, which name the sessions involved.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy.orm.attributes import flag_modified

from planner import audit
from planner.agenda import timing
from planner.agenda.queries import GroupWarning, day_sessions, group_warnings
from planner.exceptions import DomainError, check_version
from planner.extensions import db
from planner.i18n import format_time, gettext
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
        super().__init__(
            gettext("Not saved: %(problems)s", problems=" ".join(p.message for p in self.problems))
        )


@dataclass
class AgendaReport:
    """What a change did to the days it reflowed, for the person who made it: the fixed
    starts it had to push back, and when each day now ends. Pass one to an operation and
    it is filled in."""

    moved: list[timing.MovedStart] = field(default_factory=list)
    day_ends: dict[date, datetime | None] = field(default_factory=dict)

    def moved_messages(self) -> list[str]:
        """The fixed starts that had to move, in words."""
        return [m.message for m in self.moved]

    def messages(self) -> list[str]:
        """The moved fixed starts, then each day's end, in words."""
        out = [m.message for m in self.moved]
        for day, ends_at in sorted(self.day_ends.items()):
            if ends_at is not None:
                out.append(
                    gettext(
                        "%(day)s now ends at %(time)s.",
                        day=timing.format_day(day),
                        time=format_time(ends_at),
                    )
                )
        return out


@dataclass(frozen=True)
class SessionValues:
    """What the session editor submits, already validated by the form.

    ``fixed_start``: the start time was typed and sticks (see the module's docstring).
    """

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
    fixed_start: bool = False
    # Where it is held if not at the venue (participant-facing; "" : at the venue).
    location: str = ""


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
        fixed=bool(session.fixed_start),
    )


def _reflow(
    sessions_in_order: Sequence[Session], day_start: time | None, report: AgendaReport | None
) -> None:
    """Renumber positions and recompute start times (changing only what differs)."""
    if not sessions_in_order:
        return
    plan = timing.plan_day([_slot(s) for s in sessions_in_order], day_start)
    for position, (session, slot) in enumerate(zip(sessions_in_order, plan.slots, strict=True)):
        if session.position != position:
            session.position = position
        if session.start_time != slot.start:
            session.start_time = slot.start
        if session.day != slot.day:
            session.day = slot.day
    # The first session starts the day: a fixed start there means nothing any more.
    if sessions_in_order[0].fixed_start:
        sessions_in_order[0].fixed_start = False
    if report is not None:
        report.moved.extend(plan.moved)
        report.day_ends[sessions_in_order[0].day] = plan.ends_at


def _closed_up(day: date, sessions_in_order: Sequence[Session], report: AgendaReport | None):
    if not sessions_in_order and report is not None:
        report.day_ends[day] = None


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


def flow_end(sessions_in_order: Sequence[Session]) -> time | None:
    """When the day's sessions end (where a session added last would start)."""
    if not sessions_in_order:
        return None
    return max(_slot(s).ends_at for s in sessions_in_order).time()


def _apply(session: Session, values: SessionValues) -> None:
    session.title = values.title
    session.duration_minutes = values.duration_minutes
    session.alongside_previous = values.alongside_previous
    session.format = values.format
    session.audience = values.audience
    session.audience_community = values.audience_community
    session.description = values.description
    session.location = values.location
    session.facilitator_notes = values.facilitator_notes
    if {t.id for t in session.topics} != {t.id for t in values.topics}:
        session.topics = list(values.topics)
        if session.id is not None:
            # Flags live in another table: touch a column so the row's version still moves on
            # and a stale form that only changed flags is caught as a conflict.
            flag_modified(session, "title")


def _place(
    others: list[Session], session: Session, values: SessionValues, after: Session | None
) -> tuple[list[Session], time | None]:
    """The day's new order with ``session`` in it, and the day's start.

    A typed start places it by time (first: it starts the day); otherwise it goes right
    after ``after``, or last.
    """
    day_start = _day_start(others)
    # A session alongside another starts with it: a start typed for it means nothing.
    if values.fixed_start and not values.alongside_previous and others:
        index = timing.place_by_time([_slot(s) for s in others], values.start_time)
        session.start_time = values.start_time
        session.fixed_start = index > 0
        if index == 0:
            day_start = values.start_time
    elif after is not None and after in others:
        index = others.index(after) + 1
        session.fixed_start = False
    else:
        index = len(others)
        session.fixed_start = False
    if not others:
        day_start = values.start_time
    return [*others[:index], session, *others[index:]], day_start


def create_session(
    workshop: Workshop,
    values: SessionValues,
    *,
    keep_start: bool = False,
    after: Session | None = None,
    report: AgendaReport | None = None,
) -> Session:
    """Add a session to its day, reflow the day and check it.

    It goes last, or right after ``after`` (a session of the same day: "insert here"), or,
    when ``values.fixed_start``, where its typed start puts it. With ``keep_start`` the day
    is not reflowed: the session starts at ``values.start_time`` (an imported brief or the
    demo, whose days may hold a gap before dinner), and that start is fixed when it leaves
    a gap, so later edits keep it. The schedule check is the same either way.
    """
    if values.day not in workshop.days:
        raise DomainError(gettext("Choose one of the workshop's days."))
    if after is not None and after.day != values.day:
        after = None
    existing = day_sessions(workshop, values.day)
    session = Session(
        workshop=workshop,
        day=values.day,
        start_time=values.start_time,
        position=len(existing),
        fixed_start=False,
    )
    _apply(session, values)
    db.session.add(session)
    db.session.flush()  # assigns the public id the schedule check names it by
    if keep_start:
        flow = flow_end(existing)
        session.fixed_start = flow is not None and values.start_time > flow
    else:
        ordered, day_start = _place(existing, session, values, after)
        _reflow(ordered, day_start, report)
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
    workshop: Workshop,
    session: Session,
    values: SessionValues,
    version: str | int | None,
    *,
    report: AgendaReport | None = None,
) -> Session:
    """Save the editor's values.

    The start time counts if the session is first of its day (it sets the day's start) or
    if it was typed (``values.fixed_start``: the session is placed by it and keeps it);
    otherwise the session flows from the one before it.
    """
    check_version(session, version, "This session")
    if values.day not in workshop.days:
        raise DomainError(gettext("Choose one of the workshop's days."))
    old_day = session.day
    changed = _changed_fields(session, values)
    _apply(session, values)
    old_order = day_sessions(workshop, old_day)
    others = [s for s in old_order if s is not session]
    if values.day != old_day:
        _reflow(others, _day_start(old_order), report)
        _closed_up(old_day, others, report)
        target = [s for s in day_sessions(workshop, values.day) if s is not session]
        session.day = values.day
        ordered, day_start = _place(target, session, values, None)
        _reflow(ordered, day_start, report)
        touched = [*others, *ordered]
    elif old_order[0] is session:
        session.fixed_start = False
        _reflow(old_order, values.start_time, report)
        touched = old_order
    else:
        if values.fixed_start and not values.alongside_previous:
            ordered, day_start = _place(others, session, values, None)
        else:
            session.fixed_start = False
            ordered, day_start = old_order, _day_start(old_order)
        _reflow(ordered, day_start, report)
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
        "fixed_start",
        "location",
    ):
        if getattr(session, name) != getattr(values, name):
            fields.append(name)
    if {t.id for t in session.topics} != {t.id for t in values.topics}:
        fields.append("topics")
    return fields


def change_duration(
    workshop: Workshop,
    session: Session,
    minutes: int,
    version: str | int | None,
    *,
    report: AgendaReport | None = None,
) -> Session:
    """Give a session a new duration in place; the rest of its day follows."""
    check_version(session, version, "This session")
    if not 1 <= minutes <= timing.MAX_DURATION_MINUTES:
        raise DomainError(gettext("A session lasts between 1 minute and 24 hours."))
    old = session.duration_minutes
    if minutes == old:
        return session
    ordered = day_sessions(workshop, session.day)
    session.duration_minutes = minutes
    _reflow(ordered, _day_start(ordered), report)
    _check(workshop, ordered)
    db.session.flush()
    audit.record(
        "session.update",
        "session",
        session.uid,
        workshop_uid=workshop.uid,
        details={"fields": ["duration_minutes"]},
    )
    return session


def delete_session(
    workshop: Workshop,
    session: Session,
    version: str | int | None,
    *,
    report: AgendaReport | None = None,
) -> None:
    """Remove a session; the rest of its day closes up, keeping the day's start and its
    fixed starts."""
    check_version(session, version, "This session")
    ordered = day_sessions(workshop, session.day)
    day_start = _day_start(ordered)
    remaining = [s for s in ordered if s is not session]
    workshop.sessions.remove(session)
    db.session.delete(session)
    _reflow(remaining, day_start, report)
    _closed_up(session.day, remaining, report)
    _check(workshop, remaining)
    db.session.flush()
    audit.record("session.delete", "session", session.uid, workshop_uid=workshop.uid)


def _copy(session: Session, **changes) -> Session:
    """A new session with ``session``'s contents (flags and prompts, not small groups)."""
    # Read the collections before the copy joins the workshop (an autoflush in between
    # would meet a half-built session).
    topics = list(session.topics)
    links = [
        SessionPrompt(prompt_id=link.prompt_id, position=link.position)
        for link in session.prompt_links
    ]
    copy = Session(
        day=changes.get("day", session.day),
        start_time=session.start_time,
        duration_minutes=session.duration_minutes,
        alongside_previous=session.alongside_previous,
        fixed_start=session.fixed_start,
        position=session.position,
        title=changes.get("title", session.title),
        format=session.format,
        audience=session.audience,
        audience_community=session.audience_community,
        description=session.description,
        location=session.location,
        facilitator_notes=session.facilitator_notes,
        topics=topics,
        prompt_links=links,
    )
    copy.workshop = session.workshop
    db.session.add(copy)
    return copy


def duplicate_session(
    workshop: Workshop,
    session: Session,
    version: str | int | None,
    *,
    report: AgendaReport | None = None,
) -> Session:
    """A copy of the session (title, timing, flags, prompts, notes; no small groups)
    right after it; the rest of the day moves along."""
    check_version(session, version, "This session")
    ordered = day_sessions(workshop, session.day)
    copy = _copy(session, title=_copy_title(session.title))
    copy.fixed_start = False
    copy.alongside_previous = False
    db.session.flush()
    index = ordered.index(session) + 1
    new_order = [*ordered[:index], copy, *ordered[index:]]
    _reflow(new_order, _day_start(ordered), report)
    _check(workshop, new_order)
    db.session.flush()
    audit.record(
        "session.duplicate",
        "session",
        copy.uid,
        workshop_uid=workshop.uid,
        details={"of": session.uid},
    )
    return copy


def _copy_title(title: str) -> str:
    """The duplicate's title, marked as a copy in the language of whoever makes it (the
    titles are at most 300 characters: a long one is shortened to leave room)."""
    copied = gettext("%(title)s (copy)", title=title)
    overflow = len(copied) - 300
    if overflow > 0:
        copied = gettext("%(title)s (copy)", title=title[: len(title) - overflow])
    return copied


def copy_day(
    workshop: Workshop, source: date, target: date, *, report: AgendaReport | None = None
) -> list[Session]:
    """Copy every session of day ``source`` to day ``target``, after what is there.

    On an empty day the copies keep their times; otherwise they follow the day's last
    session, keeping the fixed starts they can.
    """
    if source not in workshop.days or target not in workshop.days:
        raise DomainError(gettext("Choose two of the workshop's days."))
    if source == target:
        raise DomainError(gettext("Choose another day to copy this day to."))
    originals = day_sessions(workshop, source)
    if not originals:
        raise DomainError(
            gettext("%(day)s has no sessions to copy.", day=timing.format_day(source))
        )
    existing = day_sessions(workshop, target)
    copies = [_copy(s, day=target) for s in originals]
    db.session.flush()
    ordered = [*existing, *copies]
    _reflow(ordered, _day_start(existing) or originals[0].start_time, report)
    _check(workshop, ordered)
    db.session.flush()
    audit.record(
        "agenda.copy_day",
        "workshop",
        workshop.uid,
        workshop_uid=workshop.uid,
        details={"from": source.isoformat(), "to": target.isoformat(), "sessions": len(copies)},
    )
    return copies


def reorder_day(
    workshop: Workshop,
    day: date,
    order: Sequence[str],
    *,
    report: AgendaReport | None = None,
) -> list[Session]:
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
    _reflow(new_order, _day_start(ordered), report)
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
    workshop: Workshop,
    session: Session,
    offset: int,
    version: str | int | None,
    *,
    report: AgendaReport | None = None,
) -> list[Session]:
    """Move a session ``offset`` places within its day (the keyboard / no-JS reorder)."""
    check_version(session, version, "This session")
    ordered = day_sessions(workshop, session.day)
    keys = [s.uid for s in ordered]
    new_keys = timing.move(keys, session.uid, offset)
    if new_keys == keys:  # already first (or last): nothing to change or record
        return ordered
    return reorder_day(workshop, session.day, new_keys, report=report)


# Prompts on a session.


def attach_prompt(workshop: Workshop, session: Session, prompt: Prompt) -> None:
    if any(link.prompt_id == prompt.id for link in session.prompt_links):
        raise DomainError(gettext("That prompt is already attached to this session."))
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
        raise DomainError(gettext("That prompt is not attached to this session."))
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
            gettext(
                "The groups were not saved: %(problems)s Move someone, or choose “Save anyway” "
                "to keep them as they are.",
                problems=" ".join(w.message for w in self.warnings),
            )
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
        raise DomainError(gettext("Only a small-groups session has groups."))
    by_uid = {inv.uid: inv for inv in invitations}
    placed = [key for group in groups for key in group]
    if sorted(placed) != sorted(by_uid):
        raise DomainError(gettext("Every confirmed participant must be in exactly one group."))
    if not groups:
        raise DomainError(gettext("There must be at least one group."))
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
