"""Dates at the edges of the calendar (issue 14, finding 3): pure rules stay total.

The workshop bounds (``planner.workshops.dates``) keep new workshops inside a sensible
range, but the rules and the timing functions take any ``date`` they are given and must
answer with findings or a ``TimingError``, never an ``OverflowError``.
"""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.agenda.timing import Slot, TimingError, check_schedule, format_range, reflow
from planner.readiness import RULES, review
from planner.vocabulary import Audience, SessionFormat
from planner.workshops.dates import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_WORKSHOP_DAYS,
    workshop_dates_problem,
)
from tests.unit.builders import session, workshop

EDGES = (date.min, date.min + timedelta(days=1), date.max - timedelta(days=1), date.max)
LATE = time(23, 30)


# --------------------------------------------------------------------------- the bounds


def test_a_workshop_in_the_sensible_range_has_no_date_problem():
    assert workshop_dates_problem(date(2027, 5, 10), date(2027, 5, 12)) is None
    last = date(2027, 5, 10) + timedelta(days=MAX_WORKSHOP_DAYS - 1)
    assert workshop_dates_problem(date(2027, 5, 10), last) is None


@pytest.mark.parametrize(
    "start, end, words",
    [
        (date(2027, 5, 10), date(9999, 12, 31), str(LAST_YEAR)),
        (date(9999, 12, 30), date(9999, 12, 31), str(LAST_YEAR)),
        (date(1, 1, 1), date(1, 1, 2), str(FIRST_YEAR)),
        (date(2027, 5, 10), date(2027, 5, 10) + timedelta(days=MAX_WORKSHOP_DAYS), "31 days"),
        (date(2027, 5, 12), date(2027, 5, 10), "before"),
    ],
)
def test_a_workshop_outside_the_bounds_is_refused_with_a_reason(start, end, words):
    problem = workshop_dates_problem(start, end)
    assert problem is not None and words in problem


# --------------------------------------------------------------------------- readiness rules


@pytest.mark.parametrize("end", [date.max, date.max - timedelta(days=1)])
def test_timing_rule_answers_for_a_workshop_ending_on_the_last_day_of_the_calendar(end):
    data = workshop(
        start_date=date(2027, 5, 10),
        end_date=end,
        sessions=(session("s1", "Opening"),),
    )
    findings = review(data)  # used to raise OverflowError in R7
    assert all(f.rule_id for f in findings)


def test_rules_answer_for_a_late_session_on_the_last_day_of_the_calendar():
    data = workshop(
        start_date=date.max,
        end_date=date.max,
        sessions=(
            session("s1", "Opening", day=date.max, start=LATE, duration_minutes=120),
            session("s2", "Caucus", day=date.max, start=time(23, 45), duration_minutes=60),
        ),
    )
    findings = review(data)
    assert "Sessions overlap" in {f.title for f in findings}


@given(
    start=st.sampled_from(EDGES) | st.dates(),
    length=st.integers(min_value=0, max_value=3),
    days=st.lists(st.sampled_from(EDGES) | st.dates(), min_size=1, max_size=4),
    start_time=st.times(),
    minutes=st.integers(min_value=1, max_value=24 * 60),
)
def test_every_rule_is_total_over_extreme_dates(start, length, days, start_time, minutes):
    try:
        end = start + timedelta(days=length)
    except OverflowError:
        end = date.max
    sessions = tuple(
        session(
            f"s{n}",
            f"Session {n}",
            day=day,
            start=start_time,
            duration_minutes=minutes,
            format=SessionFormat.PLENARY if n % 2 else SessionFormat.BREAK,
        )
        for n, day in enumerate(days)
    )
    data = workshop(start_date=start, end_date=end, sessions=sessions)
    for rule in RULES:
        assert isinstance(rule.function(data), list)


# --------------------------------------------------------------------------- agenda timing


def _slot(key: str, day: date, start: time = LATE, minutes: int = 120) -> Slot:
    return Slot(key=key, day=day, start=start, duration_minutes=minutes, audience=Audience.EVERYONE)


def test_a_slot_at_the_end_of_the_calendar_has_an_end_and_a_range():
    slot = _slot("a", date.max)
    assert slot.ends_at >= slot.starts_at
    assert format_range(slot).startswith("23:30–")


@pytest.mark.parametrize("last_day", [date.max, date.max - timedelta(days=1)])
def test_check_schedule_answers_for_the_last_days_of_the_calendar(last_day):
    slots = [_slot("a", last_day), _slot("b", last_day, time(23, 45), 30)]
    problems = check_schedule(slots, last_day, last_day)
    assert {p.kind for p in problems} >= {"overlap"}


def test_check_schedule_answers_for_the_first_day_of_the_calendar():
    problems = check_schedule([_slot("a", date.min, minutes=300)], date.min, date.min)
    assert [p.kind for p in problems] == ["outside_dates"]  # it runs past 03:00 next morning


def test_reflow_past_the_end_of_the_calendar_is_a_timing_error():
    with pytest.raises(TimingError, match="calendar"):
        reflow([_slot("a", date.max), _slot("b", date.max)])


@given(
    day=st.sampled_from(EDGES) | st.dates(),
    starts=st.lists(st.times(), min_size=1, max_size=4),
    minutes=st.integers(min_value=1, max_value=24 * 60),
)
def test_timing_functions_are_total_over_extreme_dates(day, starts, minutes):
    slots = [_slot(f"s{n}", day, start, minutes) for n, start in enumerate(starts)]
    assert isinstance(check_schedule(slots, day, day), list)
    try:
        packed = reflow(slots)
    except TimingError:
        return
    assert [s.key for s in packed] == [s.key for s in slots]
