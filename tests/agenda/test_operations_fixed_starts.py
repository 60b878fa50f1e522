"""Agenda operations with fixed starts, in-place edits, duplicates and day copies
(issue 17, items 1 and 2): a typed start sticks, reordering keeps it or says what moved."""

from __future__ import annotations

import dataclasses
from datetime import date, time

import pytest
from sqlalchemy import select

from planner.agenda import operations
from planner.agenda.operations import AgendaReport, ScheduleRefused, SessionValues
from planner.exceptions import DomainError, EditConflict
from planner.extensions import db
from planner.models import AuditEvent, Session
from planner.vocabulary import Audience, Community, SessionFormat

DAY_1 = date(2027, 5, 10)
DAY_2 = date(2027, 5, 11)


def values(**overrides) -> SessionValues:
    base = SessionValues(
        title="Plenary",
        day=DAY_1,
        start_time=time(9, 0),
        duration_minutes=60,
        alongside_previous=False,
        format=SessionFormat.PLENARY,
        audience=Audience.EVERYONE,
        audience_community=None,
        description="",
        facilitator_notes="",
        topics=(),
    )
    return dataclasses.replace(base, **overrides)


def editor(session: Session, **overrides) -> SessionValues:
    current = {f.name: getattr(session, f.name) for f in dataclasses.fields(SessionValues)}
    current["topics"] = tuple(session.topics)
    return SessionValues(**{**current, **overrides})


@pytest.fixture
def workshop(make):
    return make.workshop(start_date=DAY_1, end_date=DAY_2)


@pytest.fixture
def afternoon(workshop):
    """15:00–16:30 Plenary, 16:30–17:35 Reflection, and a dinner typed at 19:30."""
    plenary = operations.create_session(
        workshop, values(title="Plenary", start_time=time(15), duration_minutes=90)
    )
    reflection = operations.create_session(
        workshop, values(title="Reflection", duration_minutes=65)
    )
    dinner = operations.create_session(
        workshop,
        values(
            title="Dinner near the Rialto",
            start_time=time(19, 30),
            duration_minutes=120,
            format=SessionFormat.INFORMAL,
            fixed_start=True,
        ),
    )
    db.session.commit()
    return plenary, reflection, dinner


def agenda(workshop, on: date = DAY_1) -> list[tuple[str, str, bool]]:
    db.session.expire_all()
    rows = db.session.scalars(
        select(Session)
        .where(Session.workshop_id == workshop.id, Session.day == on)
        .order_by(Session.position)
    )
    return [(s.title, f"{s.start_time:%H:%M}", s.fixed_start) for s in rows]


def test_a_dinner_typed_at_half_past_seven_is_saved_at_half_past_seven(workshop, afternoon):
    assert agenda(workshop) == [
        ("Plenary", "15:00", False),
        ("Reflection", "16:30", False),
        ("Dinner near the Rialto", "19:30", True),
    ]
    assert db.session.scalar(select(Session).where(Session.title == "Free time")) is None


def test_a_longer_session_before_the_dinner_keeps_the_dinner_where_it_is(workshop, afternoon):
    _, reflection, _ = afternoon
    report = AgendaReport()
    operations.change_duration(workshop, reflection, 120, reflection.version, report=report)
    assert agenda(workshop)[2] == ("Dinner near the Rialto", "19:30", True)
    assert report.moved == []
    assert report.messages() == ["Monday 10 May now ends at 21:30."]


def test_reordering_keeps_the_fixed_start(workshop, afternoon):
    plenary, reflection, dinner = afternoon
    operations.reorder_day(workshop, DAY_1, [reflection.uid, plenary.uid, dinner.uid])
    assert agenda(workshop) == [
        ("Reflection", "15:00", False),
        ("Plenary", "16:05", False),
        ("Dinner near the Rialto", "19:30", True),
    ]


def test_a_fixed_start_pushed_back_is_named(workshop, afternoon):
    _, reflection, _ = afternoon
    report = AgendaReport()
    operations.change_duration(workshop, reflection, 240, reflection.version, report=report)
    assert agenda(workshop)[2] == ("Dinner near the Rialto", "20:30", True)
    assert report.messages()[0] == (
        "“Dinner near the Rialto” was fixed at 19:30 and now starts at 20:30, "
        "when the sessions before it end."
    )


def test_moving_the_dinner_first_makes_it_start_the_day_and_says_so(workshop, afternoon):
    plenary, reflection, dinner = afternoon
    report = AgendaReport()
    operations.reorder_day(
        workshop, DAY_1, [dinner.uid, plenary.uid, reflection.uid], report=report
    )
    assert agenda(workshop)[0] == ("Dinner near the Rialto", "15:00", False)
    assert [m.key for m in report.moved] == [dinner.uid]


def test_a_start_typed_for_a_later_session_places_it_by_time_and_fixes_it(workshop, afternoon):
    plenary, reflection, dinner = afternoon
    operations.update_session(
        workshop,
        dinner,
        editor(dinner, start_time=time(16, 0), fixed_start=True),
        dinner.version,
    )
    assert agenda(workshop) == [
        ("Plenary", "15:00", False),
        ("Dinner near the Rialto", "16:30", True),
        ("Reflection", "18:30", False),
    ]


def test_unfixing_a_start_lets_the_session_flow(workshop, afternoon):
    dinner = afternoon[2]
    operations.update_session(workshop, dinner, editor(dinner, fixed_start=False), dinner.version)
    assert agenda(workshop)[2] == ("Dinner near the Rialto", "17:35", False)


def test_a_typed_start_before_the_first_session_starts_the_day(workshop, afternoon):
    operations.create_session(
        workshop,
        values(title="Coffee", start_time=time(14, 30), duration_minutes=30, fixed_start=True),
    )
    assert agenda(workshop)[:2] == [("Coffee", "14:30", False), ("Plenary", "15:00", False)]


def test_deleting_before_the_dinner_keeps_it(workshop, afternoon):
    _, reflection, _ = afternoon
    operations.delete_session(workshop, reflection, reflection.version)
    assert agenda(workshop) == [
        ("Plenary", "15:00", False),
        ("Dinner near the Rialto", "19:30", True),
    ]


def test_insert_after_puts_the_new_session_right_after_that_one(workshop, afternoon):
    plenary = afternoon[0]
    operations.create_session(workshop, values(title="Tea", duration_minutes=15), after=plenary)
    assert [t for t, _, _ in agenda(workshop)] == [
        "Plenary",
        "Tea",
        "Reflection",
        "Dinner near the Rialto",
    ]
    assert agenda(workshop)[2] == ("Reflection", "16:45", False)


def test_duplicate_goes_right_after_with_its_flags_and_prompts(workshop, afternoon, make):
    plenary = afternoon[0]
    topic = make.topic()
    plenary.topics = [topic]
    db.session.commit()
    copy = operations.duplicate_session(workshop, plenary, plenary.version)
    assert agenda(workshop)[:3] == [
        ("Plenary", "15:00", False),
        ("Plenary (copy)", "16:30", False),
        ("Reflection", "18:00", False),
    ]
    assert [t.key for t in copy.topics] == [topic.key]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "session.duplicate"))
    assert event.details == {"of": plenary.uid}


def test_copy_day_to_an_empty_day_keeps_times_and_fixed_starts(workshop, afternoon):
    copies = operations.copy_day(workshop, DAY_1, DAY_2)
    assert len(copies) == 3
    assert agenda(workshop, DAY_2) == [
        ("Plenary", "15:00", False),
        ("Reflection", "16:30", False),
        ("Dinner near the Rialto", "19:30", True),
    ]
    assert len(agenda(workshop)) == 3, "the day copied from is unchanged"


def test_copy_day_refuses_the_same_day_and_an_empty_day(workshop, afternoon):
    with pytest.raises(DomainError, match="another day"):
        operations.copy_day(workshop, DAY_1, DAY_1)
    with pytest.raises(DomainError, match="has no sessions to copy"):
        operations.copy_day(workshop, DAY_2, DAY_1)


def test_change_duration_checks_the_version_and_the_range(workshop, afternoon):
    plenary = afternoon[0]
    with pytest.raises(EditConflict):
        operations.change_duration(workshop, plenary, 30, plenary.version + 5)
    with pytest.raises(DomainError, match="between 1 minute and 24 hours"):
        operations.change_duration(workshop, plenary, 0, plenary.version)


def test_change_duration_refuses_running_out_of_the_workshop(workshop, afternoon):
    db.session.rollback()
    d2 = operations.create_session(
        workshop, values(title="Late", day=DAY_2, start_time=time(23), duration_minutes=60)
    )
    with pytest.raises(ScheduleRefused, match="outside the workshop dates"):
        operations.change_duration(workshop, d2, 300, d2.version)


def test_an_imported_session_after_a_gap_keeps_its_start_on_later_edits(workshop, afternoon):
    plenary = afternoon[0]
    operations.create_session(
        workshop,
        values(title="Walk", day=DAY_2, start_time=time(9), duration_minutes=60),
        keep_start=True,
    )
    late = operations.create_session(
        workshop,
        values(title="Boat", day=DAY_2, start_time=time(14), duration_minutes=60),
        keep_start=True,
    )
    assert late.fixed_start
    operations.change_duration(workshop, plenary, 60, plenary.version)
    assert agenda(workshop, DAY_2) == [("Walk", "09:00", False), ("Boat", "14:00", True)]


def test_a_session_alongside_keeps_its_place_whatever_start_is_typed(workshop, afternoon):
    plenary = afternoon[0]
    caucus = dict(format=SessionFormat.CAUCUS, audience=Audience.COMMUNITY, duration_minutes=30)
    first = operations.create_session(
        workshop,
        values(title="Caucus A", audience_community=Community.ARMENIAN, **caucus),
        after=plenary,
    )
    second = operations.create_session(
        workshop,
        values(
            title="Caucus B",
            audience_community=Community.AZERBAIJANI,
            alongside_previous=True,
            **caucus,
        ),
        after=first,
    )
    operations.update_session(
        workshop,
        second,
        editor(second, start_time=time(11), fixed_start=True),
        second.version,
    )
    assert agenda(workshop)[:4] == [
        ("Plenary", "15:00", False),
        ("Caucus A", "16:30", False),
        ("Caucus B", "16:30", False),
        ("Reflection", "17:00", False),
    ]
