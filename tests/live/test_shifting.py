"""Keeping the day on time over plain slots (planner.live.shifting)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.live.shifting import (
    LiveSlot,
    ShiftError,
    day_end,
    extend,
    run_late,
    skip,
    swap_with_next,
)

DAY = date(2027, 5, 10)


def at(hhmm: str) -> datetime:
    h, m = hhmm.split(":")
    return datetime.combine(DAY, datetime.min.time()).replace(hour=int(h), minute=int(m))


def slot(key, start, minutes, **kw) -> LiveSlot:
    return LiveSlot(
        key=key,
        title=kw.pop("title", key.capitalize()),
        starts_at=at(start),
        duration_minutes=minutes,
        **kw,
    )


def day():
    return [
        slot("opening", "09:00", 60),
        slot("plenary", "10:00", 90),
        slot("lunch", "11:30", 60),
        slot("groups", "12:30", 90),
    ]


def starts(outcome):
    return {s.key: f"{s.starts_at:%H:%M}" for s in outcome.slots}


END = day_end(DAY, day())


def test_running_late_moves_the_session_and_everything_after_it():
    outcome = run_late(day(), "plenary", 15, END)
    assert outcome.fits
    assert starts(outcome) == {
        "opening": "09:00",
        "plenary": "10:15",
        "lunch": "11:45",
        "groups": "12:45",
    }
    assert "“Plenary” is now 10:15–11:45 (was 10:00–11:30)." in outcome.changed
    assert "The day now ends at 14:15 (was 14:00)." in outcome.changed


def test_extending_keeps_the_start_and_pushes_the_rest():
    outcome = extend(day(), "plenary", 10, END)
    plenary = outcome.slot("plenary")
    assert (plenary.starts_at, plenary.duration_minutes) == (at("10:00"), 100)
    assert starts(outcome)["lunch"] == "11:40"


def test_a_gap_before_a_later_session_absorbs_the_delay_first():
    slots = [slot("a", "09:00", 60), slot("b", "10:20", 60), slot("c", "11:20", 30)]
    outcome = run_late(slots, "a", 15, day_end(DAY, slots))
    assert starts(outcome) == {"a": "09:15", "b": "10:20", "c": "11:20"}
    outcome = run_late(slots, "a", 30, day_end(DAY, slots))
    assert starts(outcome) == {"a": "09:30", "b": "10:30", "c": "11:30"}


def test_a_fixed_start_stays_and_what_no_longer_fits_before_it_is_named():
    slots = [
        slot("talk", "17:00", 60),
        slot("tea", "18:00", 30),
        slot("dinner", "19:00", 90, fixed=True),
    ]
    fits = run_late(slots, "talk", 30, day_end(DAY, slots))
    assert fits.fits and starts(fits) == {"talk": "17:30", "tea": "18:30", "dinner": "19:00"}
    refused = run_late(slots, "talk", 45, day_end(DAY, slots))
    assert not refused.fits
    assert refused.slots == tuple(slots)  # nothing moved
    assert refused.no_longer_fits == (
        "“Tea” would end at 19:15, after “Dinner” starts at 19:00 (a fixed start).",
    )


def test_the_sessions_after_a_fixed_start_flow_from_it_unchanged():
    slots = [
        slot("talk", "17:00", 60),
        slot("dinner", "19:00", 90, fixed=True),
        slot("walk", "20:30", 30),
    ]
    outcome = run_late(slots, "talk", 30, day_end(DAY, slots))
    assert starts(outcome) == {"talk": "17:30", "dinner": "19:00", "walk": "20:30"}


def test_nothing_may_be_pushed_past_the_days_end():
    slots = [slot("late", "22:00", 60), slot("night", "23:00", 50)]
    outcome = run_late(slots, "late", 30, day_end(DAY, slots))
    assert not outcome.fits
    assert "after the day's end (00:00)" in outcome.no_longer_fits[0]
    assert "“Night”" in outcome.no_longer_fits[0]


def test_sessions_running_alongside_move_with_their_block():
    slots = [
        slot("caucus-a", "09:00", 60),
        slot("caucus-b", "09:00", 45, alongside_previous=True),
        slot("plenary", "10:00", 60),
    ]
    outcome = run_late(slots, "caucus-a", 10, day_end(DAY, slots))
    assert starts(outcome) == {"caucus-a": "09:10", "caucus-b": "09:10", "plenary": "10:10"}


def test_skip_takes_the_session_off_and_leaves_the_others_in_place():
    outcome = skip(day(), "lunch")
    assert [s.key for s in outcome.slots] == ["opening", "plenary", "groups"]
    assert starts(outcome)["groups"] == "12:30"
    assert outcome.changed == ("“Lunch” (11:30–12:30) is skipped: it is taken off the day.",)


def test_swap_with_next_keeps_the_pairs_span():
    outcome = swap_with_next(day(), "plenary")
    assert [s.key for s in outcome.slots] == ["opening", "lunch", "plenary", "groups"]
    assert starts(outcome) == {
        "opening": "09:00",
        "lunch": "10:00",
        "plenary": "11:00",
        "groups": "12:30",
    }
    assert outcome.changed[0] == "“Lunch” and “Plenary” change places."


def test_swap_refuses_the_last_session_and_fixed_starts():
    with pytest.raises(ShiftError, match="last session"):
        swap_with_next(day(), "groups")
    slots = [slot("a", "09:00", 60), slot("b", "10:00", 60, fixed=True)]
    with pytest.raises(ShiftError, match="fixed start"):
        swap_with_next(slots, "a")


@pytest.mark.parametrize("minutes", [0, -5, 241])
def test_minutes_out_of_range_are_refused_with_the_range(minutes):
    with pytest.raises(ShiftError, match="between 1 and 240"):
        run_late(day(), "plenary", minutes, END)


def test_an_unknown_session_is_refused():
    with pytest.raises(ShiftError, match="reload"):
        run_late(day(), "gone", 5, END)


@given(
    durations=st.lists(st.integers(5, 120), min_size=1, max_size=8),
    gaps=st.lists(st.integers(0, 30), min_size=8, max_size=8),
    index=st.integers(0, 7),
    minutes=st.integers(1, 240),
)
def test_running_late_never_moves_anything_earlier_nor_before_the_change(
    durations, gaps, index, minutes
):
    slots, cursor = [], at("08:00")
    for n, (d, g) in enumerate(zip(durations, gaps, strict=False)):
        cursor += timedelta(minutes=g)
        slots.append(LiveSlot(key=f"s{n}", title=f"S{n}", starts_at=cursor, duration_minutes=d))
        cursor += timedelta(minutes=d)
    index = index % len(slots)
    outcome = run_late(slots, slots[index].key, minutes, day_end(DAY, slots))
    if not outcome.fits:
        return
    for before, after in zip(slots, outcome.slots, strict=True):
        assert after.starts_at >= before.starts_at
    for before, after in zip(slots[:index], outcome.slots[:index], strict=True):
        assert after == before
    for a, b in zip(outcome.slots, outcome.slots[1:], strict=False):
        assert a.ends_at <= b.starts_at  # still no overlap
