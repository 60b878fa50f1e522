"""The run sheet for a moment (planner.live.sheet), over plain data."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from planner.live.sheet import MomentError, as_instant, local_now, parse_moment, run_sheet
from planner.vocabulary import Audience, Community, SessionFormat
from planner.workshop_data import (
    GroupData,
    InvitationData,
    PersonData,
    SessionData,
    WorkshopData,
)

DAY = date(2027, 5, 10)


def session(uid, start, minutes, **kw):
    return SessionData(
        uid=uid,
        day=kw.pop("day", DAY),
        start=start,
        duration_minutes=minutes,
        title=uid,
        format=kw.pop("format", SessionFormat.PLENARY),
        **kw,
    )


def workshop(*sessions, invitations=()):
    return WorkshopData(
        uid="w",
        title="W",
        start_date=DAY,
        end_date=date(2027, 5, 11),
        timezone="Asia/Tbilisi",
        sessions=tuple(sessions),
        invitations=tuple(invitations),
    )


DATA = workshop(
    session("opening", time(9), 60),
    session(
        "caucus-am",
        time(10),
        60,
        audience=Audience.COMMUNITY,
        audience_community=Community.ARMENIAN,
    ),
    session(
        "caucus-az",
        time(10),
        60,
        audience=Audience.COMMUNITY,
        audience_community=Community.AZERBAIJANI,
        alongside_previous=True,
        position=1,
    ),
    session("lunch", time(11), 60, format=SessionFormat.BREAK),
    session("groups", time(12), 90),
    session("tomorrow", time(9), 60, day=date(2027, 5, 11)),
)


def test_the_running_session_has_its_time_left_and_the_next_follows():
    sheet = run_sheet(DATA, datetime(2027, 5, 10, 9, 15))
    assert [r.session.uid for r in sheet.running] == ["opening"]
    assert sheet.running[0].minutes_left == 45
    assert [s.uid for s in sheet.upcoming_first] == ["caucus-am", "caucus-az"]
    assert [s.uid for s in sheet.later] == ["lunch", "groups"]
    assert sheet.focus.uid == "opening"


def test_parallel_caucuses_are_both_running():
    sheet = run_sheet(DATA, datetime(2027, 5, 10, 10, 30))
    assert {r.session.uid for r in sheet.running} == {"caucus-am", "caucus-az"}
    assert [s.uid for s in sheet.done] == ["opening"]


def test_between_days_sessions_nothing_runs_and_the_next_is_the_focus():
    sheet = run_sheet(DATA, datetime(2027, 5, 10, 8, 0))
    assert sheet.running == ()
    assert sheet.focus.uid == "opening"


def test_a_moment_outside_the_workshop_shows_no_day():
    sheet = run_sheet(DATA, datetime(2027, 6, 1, 10, 0))
    assert sheet.day is None and sheet.remaining == () and sheet.focus is None


def test_groups_name_their_members_for_the_team():
    people = [
        InvitationData(
            uid=f"i{n}", person=PersonData(uid=f"p{n}", name=name, community=Community.ARMENIAN)
        )
        for n, name in enumerate(["Անի Հակոբյան", "Aygün Məmmədova", "Ольга"])
    ]
    groups_session = session(
        "groups",
        time(12),
        90,
        format=SessionFormat.SMALL_GROUPS,
        groups=(GroupData(1, ("i0", "i1")), GroupData(2, ("i2",))),
    )
    sheet = run_sheet(workshop(groups_session, invitations=people), datetime(2027, 5, 10, 12, 5))
    lines = sheet.groups(sheet.running[0].session)
    assert [(g.number, g.names) for g in lines] == [
        (1, ("Aygün Məmmədova", "Անի Հակոբյան")),
        (2, ("Ольга",)),
    ]


def test_next_after_skips_sessions_running_alongside():
    sheet = run_sheet(DATA, datetime(2027, 5, 10, 9, 15))
    assert sheet.next_after(DATA.sessions[0]).uid == "caucus-am"
    assert sheet.next_after(DATA.sessions[1]).uid == "lunch"
    assert sheet.next_after(DATA.sessions[4]) is None


def test_moments_are_read_in_the_workshops_time():
    assert parse_moment("2027-05-10T10:15") == datetime(2027, 5, 10, 10, 15)
    with pytest.raises(MomentError):
        parse_moment("tomorrow morning")
    with pytest.raises(MomentError):
        parse_moment("2027-05-10T10:15+04:00")
    # Tbilisi is UTC+4 all year.
    assert local_now("Asia/Tbilisi", datetime(2027, 5, 10, 6, 15)) == datetime(2027, 5, 10, 10, 15)
    assert as_instant(datetime(2027, 5, 10, 10, 15), "Asia/Tbilisi").isoformat() == (
        "2027-05-10T06:15:00+00:00"
    )
