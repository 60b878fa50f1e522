"""Keeping the day on time: running late, extending, skipping and swapping, over plain slots.

The run sheet's buttons (``planner.live.operations``) build one day's :class:`LiveSlot` list
from its sessions, ask one function here for the day after the change, and save it only when
:attr:`Outcome.no_longer_fits` is empty. Nothing here imports Flask or SQLAlchemy.

Decisions:

* **Only later, never earlier.** Running late or extending pushes the sessions after the
  change later by what is needed and no more: a gap before a session (free time before a
  dinner) absorbs the delay first. Nothing moves earlier, so no session is moved into the
  past while the day runs.
* **Fixed starts stay.** A session whose start is fixed (``Session.fixed_start``) keeps it;
  the sessions after it flow from it. A flowing session that would now end after a fixed
  start no longer fits, and neither does one that would end after the day's end (midnight,
  or the planned end when the day was planned to run past midnight). Then nothing is
  changed and the outcome says what no longer fits, so the facilitator can skip a session,
  or extend by less, and try again.
* **Blocks move together.** Sessions running alongside the one before them (the two
  communities' caucuses) start with it, as in ``planner.agenda.timing.reflow``.
* **Skip leaves the time free.** A skipped session is taken out of the day; the sessions
  after it keep their times (a later delay uses the free time).
* **Swap keeps the pair's span.** Two single sessions (neither fixed nor in a parallel
  block) change places: the later one starts when the first did, the first follows it after
  the same gap as before, and the pair ends when it ended.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from babel.lists import format_list

from planner.i18n import current as _language
from planner.i18n import format_date, format_time, gettext

#: The most a single click may shift or extend a session by (four hours).
MAX_SHIFT_MINUTES = 240
#: A session lasts at most a day (as the ``sessions`` table requires).
MAX_DURATION_MINUTES = 24 * 60


class ShiftError(ValueError):
    """A change that cannot be made as asked; the message is fit to show a facilitator."""


@dataclass(frozen=True)
class LiveSlot:
    """The timing-relevant part of one session of the day, for the live changes."""

    key: str
    title: str
    starts_at: datetime
    duration_minutes: int
    fixed: bool = False
    alongside_previous: bool = False

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def span(self) -> str:
        return f"{format_time(self.starts_at)}–{format_time(self.ends_at)}"


@dataclass(frozen=True)
class Outcome:
    """The day after a change: its slots in order, what moved, and what no longer fits."""

    slots: tuple[LiveSlot, ...]
    #: One sentence per session whose time changed (or that was skipped), in day order.
    changed: tuple[str, ...]
    #: Why the change cannot be made; empty when it can.
    no_longer_fits: tuple[str, ...] = ()

    @property
    def fits(self) -> bool:
        return not self.no_longer_fits

    def slot(self, key: str) -> LiveSlot | None:
        return next((s for s in self.slots if s.key == key), None)


def day_end(day: date, slots: Sequence[LiveSlot]) -> datetime:
    """The latest a day may run to: midnight, or its planned end if it was planned later."""
    midnight = datetime.combine(day + timedelta(days=1), time(0))
    return max([midnight, *(s.ends_at for s in slots)])


def _blocks(slots: Sequence[LiveSlot]) -> list[list[LiveSlot]]:
    """The day as blocks: a slot with the slots after it that run alongside it."""
    blocks: list[list[LiveSlot]] = []
    for slot in slots:
        if blocks and slot.alongside_previous:
            blocks[-1].append(slot)
        else:
            blocks.append([slot])
    return blocks


def _block_index(blocks: list[list[LiveSlot]], key: str) -> int:
    for index, block in enumerate(blocks):
        if any(s.key == key for s in block):
            return index
    raise ShiftError(_gone())


def _check_minutes(minutes: int) -> None:
    if not 1 <= minutes <= MAX_SHIFT_MINUTES:
        raise ShiftError(
            gettext(
                "Give a number of minutes between 1 and %(max)d (got %(num)d).",
                max=MAX_SHIFT_MINUTES,
                num=minutes,
            )
        )


def _gone() -> str:
    """Said in the reader's language when raised."""
    return gettext("That session is not on this day's agenda any more; reload the run sheet.")


def _titles(slots: Sequence[LiveSlot]) -> str:
    """“Coffee” and “Lunch”, as the reader's language lists and quotes titles."""
    return format_list([gettext("“%(title)s”", title=s.title) for s in slots], locale=_language())


def _end(block: Sequence[LiveSlot]) -> datetime:
    return max(s.ends_at for s in block)


def _flow(
    blocks: list[list[LiveSlot]], changed_index: int, end_of_day: datetime
) -> tuple[list[LiveSlot], list[str]]:
    """Push the blocks after ``changed_index`` later as needed; say what no longer fits."""
    problems: list[str] = []
    cursor = _end(blocks[changed_index])
    since_anchor: list[list[LiveSlot]] = [blocks[changed_index]]
    for index in range(changed_index + 1, len(blocks)):
        block = blocks[index]
        leader = block[0]
        if leader.fixed:
            if cursor > leader.starts_at:
                for earlier in since_anchor:
                    if _end(earlier) > leader.starts_at:
                        problems.append(
                            gettext(
                                "%(sessions)s would end at %(end)s, after “%(title)s” starts at "
                                "%(start)s (a fixed start).",
                                sessions=_titles(earlier),
                                end=format_time(_end(earlier)),
                                title=leader.title,
                                start=format_time(leader.starts_at),
                            )
                        )
            since_anchor = [block]
            cursor = max(cursor, _end(block))
            continue
        start = max(leader.starts_at, cursor)
        if start != leader.starts_at:
            blocks[index] = block = [replace(s, starts_at=start) for s in block]
        since_anchor.append(block)
        cursor = _end(block)
    for block in blocks[changed_index:]:
        if _end(block) > end_of_day:
            problems.append(
                gettext(
                    "%(sessions)s would end at %(end)s on %(day)s, after the day's end "
                    "(%(day_end)s).",
                    sessions=_titles(block),
                    end=format_time(_end(block)),
                    day=format_date(_end(block), "long"),
                    day_end=format_time(end_of_day),
                )
            )
    return [s for block in blocks for s in block], problems


def _sentences(before: Sequence[LiveSlot], after: Sequence[LiveSlot]) -> list[str]:
    was = {s.key: s for s in before}
    lines = []
    for slot in after:
        old = was.get(slot.key)
        if old is not None and (old.starts_at, old.duration_minutes) != (
            slot.starts_at,
            slot.duration_minutes,
        ):
            lines.append(
                gettext(
                    "“%(title)s” is now %(now)s (was %(was)s).",
                    title=slot.title,
                    now=slot.span,
                    was=old.span,
                )
            )
    if before and after:
        old_end, new_end = max(s.ends_at for s in before), max(s.ends_at for s in after)
        if new_end != old_end:
            lines.append(
                gettext(
                    "The day now ends at %(now)s (was %(was)s).",
                    now=format_time(new_end),
                    was=format_time(old_end),
                )
            )
    return lines


def _outcome(before: Sequence[LiveSlot], after: list[LiveSlot], problems: list[str]) -> Outcome:
    if problems:
        return Outcome(tuple(before), (), tuple(problems))
    return Outcome(tuple(after), tuple(_sentences(before, after)))


def run_late(slots: Sequence[LiveSlot], key: str, minutes: int, end_of_day: datetime) -> Outcome:
    """``key``'s block starts ``minutes`` later, and the rest of the day follows."""
    _check_minutes(minutes)
    blocks = _blocks(slots)
    index = _block_index(blocks, key)
    delta = timedelta(minutes=minutes)
    blocks[index] = [replace(s, starts_at=s.starts_at + delta) for s in blocks[index]]
    after, problems = _flow(blocks, index, end_of_day)
    return _outcome(slots, after, problems)


def extend(slots: Sequence[LiveSlot], key: str, minutes: int, end_of_day: datetime) -> Outcome:
    """``key`` lasts ``minutes`` longer, and the rest of the day follows."""
    _check_minutes(minutes)
    blocks = _blocks(slots)
    index = _block_index(blocks, key)
    block = blocks[index]
    target = next(s for s in block if s.key == key)
    if target.duration_minutes + minutes > MAX_DURATION_MINUTES:
        raise ShiftError(
            gettext("“%(title)s” cannot last longer than 24 hours.", title=target.title)
        )
    blocks[index] = [
        replace(s, duration_minutes=s.duration_minutes + minutes) if s.key == key else s
        for s in block
    ]
    after, problems = _flow(blocks, index, end_of_day)
    return _outcome(slots, after, problems)


def skip(slots: Sequence[LiveSlot], key: str) -> Outcome:
    """The day without ``key``; the others keep their times."""
    target = next((s for s in slots if s.key == key), None)
    if target is None:
        raise ShiftError(_gone())
    rest = []
    for index, slot in enumerate(slots):
        if slot.key == key:
            continue
        # A session that ran alongside the skipped leader now leads its block.
        leads_now = index > 0 and slots[index - 1].key == key and not target.alongside_previous
        if slot.alongside_previous and leads_now:
            slot = replace(slot, alongside_previous=False)
        rest.append(slot)
    return Outcome(
        tuple(rest),
        (
            gettext(
                "“%(title)s” (%(times)s) is skipped: it is taken off the day.",
                title=target.title,
                times=target.span,
            ),
        ),
    )


def swap_with_next(slots: Sequence[LiveSlot], key: str) -> Outcome:
    """``key`` and the session after it change places (see the module's decisions)."""
    blocks = _blocks(slots)
    index = _block_index(blocks, key)
    if index + 1 >= len(blocks):
        raise ShiftError(
            gettext("This is the last session of the day: there is nothing to swap it with.")
        )
    first, second = blocks[index], blocks[index + 1]
    if len(first) > 1 or len(second) > 1:
        raise ShiftError(
            gettext(
                "Sessions running alongside others are not swapped here; change them in the "
                "agenda editor."
            )
        )
    a, b = first[0], second[0]
    for slot in (a, b):
        if slot.fixed:
            raise ShiftError(
                gettext("“%(title)s” has a fixed start, so it keeps its place.", title=slot.title)
            )
    gap = b.starts_at - a.ends_at
    new_b = replace(b, starts_at=a.starts_at)
    new_a = replace(a, starts_at=new_b.ends_at + gap)
    after = list(slots)
    position_a, position_b = after.index(a), after.index(b)
    after[position_a], after[position_b] = new_b, new_a
    changed = [
        gettext("“%(first)s” and “%(second)s” change places.", first=b.title, second=a.title)
    ]
    changed.extend(_sentences(slots, after))
    return Outcome(tuple(after), tuple(changed))
