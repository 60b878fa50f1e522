"""Fixed starts in ``planner.agenda.timing``: a typed time sticks, the rest flows from it,
the gap before it is free time, and a fixed start that had to move is named."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

from hypothesis import given
from hypothesis import strategies as st

from planner.agenda.timing import (
    Slot,
    format_minutes,
    free_time,
    place_by_time,
    plan_day,
    reflow,
)
from planner.vocabulary import Audience

DAY = date(2026, 5, 12)


def slot(key: str, start: str = "09:00", minutes: int = 60, **flags) -> Slot:
    return Slot(
        key=key,
        day=DAY,
        start=time.fromisoformat(start),
        duration_minutes=minutes,
        audience=Audience.EVERYONE,
        title=key.title(),
        **flags,
    )


def at(hhmm: str) -> datetime:
    return datetime.combine(DAY, time.fromisoformat(hhmm))


def test_a_dinner_typed_at_half_past_seven_stays_there_with_free_time_before_it() -> None:
    plan = plan_day(
        [slot("plenary", "15:00", 155), slot("dinner", "19:30", 120, fixed=True)],
        day_start=time(15),
    )
    assert [f"{s.start:%H:%M}" for s in plan.slots] == ["15:00", "19:30"]
    assert plan.moved == ()
    assert [(g.before_key, g.starts_at, g.ends_at, g.minutes) for g in plan.free] == [
        ("dinner", at("17:35"), at("19:30"), 115)
    ]
    assert plan.ends_at == at("21:30")


def test_sessions_after_a_fixed_start_flow_from_it() -> None:
    slots = reflow(
        [slot("a", "09:00", 60), slot("lunch", "13:00", 60, fixed=True), slot("b", "09:00", 30)]
    )
    assert [f"{s.start:%H:%M}" for s in slots] == ["09:00", "13:00", "14:00"]


def test_a_fixed_start_the_sessions_before_it_run_past_is_pushed_and_named() -> None:
    plan = plan_day([slot("long", "18:00", 120), slot("dinner", "19:30", 90, fixed=True)])
    assert plan.slots[1].start == time(20)
    assert plan.slots[1].fixed
    [moved] = plan.moved
    assert (moved.key, moved.was, moved.now) == ("dinner", time(19, 30), time(20))
    assert moved.message == (
        "“Dinner” was fixed at 19:30 and now starts at 20:00, when the sessions before it end."
    )
    assert plan.free == ()


def test_a_fixed_session_moved_first_starts_the_day_and_is_named() -> None:
    plan = plan_day([slot("dinner", "19:30", 90, fixed=True), slot("a")], day_start=time(9))
    assert [f"{s.start:%H:%M}" for s in plan.slots] == ["09:00", "10:30"]
    assert [m.key for m in plan.moved] == ["dinner"]


def test_a_fixed_flag_on_a_session_alongside_follows_its_block() -> None:
    plan = plan_day(
        [slot("a", "09:00", 60), slot("b", "15:00", 30, fixed=True, alongside_previous=True)]
    )
    assert [f"{s.start:%H:%M}" for s in plan.slots] == ["09:00", "09:00"]
    assert plan.moved == ()


def test_place_by_time_puts_a_typed_start_in_order() -> None:
    day = reflow([slot("a", "09:00", 60), slot("b"), slot("c")])  # 09, 10, 11
    assert place_by_time(day, time(8)) == 0
    assert place_by_time(day, time(10)) == 1
    assert place_by_time(day, time(10, 30)) == 2
    assert place_by_time(day, time(19, 30)) == 3
    assert place_by_time([], time(9)) == 0


def test_format_minutes() -> None:
    assert [format_minutes(m) for m in (45, 60, 115, 600)] == [
        "45 min",
        "1 h",
        "1 h 55 min",
        "10 h",
    ]


# --- properties -------------------------------------------------------------------------


@st.composite
def day_slots(draw: st.DrawFn) -> list[Slot]:
    count = draw(st.integers(1, 10))
    return [
        Slot(
            key=f"s{i}",
            day=DAY,
            start=draw(
                st.times(min_value=time(6), max_value=time(23)).map(
                    lambda t: t.replace(second=0, microsecond=0)
                )
            ),
            duration_minutes=draw(st.integers(1, 90)),
            audience=Audience.EVERYONE,
            alongside_previous=draw(st.booleans()),
            fixed=draw(st.booleans()),
        )
        for i in range(count)
    ]


def _leads(slots) -> list[int]:
    return [i for i, s in enumerate(slots) if i == 0 or not s.alongside_previous]


@given(day_slots())
def test_every_fixed_start_is_kept_or_named_as_moved_later(slots: list[Slot]) -> None:
    plan = plan_day(slots)
    moved = {m.key: m for m in plan.moved}
    for i in _leads(slots)[1:]:
        before, after = slots[i], plan.slots[i]
        if before.fixed:
            if after.start == before.start:
                assert before.key not in moved
            else:
                assert moved[before.key].now == after.start
                assert after.starts_at > datetime.combine(DAY, before.start)


@given(day_slots())
def test_blocks_never_start_before_the_previous_block_ends(slots: list[Slot]) -> None:
    plan = plan_day(slots)
    leads = _leads(slots)
    for previous, following in zip(leads, leads[1:], strict=False):
        block_end = max(s.ends_at for s in plan.slots[previous:following])
        assert plan.slots[following].starts_at >= block_end
        # Only a fixed start leaves a gap, and the gap is reported as free time.
        if plan.slots[following].starts_at > block_end:
            assert slots[following].fixed
            assert any(
                g.before_key == slots[following].key and g.starts_at == block_end for g in plan.free
            )


@given(day_slots())
def test_free_time_of_the_plan_is_the_gaps_it_reported(slots: list[Slot]) -> None:
    plan = plan_day(slots)
    assert free_time(plan.slots) == list(plan.free)
    assert plan.ends_at == max(s.ends_at for s in plan.slots)


@given(day_slots())
def test_without_fixed_starts_the_day_is_packed(slots: list[Slot]) -> None:
    unfixed = [replace(s, fixed=False) for s in slots]
    plan = plan_day(unfixed)
    assert plan.free == () and plan.moved == ()


@given(day_slots())
def test_reflowing_a_reflowed_day_changes_nothing(slots: list[Slot]) -> None:
    once = plan_day(slots)
    twice = plan_day(once.slots, day_start=once.slots[0].start)
    assert twice.slots == once.slots
    assert twice.moved == ()
