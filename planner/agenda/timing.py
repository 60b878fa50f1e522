"""Agenda timing rules over plain slots: reflowing a day, overlaps, dates, ordering.

A :class:`Slot` is the timing-relevant part of a session (PRODUCT §4 Session): its day,
start, duration (the end is derived), audience and whether it runs *alongside* the slot
before it (e.g. the two communities' caucuses held in parallel). The agenda editor
(PRODUCT §9) builds slots from its sessions, calls :func:`reflow` after a reorder or a
duration change, and shows the problems :func:`check_schedule` finds. Nothing here
imports Flask or SQLAlchemy.

Decisions:

* **Reflow packs, except where a start is fixed.** :func:`reflow` removes gaps: each slot
  (or parallel block) starts the moment the previous block ends — unless its start is
  *fixed* (a start time the facilitator typed, e.g. a dinner at 19:30): a fixed slot keeps
  its start, the slots after it flow from it, and the gap before it is free time
  (:func:`free_time`), not a filler record. When the slots before a fixed slot run past
  its start, the fixed slot is pushed back to when they end, and :func:`plan_day` says
  which one it moved and from when to when. The day's first slot starts the day.
* **Midnight is crossed, not refused.** A day that runs past midnight simply continues
  into the next date: a reflowed slot starting after midnight gets the next ``day``. The
  schedule check then reports it if that leaves the workshop dates or collides with the
  next day's sessions.
* **The last evening may run late.** A session that starts within the dates may end up to
  :data:`LATEST_END_AFTER_LAST_DAY` (03:00) the morning after the last day — a farewell
  dinner ending at half past midnight is part of the workshop, not outside it.
* **Who attends what.** Everyone attends ``EVERYONE`` sessions; facilitators attend every
  session (including each community's caucus); a community attends its own caucuses.
  So two slots share an audience unless they are caucuses of two different communities.
* Times are naive wall-clock times in the workshop's timezone; ranges are half-open, so a
  session may start exactly when another ends.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Literal

from babel import dates as babel_dates

from planner.i18n import current as _language
from planner.i18n import format_time, gettext
from planner.vocabulary import Audience, Community

#: A session lasts at least a minute and at most a day (as the ``sessions`` table requires).
MAX_DURATION_MINUTES = 24 * 60
#: How late, the morning after the last day, a session that started within the dates may
#: end: the farewell dinner's hour, not the next day's programme.
LATEST_END_AFTER_LAST_DAY = time(3)

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class TimingError(ValueError):
    """An invalid slot, ordering or date range; the message is fit to show a facilitator."""


def later_by(moment: datetime, delta: timedelta) -> datetime:
    """``moment + delta``, or the calendar's last instant when that lies beyond it.

    The timing and readiness rules take any date they are given (31 December 9999
    included) and answer with findings, never with an ``OverflowError``.
    """
    try:
        return moment + delta
    except OverflowError:
        return datetime.max


@dataclass(frozen=True)
class Slot:
    """The timing-relevant part of one session.

    ``audience_community`` is set exactly when ``audience`` is ``COMMUNITY``. ``title`` is
    used in messages (the key is used when it is empty).
    """

    key: str
    day: date
    start: time
    duration_minutes: int
    audience: Audience
    audience_community: Community | None = None
    alongside_previous: bool = False
    title: str = ""
    fixed: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.duration_minutes <= MAX_DURATION_MINUTES:
            raise TimingError(
                gettext(
                    "“%(title)s” must last between 1 minute and 24 hours (got %(num)d minutes).",
                    title=self.label,
                    num=self.duration_minutes,
                )
            )
        if (self.audience == Audience.COMMUNITY) != (self.audience_community is not None):
            if self.audience == Audience.COMMUNITY:
                raise TimingError(
                    gettext("“%(title)s” is for one community, but names none.", title=self.label)
                )
            raise TimingError(
                gettext(
                    "“%(title)s” names a community but is not for one community.", title=self.label
                )
            )

    @property
    def label(self) -> str:
        """What messages call this slot: its title, or its key when it has none."""
        return self.title or self.key

    @property
    def starts_at(self) -> datetime:
        """Wall-clock start (naive, in the workshop's timezone)."""
        return datetime.combine(self.day, self.start)

    @property
    def ends_at(self) -> datetime:
        """Wall-clock end; the next day's date when the slot runs past midnight."""
        return later_by(self.starts_at, timedelta(minutes=self.duration_minutes))


@dataclass(frozen=True)
class TimingProblem:
    """One thing wrong with a schedule, naming the slots involved by key."""

    kind: Literal["overlap", "outside_dates"]
    keys: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class MovedStart:
    """A fixed start the slots before it ran past: it was pushed from ``was`` to ``now``."""

    key: str
    title: str
    was: time
    now: time

    @property
    def message(self) -> str:
        return gettext(
            "“%(title)s” was fixed at %(was)s and now starts at %(now)s, when the sessions "
            "before it end.",
            title=self.title,
            was=format_time(self.was),
            now=format_time(self.now),
        )


@dataclass(frozen=True)
class FreeTime:
    """Empty time in a day, before a fixed start: from ``starts_at`` to ``ends_at``."""

    before_key: str
    starts_at: datetime
    ends_at: datetime

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def duration_label(self) -> str:
        return format_minutes(self.minutes)


@dataclass(frozen=True)
class DayPlan:
    """One day reflowed: the slots with their new starts, the fixed starts that had to
    move, the free time before fixed starts, and when the day ends (``None``: no slots)."""

    slots: tuple[Slot, ...]
    moved: tuple[MovedStart, ...]
    free: tuple[FreeTime, ...]
    ends_at: datetime | None


def plan_day(slots_in_order: Sequence[Slot], day_start: time | None = None) -> DayPlan:
    """Recompute start times for one day's slots, in the given order.

    The first slot starts at ``day_start`` if given, else keeps its own start (and day);
    it starts the day, so a fixed start on it that differs from ``day_start`` is reported
    as moved. Each following slot starts when the previous *block* ends, where a block is
    a slot together with the slots after it that have ``alongside_previous`` set: those
    start at the same time as the slot before them, and the block ends with its longest
    slot. ``alongside_previous`` on the first slot is ignored (there is nothing to run
    beside). A block whose first slot is ``fixed`` starts at that slot's own start (on the
    first slot's day) when the previous block has ended by then — the time between is
    :class:`FreeTime` — and otherwise when the previous block ends (a :class:`MovedStart`).

    Durations, order, keys and flags are unchanged; only ``day`` and ``start`` are
    recomputed (``day`` changes only for a slot that starts after midnight). The input's
    days other than the first slot's are ignored.
    """
    if not slots_in_order:
        return DayPlan((), (), (), None)
    first = slots_in_order[0]
    block_start = datetime.combine(first.day, day_start if day_start is not None else first.start)
    block_end = block_start
    result: list[Slot] = []
    moved: list[MovedStart] = []
    free: list[FreeTime] = []
    for index, slot in enumerate(slots_in_order):
        if index > 0 and slot.alongside_previous:
            starts_at = block_start
        elif index > 0 and slot.fixed:
            wanted = datetime.combine(first.day, slot.start)
            if wanted >= block_end:
                if wanted > block_end:
                    free.append(FreeTime(slot.key, block_end, wanted))
                starts_at = block_start = wanted
            else:
                starts_at = block_start = block_end
        else:
            starts_at = block_start = block_end
        leads = index == 0 or not slot.alongside_previous
        if slot.fixed and leads and starts_at.time() != slot.start:
            moved.append(MovedStart(slot.key, slot.label, slot.start, starts_at.time()))
        try:
            ends_at = starts_at + timedelta(minutes=slot.duration_minutes)
        except OverflowError:
            raise TimingError(
                f"“{slot.label}” would end after the last day of the calendar."
            ) from None
        block_end = max(block_end, ends_at)
        result.append(replace(slot, day=starts_at.date(), start=starts_at.time()))
    return DayPlan(tuple(result), tuple(moved), tuple(free), block_end)


def reflow(slots_in_order: Sequence[Slot], day_start: time | None = None) -> list[Slot]:
    """The slots of :func:`plan_day`: one day's new start times, in the given order."""
    return list(plan_day(slots_in_order, day_start).slots)


def free_time(slots: Sequence[Slot]) -> list[FreeTime]:
    """The gaps in one day's slots as they stand (in any order): each stretch of time
    after the first start when no slot runs, ending at the start of the next slot."""
    ordered = sorted(slots, key=lambda s: s.starts_at)
    gaps: list[FreeTime] = []
    busy_until: datetime | None = None
    for slot in ordered:
        if busy_until is not None and slot.starts_at > busy_until:
            gaps.append(FreeTime(slot.key, busy_until, slot.starts_at))
        busy_until = slot.ends_at if busy_until is None else max(busy_until, slot.ends_at)
    return gaps


def place_by_time(slots_in_order: Sequence[Slot], start: time) -> int:
    """Where a session typed to start at ``start`` goes among one day's slots (in order):
    before the first slot (not running alongside) that starts at or after ``start``, or
    at the end. ``0`` puts it first, where it starts the day."""
    for index, slot in enumerate(slots_in_order):
        if (index == 0 or not slot.alongside_previous) and slot.start >= start:
            return index
    return len(slots_in_order)


def format_minutes(minutes: int) -> str:
    """``45 min``, ``2 h``, ``1 h 55 min`` (in the reader's language: ``1 ч 55 мин``)."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return gettext("%(num)d min", num=rest)
    if not rest:
        return gettext("%(num)d h", num=hours)
    return gettext("%(hours)d h %(minutes)d min", hours=hours, minutes=rest)


def audiences_overlap(a: Slot, b: Slot) -> bool:
    """Whether some person is expected at both slots (ignoring their times).

    Only caucuses of two different communities have disjoint audiences: facilitators
    attend everything, and everyone's sessions include every community.
    """
    if a.audience == Audience.COMMUNITY and b.audience == Audience.COMMUNITY:
        return a.audience_community == b.audience_community
    return True


def times_overlap(a: Slot, b: Slot) -> bool:
    """Whether the two slots' time ranges intersect (touching end to start does not)."""
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def overlaps(a: Slot, b: Slot) -> bool:
    """Whether the two slots clash: they share an audience and their times intersect.

    Audiences are shared for every pair except a caucus of one community against a
    caucus of another (see :func:`audiences_overlap`): ``EVERYONE`` and ``FACILITATORS``
    sessions clash with any session at the same time, including each other.
    """
    return audiences_overlap(a, b) and times_overlap(a, b)


def check_schedule(slots: Sequence[Slot], first_day: date, last_day: date) -> list[TimingProblem]:
    """Report slots outside the workshop dates and clashing pairs of slots.

    A slot is outside the dates when its day is before ``first_day`` or after
    ``last_day``, or when it ends later than :data:`LATEST_END_AFTER_LAST_DAY` (03:00) the
    morning after ``last_day`` (ending at exactly 03:00 is fine). Every clashing pair (see :func:`overlaps`) is reported once,
    earlier slot first — including slots marked ``alongside_previous``, since running in
    parallel is only fine for different audiences. Problems come in chronological order,
    those about dates first. Dates in the wrong order (which the workshop form and the
    database refuse) contain no day, so every slot is outside them: the readiness review
    takes whatever data it is given and answers with findings, never an exception.
    """
    dates = format_date_range(first_day, last_day)
    end_of_workshop = later_by(
        datetime.combine(last_day, LATEST_END_AFTER_LAST_DAY), timedelta(days=1)
    )
    chronological = sorted(enumerate(slots), key=lambda pair: (pair[1].starts_at, pair[0]))
    ordered = [slot for _, slot in chronological]

    problems: list[TimingProblem] = []
    for slot in ordered:
        day = _format_day(slot.day, first_day.year)
        if slot.day < first_day or slot.day > last_day:
            message = gettext(
                "“%(title)s” on %(day)s is outside the workshop dates (%(dates)s).",
                title=slot.label,
                day=day,
                dates=dates,
            )
        elif slot.ends_at > end_of_workshop:
            message = gettext(
                "“%(title)s” on %(day)s (%(times)s) ends after %(latest)s the morning after the "
                "last day, outside the workshop dates (%(dates)s).",
                title=slot.label,
                day=day,
                times=format_range(slot),
                latest=format_time(LATEST_END_AFTER_LAST_DAY),
                dates=dates,
            )
        else:
            continue
        problems.append(TimingProblem("outside_dates", (slot.key,), message))

    for i, earlier in enumerate(ordered):
        for later in ordered[i + 1 :]:
            if later.starts_at >= earlier.ends_at:
                break
            if overlaps(earlier, later):
                message = _overlap_message(earlier, later, first_day.year)
                problems.append(TimingProblem("overlap", (earlier.key, later.key), message))
    return problems


def move(keys_in_order: list[str], key: str, offset: int) -> list[str]:
    """Move ``key`` by ``offset`` places (negative: earlier), clamped to the ends.

    Returns a new list; raises :class:`TimingError` if ``key`` is not in the list.
    """
    if key not in keys_in_order:
        raise TimingError(gettext("There is no session “%(key)s” to move.", key=key))
    keys = list(keys_in_order)
    index = keys.index(key)
    keys.pop(index)
    target = min(max(index + offset, 0), len(keys))
    keys.insert(target, key)
    return keys


def reorder(keys_in_order: Sequence[str], new_order: Sequence[str]) -> list[str]:
    """Check that ``new_order`` lists exactly the keys of ``keys_in_order``, and return it.

    Used for drag-and-drop reordering, where the browser sends the whole new order.
    Raises :class:`TimingError` naming repeated, unknown and missing keys otherwise.
    """
    complaints: list[str] = []
    repeated = [k for k, n in Counter(new_order).items() if n > 1]
    if repeated:
        complaints.append(gettext("listed more than once: %(keys)s", keys=_keys(repeated)))
    known = set(keys_in_order)
    unknown = [k for k in dict.fromkeys(new_order) if k not in known]
    if unknown:
        complaints.append(gettext("not in this agenda: %(keys)s", keys=_keys(unknown)))
    given = set(new_order)
    missing = [k for k in dict.fromkeys(keys_in_order) if k not in given]
    if missing:
        complaints.append(gettext("missing: %(keys)s", keys=_keys(missing)))
    if not complaints and len(new_order) != len(keys_in_order):
        complaints.append(gettext("the number of sessions does not match"))
    if complaints:
        raise TimingError(
            gettext(
                "The new order is not a rearrangement of the sessions (%(problems)s).",
                problems="; ".join(complaints),
            )
        )
    return list(new_order)


def format_range(slot: Slot) -> str:
    """Format the slot's wall-clock range, e.g. ``09:30–11:00`` (``23:00–00:30`` past midnight)."""
    return f"{format_time(slot.starts_at)}–{format_time(slot.ends_at)}"


def format_date_range(first_day: date, last_day: date) -> str:
    """Format workshop dates for people.

    ``10 May``, ``10–12 May``, ``30 May – 2 June``, or ``30 December 2024 – 2 January 2025``
    when the years differ.
    """
    if first_day == last_day:
        return _format_day(first_day)
    if first_day.year != last_day.year:
        return f"{_format_day(first_day, 0)} – {_format_day(last_day, 0)}"
    if first_day.month != last_day.month:
        return f"{_format_day(first_day)} – {_format_day(last_day)}"
    return f"{first_day.day}–{_format_day(last_day)}"


def _overlap_message(earlier: Slot, later: Slot, usual_year: int) -> str:
    """Describe a clash, e.g. “A” (10:00–11:30) overlaps “B” (11:00–12:00) on 11 May ….

    Each slot gets its own day when they start on different days.
    """
    first_day = _format_day(earlier.day, usual_year)
    if earlier.day == later.day:
        return gettext(
            "“%(first)s” (%(first_times)s) overlaps “%(second)s” (%(second_times)s) on "
            "%(day)s for the same audience.",
            first=earlier.label,
            first_times=format_range(earlier),
            second=later.label,
            second_times=format_range(later),
            day=first_day,
        )
    return gettext(
        "“%(first)s” on %(first_day)s (%(first_times)s) overlaps “%(second)s” on "
        "%(second_day)s (%(second_times)s) for the same audience.",
        first=earlier.label,
        first_day=first_day,
        first_times=format_range(earlier),
        second=later.label,
        second_day=_format_day(later.day, usual_year),
        second_times=format_range(later),
    )


def format_day(day: date) -> str:
    """A day for people: ``Tuesday 12 May``; in the reader's language from CLDR
    (``Вторник, 12 мая``)."""
    language = _language()
    if language != "en":
        text = babel_dates.format_date(day, "EEEE, d MMMM", locale=language)
        return text[:1].upper() + text[1:]
    return f"{day:%A} {_format_day(day)}"


def _format_day(day: date, usual_year: int | None = None) -> str:
    """``14 May``, adding the year when it is not ``usual_year`` (always, if that is 0)."""
    language = _language()
    if language != "en":
        with_year = usual_year is not None and day.year != usual_year
        return babel_dates.format_date(day, "d MMMM y" if with_year else "d MMMM", locale=language)
    text = f"{day.day} {_MONTHS[day.month - 1]}"
    if usual_year is not None and day.year != usual_year:
        text += f" {day.year}"
    return text


def _keys(keys: Sequence[str]) -> str:
    return ", ".join(f"“{k}”" for k in keys)
