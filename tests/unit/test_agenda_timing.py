"""Agenda timing rules: reflow, overlaps, workshop dates, ordering (``planner.agenda.timing``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.agenda.timing import (
    Slot,
    TimingError,
    TimingProblem,
    audiences_overlap,
    check_schedule,
    format_date_range,
    format_range,
    move,
    overlaps,
    reflow,
    reorder,
)
from planner.vocabulary import Audience, Community

DAY = date(2025, 5, 10)
FIRST, LAST = date(2025, 5, 10), date(2025, 5, 12)
ARM, AZE = Community.ARMENIAN, Community.AZERBAIJANI


def slot(
    key: str,
    start: str = "09:00",
    minutes: int = 60,
    *,
    day: date = DAY,
    audience: Audience = Audience.EVERYONE,
    community: Community | None = None,
    alongside: bool = False,
    title: str = "",
) -> Slot:
    if community is not None and audience == Audience.EVERYONE:
        audience = Audience.COMMUNITY
    return Slot(
        key=key,
        day=day,
        start=time.fromisoformat(start),
        duration_minutes=minutes,
        audience=audience,
        audience_community=community,
        alongside_previous=alongside,
        title=title,
    )


def starts(slots: list[Slot]) -> list[str]:
    return [f"{s.start:%H:%M}" for s in slots]


# --- Slot -------------------------------------------------------------------------------


def test_end_is_derived_and_may_cross_midnight() -> None:
    dinner = slot("dinner", "22:30", 150)
    assert dinner.starts_at == datetime(2025, 5, 10, 22, 30)
    assert dinner.ends_at == datetime(2025, 5, 11, 1, 0)
    assert format_range(dinner) == "22:30–01:00"
    assert format_range(slot("a", "09:30", 90)) == "09:30–11:00"


@pytest.mark.parametrize("minutes", [0, -5, 24 * 60 + 1])
def test_slot_refuses_impossible_durations(minutes: int) -> None:
    with pytest.raises(TimingError, match="between 1 minute and 24 hours"):
        slot("a", minutes=minutes)


def test_slot_allows_a_whole_day() -> None:
    assert slot("a", "00:00", 24 * 60).ends_at == datetime(2025, 5, 11)


def test_slot_audience_community_must_match_audience() -> None:
    with pytest.raises(TimingError, match="names none"):
        Slot("a", DAY, time(9), 60, Audience.COMMUNITY)
    with pytest.raises(TimingError, match="not for one community"):
        Slot("a", DAY, time(9), 60, Audience.FACILITATORS, ARM)


def test_label_falls_back_to_key() -> None:
    assert slot("k1").label == "k1"
    assert slot("k1", title="Opening").label == "Opening"


# --- reflow -----------------------------------------------------------------------------


def test_reflow_empty() -> None:
    assert reflow([]) == []


def test_reflow_packs_from_first_start() -> None:
    slots = [slot("a", "09:00", 60), slot("b", "13:00", 30), slot("c", "08:00", 45)]
    result = reflow(slots)
    assert starts(result) == ["09:00", "10:00", "10:30"]
    assert [s.key for s in result] == ["a", "b", "c"]
    assert [s.duration_minutes for s in result] == [60, 30, 45]
    assert slots[1].start == time(13)  # inputs untouched


def test_reflow_with_day_start() -> None:
    result = reflow([slot("a", "11:00", 60), slot("b", "12:00", 30)], day_start=time(9, 30))
    assert starts(result) == ["09:30", "10:30"]


def test_reflow_after_reorder() -> None:
    a, b, c = slot("a", "09:00", 60), slot("b", "10:00", 30), slot("c", "10:30", 90)
    by_key = {s.key: s for s in (a, b, c)}
    new_order = reorder(["a", "b", "c"], ["c", "a", "b"])
    result = reflow([by_key[k] for k in new_order], day_start=time(9))
    assert [(s.key, f"{s.start:%H:%M}") for s in result] == [
        ("c", "09:00"),
        ("a", "10:30"),
        ("b", "11:30"),
    ]


def test_reflow_after_resize() -> None:
    slots = reflow([slot("a", "09:00", 60), slot("b"), slot("c")])
    assert starts(slots) == ["09:00", "10:00", "11:00"]
    resized = [slots[0], replace(slots[1], duration_minutes=120), slots[2]]
    assert starts(reflow(resized)) == ["09:00", "10:00", "12:00"]


def test_reflow_removes_gaps() -> None:
    result = reflow([slot("a", "09:00", 60), slot("lunch", "13:00", 60)])
    assert starts(result) == ["09:00", "10:00"]


def test_reflow_alongside_pair_starts_together_and_next_waits_for_longer() -> None:
    slots = [
        slot("plenary", "09:00", 60),
        slot("caucus-arm", "10:00", 90, community=ARM),
        slot("caucus-aze", "10:00", 45, community=AZE, alongside=True),
        slot("lunch", "12:00", 60),
    ]
    result = reflow(slots)
    assert starts(result) == ["09:00", "10:00", "10:00", "11:30"]
    # The longer slot second: the block still ends with the longer one.
    slots[1], slots[2] = (
        slot("caucus-arm", minutes=45, community=ARM),
        slot("caucus-aze", minutes=90, community=AZE, alongside=True),
    )
    assert starts(reflow(slots)) == ["09:00", "10:00", "10:00", "11:30"]


def test_reflow_alongside_chain_of_three() -> None:
    slots = [
        slot("a", "09:00", 30),
        slot("b", minutes=60, alongside=True),
        slot("c", minutes=45, alongside=True),
        slot("d", minutes=15),
    ]
    assert starts(reflow(slots)) == ["09:00", "09:00", "09:00", "10:00"]


def test_reflow_ignores_alongside_on_the_first_slot() -> None:
    result = reflow([slot("a", "09:00", 30, alongside=True), slot("b")])
    assert starts(result) == ["09:00", "09:30"]
    assert result[0].alongside_previous is True  # flag kept as given


def test_reflow_crosses_midnight_into_the_next_day() -> None:
    result = reflow([slot("dinner", "22:00", 90), slot("walk", minutes=60)])
    assert result[1].day == date(2025, 5, 10)
    assert result[1].start == time(23, 30)
    assert result[1].ends_at == datetime(2025, 5, 11, 0, 30)
    result = reflow([slot("dinner", "22:00", 120), slot("walk", minutes=60)])
    assert (result[1].day, result[1].start) == (date(2025, 5, 11), time(0, 0))


def test_reflow_anchors_on_the_first_slot_day() -> None:
    result = reflow([slot("a", "09:00", day=date(2025, 5, 11)), slot("b", day=date(2025, 5, 1))])
    assert [s.day for s in result] == [date(2025, 5, 11), date(2025, 5, 11)]


# --- overlaps ---------------------------------------------------------------------------

EVERYONE = (Audience.EVERYONE, None)
FACILITATORS = (Audience.FACILITATORS, None)
CAUCUS_ARM = (Audience.COMMUNITY, ARM)
CAUCUS_AZE = (Audience.COMMUNITY, AZE)
CAUCUS_INTL = (Audience.COMMUNITY, Community.INTERNATIONAL)
AUDIENCES = [EVERYONE, FACILITATORS, CAUCUS_ARM, CAUCUS_AZE, CAUCUS_INTL]


def _aud(
    key: str, audience: tuple[Audience, Community | None], start: str = "10:00", minutes: int = 60
) -> Slot:
    return Slot(key, DAY, time.fromisoformat(start), minutes, audience[0], audience[1])


@pytest.mark.parametrize("first", AUDIENCES, ids=lambda a: f"{a[0]}-{a[1]}")
@pytest.mark.parametrize("second", AUDIENCES, ids=lambda a: f"{a[0]}-{a[1]}")
def test_overlap_matrix(
    first: tuple[Audience, Community | None], second: tuple[Audience, Community | None]
) -> None:
    distinct_caucuses = first[0] == second[0] == Audience.COMMUNITY and first[1] != second[1]
    a, b = _aud("a", first, "10:00", 90), _aud("b", second, "11:00", 60)
    assert overlaps(a, b) is (not distinct_caucuses)
    assert overlaps(b, a) is (not distinct_caucuses)
    assert audiences_overlap(a, b) is (not distinct_caucuses)
    # Apart in time, nothing overlaps, whatever the audiences.
    later = _aud("c", second, "11:30", 60)
    assert not overlaps(a, later)
    assert not overlaps(later, a)


def test_touching_sessions_do_not_overlap() -> None:
    assert not overlaps(slot("a", "09:00", 60), slot("b", "10:00", 60))
    assert overlaps(slot("a", "09:00", 61), slot("b", "10:00", 60))


def test_containment_overlaps() -> None:
    assert overlaps(slot("a", "09:00", 240), slot("b", "10:00", 30))
    assert overlaps(slot("b", "10:00", 30), slot("a", "09:00", 240))


def test_overlap_across_midnight() -> None:
    late = slot("party", "23:00", 120)
    early = slot("walk", "00:30", 60, day=date(2025, 5, 11))
    assert overlaps(late, early)
    assert not overlaps(late, slot("walk", "01:00", 60, day=date(2025, 5, 11)))
    # Same clock times on different days do not overlap.
    assert not overlaps(slot("a", "09:00"), slot("b", "09:00", day=date(2025, 5, 11)))


# --- check_schedule ---------------------------------------------------------------------


def test_clean_schedule_has_no_problems() -> None:
    slots = reflow(
        [
            slot("open", "09:00", 60, title="Opening"),
            slot("c1", minutes=90, community=ARM, title="Caucus"),
            slot("c2", minutes=90, community=AZE, alongside=True, title="Caucus"),
            slot("dinner", minutes=180, title="Dinner"),  # 10:00+90 → 11:30–14:30
        ]
    )
    assert check_schedule(slots, FIRST, LAST) == []


def test_overlap_message() -> None:
    caucus = slot("c", "10:00", 90, community=ARM, title="Caucus")
    plenary = slot("p", "11:00", 60, title="Plenary")
    assert check_schedule([plenary, caucus], FIRST, LAST) == [
        TimingProblem(
            "overlap",
            ("c", "p"),
            "“Caucus” (10:00–11:30) overlaps “Plenary” (11:00–12:00) "
            "on 10 May for the same audience.",
        )
    ]


def test_overlap_message_across_days() -> None:
    party = slot("party", "23:00", 120, title="Party")
    walk = slot("walk", "00:30", 60, day=date(2025, 5, 11), title="Walk")
    (problem,) = check_schedule([walk, party], FIRST, LAST)
    assert problem.keys == ("party", "walk")
    assert problem.message == (
        "“Party” on 10 May (23:00–01:00) overlaps “Walk” on 11 May (00:30–01:30) "
        "for the same audience."
    )


def test_parallel_caucuses_of_one_community_are_reported() -> None:
    slots = reflow(
        [slot("a", "10:00", 60, community=ARM), slot("b", community=ARM, alongside=True)]
    )
    assert [p.kind for p in check_schedule(slots, FIRST, LAST)] == ["overlap"]


def test_every_clashing_pair_is_reported_once_in_order() -> None:
    slots = [slot("a", "09:00", 180), slot("b", "10:00", 30), slot("c", "10:15", 30)]
    problems = check_schedule(slots, FIRST, LAST)
    assert [p.keys for p in problems] == [("a", "b"), ("a", "c"), ("b", "c")]


def test_outside_dates_message() -> None:
    dinner = slot("d", "19:00", 120, day=date(2025, 5, 14), title="Dinner")
    assert check_schedule([dinner], FIRST, LAST) == [
        TimingProblem(
            "outside_dates",
            ("d",),
            "“Dinner” on 14 May is outside the workshop dates (10–12 May).",
        )
    ]


def test_before_first_day_is_outside() -> None:
    (problem,) = check_schedule([slot("x", day=date(2025, 5, 9))], FIRST, LAST)
    assert problem.kind == "outside_dates"
    assert "on 9 May" in problem.message


def test_other_year_is_named() -> None:
    (problem,) = check_schedule([slot("x", day=date(2024, 5, 11))], FIRST, LAST)
    assert "on 11 May 2024 is outside" in problem.message


def test_ending_after_three_in_the_morning_after_the_last_day_is_outside() -> None:
    late = slot("d", "23:00", 300, day=LAST, title="Dinner")
    assert check_schedule([late], FIRST, LAST) == [
        TimingProblem(
            "outside_dates",
            ("d",),
            "“Dinner” on 12 May (23:00–04:00) ends after 03:00 the morning after the last "
            "day, outside the workshop dates (10–12 May).",
        )
    ]


def test_ending_after_midnight_on_the_last_day_is_fine() -> None:
    assert check_schedule([slot("d", "23:00", 60, day=LAST)], FIRST, LAST) == []
    assert check_schedule([slot("d", "23:00", 90, day=LAST)], FIRST, LAST) == []
    assert check_schedule([slot("d", "23:00", 240, day=LAST)], FIRST, LAST) == []


def test_crossing_midnight_before_the_last_day_is_fine() -> None:
    assert check_schedule([slot("d", "23:00", 90, day=FIRST)], FIRST, LAST) == []


def test_dates_problems_come_first_then_overlaps() -> None:
    slots = [
        slot("a", "09:00", 60),
        slot("b", "09:30", 60),
        slot("z", day=date(2025, 6, 1)),
        slot("y", day=date(2025, 5, 1)),
    ]
    problems = check_schedule(slots, FIRST, LAST)
    assert [(p.kind, p.keys) for p in problems] == [
        ("outside_dates", ("y",)),
        ("outside_dates", ("z",)),
        ("overlap", ("a", "b")),
    ]


def test_one_day_workshop() -> None:
    (problem,) = check_schedule([slot("x", day=date(2025, 5, 11))], DAY, DAY)
    assert problem.message.endswith("outside the workshop dates (10 May).")


def test_dates_in_the_wrong_order_leave_every_slot_outside() -> None:
    problems = check_schedule([slot("a", day=FIRST), slot("b", day=LAST)], LAST, FIRST)
    assert [(p.kind, p.keys) for p in problems] == [
        ("outside_dates", ("a",)),
        ("outside_dates", ("b",)),
    ]


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (date(2025, 5, 10), date(2025, 5, 10), "10 May"),
        (date(2025, 5, 10), date(2025, 5, 12), "10–12 May"),
        (date(2025, 5, 30), date(2025, 6, 2), "30 May – 2 June"),
        (date(2024, 12, 30), date(2025, 1, 2), "30 December 2024 – 2 January 2025"),
    ],
)
def test_format_date_range(first: date, last: date, expected: str) -> None:
    assert format_date_range(first, last) == expected


# --- move and reorder -------------------------------------------------------------------

KEYS = ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    ("key", "offset", "expected"),
    [
        ("b", -1, ["b", "a", "c", "d"]),
        ("b", 1, ["a", "c", "b", "d"]),
        ("b", 2, ["a", "c", "d", "b"]),
        ("b", 0, KEYS),
        ("a", -1, KEYS),  # clamped at the top
        ("d", 1, KEYS),  # clamped at the bottom
        ("c", -10, ["c", "a", "b", "d"]),
        ("b", 10, ["a", "c", "d", "b"]),
    ],
)
def test_move(key: str, offset: int, expected: list[str]) -> None:
    keys = list(KEYS)
    assert move(keys, key, offset) == expected
    assert keys == KEYS  # input untouched


def test_move_unknown_key() -> None:
    with pytest.raises(TimingError, match="no session “x”"):
        move(KEYS, "x", 1)


def test_reorder_accepts_a_permutation() -> None:
    assert reorder(KEYS, ["d", "a", "c", "b"]) == ["d", "a", "c", "b"]
    assert reorder([], []) == []


@pytest.mark.parametrize(
    ("new_order", "complaint"),
    [
        (["a", "b", "c"], "missing: “d”"),
        (["a", "b", "c", "d", "e"], "not in this agenda: “e”"),
        (["a", "b", "c", "c"], "listed more than once: “c”"),
        (["a", "b", "c", "x"], "not in this agenda: “x”; missing: “d”"),
        ([], "missing: “a”, “b”, “c”, “d”"),
    ],
)
def test_reorder_refuses_other_lists(new_order: list[str], complaint: str) -> None:
    with pytest.raises(TimingError, match="not a rearrangement") as raised:
        reorder(KEYS, new_order)
    assert complaint in str(raised.value)


def test_reorder_counts_repeats_in_the_old_order() -> None:
    with pytest.raises(TimingError, match="number of sessions"):
        reorder(["a", "a", "b"], ["a", "b"])


@given(st.permutations(KEYS), st.sampled_from(KEYS), st.integers(-6, 6))
def test_move_is_a_permutation_and_lands_clamped(keys: list[str], key: str, offset: int) -> None:
    moved = move(keys, key, offset)
    assert sorted(moved) == sorted(keys)
    assert moved.index(key) == min(max(keys.index(key) + offset, 0), len(keys) - 1)
    assert [k for k in moved if k != key] == [k for k in keys if k != key]
    assert reorder(keys, moved) == moved


# --- properties of reflow ---------------------------------------------------------------

audiences = st.sampled_from(AUDIENCES)


@st.composite
def day_slots(draw: st.DrawFn) -> list[Slot]:
    count = draw(st.integers(0, 12))
    result = []
    for i in range(count):
        audience, community = draw(audiences)
        result.append(
            Slot(
                key=f"s{i}",
                day=DAY,
                start=draw(st.times()),
                duration_minutes=draw(st.integers(1, 300)),
                audience=audience,
                audience_community=community,
                alongside_previous=draw(st.booleans()),
            )
        )
    return result


def _blocks(slots: list[Slot]) -> list[list[Slot]]:
    blocks: list[list[Slot]] = []
    for i, s in enumerate(slots):
        if i > 0 and s.alongside_previous:
            blocks[-1].append(s)
        else:
            blocks.append([s])
    return blocks


@settings(max_examples=300, deadline=None)
@given(day_slots(), st.none() | st.times())
def test_reflow_properties(slots: list[Slot], day_start: time | None) -> None:
    result = reflow(slots, day_start)
    # Order, keys, durations, audiences and flags are preserved.
    assert [s.key for s in result] == [s.key for s in slots]
    assert [s.duration_minutes for s in result] == [s.duration_minutes for s in slots]
    assert [(s.audience, s.alongside_previous) for s in result] == [
        (s.audience, s.alongside_previous) for s in slots
    ]
    if not slots:
        return
    expected_first = datetime.combine(DAY, day_start if day_start is not None else slots[0].start)
    assert result[0].starts_at == expected_first
    # Starts never go backwards.
    assert all(x.starts_at <= y.starts_at for x, y in pairwise(result))
    blocks = _blocks(result)
    for block in blocks:
        # Parallel slots start together.
        assert len({s.starts_at for s in block}) == 1
    for earlier, later in pairwise(blocks):
        # Packed: the next block starts exactly when the longest slot of the last ends.
        assert later[0].starts_at == max(s.ends_at for s in earlier)
    # No overlaps among slots of different blocks, whatever their audiences; in particular
    # no two non-alongside slots overlap, and an all-everyone day without parallel slots has
    # no problems at all.
    for i, block in enumerate(blocks):
        for other in blocks[i + 1 :]:
            for a in block:
                for b in other:
                    assert not overlaps(a, b)
    heads = [block[0] for block in blocks]
    sequential = reflow([replace(s, alongside_previous=False) for s in heads])
    last_day = max(s.ends_at for s in sequential).date()
    assert check_schedule(sequential, DAY, last_day) == []
