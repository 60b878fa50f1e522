"""The run sheet (/workshops/<uid>/live) and its buttons, through the test client."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planner.extensions import db
from planner.models import AgendaPublication, AuditEvent, LiveChangeRecord, Session
from planner.participant.tokens import LinkKind

AT = "2027-05-10T10:15"


def url(day, path=""):
    return f"/workshops/{day.workshop.uid}/live{path}"


def session_url(day, key, action):
    return url(day, f"/sessions/{day.sessions[key].uid}/{action}")


def reload(day, key) -> Session:
    db.session.expire_all()
    return db.session.scalar(select(Session).where(Session.uid == day.sessions[key].uid))


def starts(day) -> dict[str, str]:
    db.session.expire_all()
    rows = db.session.scalars(select(Session).where(Session.workshop_id == day.workshop.id))
    by_uid = {s.uid: s for s in rows}
    return {
        key: f"{by_uid[s.uid].start_time:%H:%M}"
        for key, s in day.sessions.items()
        if s.uid in by_uid
    }


def post(client, day, key, action, **data):
    session = reload(day, key)
    form = {"version": str(session.version), "at": AT, **data}
    return client.post(session_url(day, key, action), data=form, follow_redirects=True)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("owner", 200),
        ("co", 200),
        ("organiser", 200),
        ("other", 404),
        ("participant", 403),
    ],
)
def test_the_run_sheet_is_for_the_team(client, login, live_day, who, expected):
    login(getattr(live_day, who))
    assert client.get(url(live_day)).status_code == expected
    late = client.post(session_url(live_day, "plenary", "late"), data={"minutes": "5"})
    assert late.status_code == (302 if expected == 200 else expected)


def test_strangers_are_sent_to_sign_in(client, live_day):
    response = client.get(url(live_day))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_sheet_shows_the_running_session_with_its_notes_guidance_prompts_and_time_left(
    client, login, live_day
):
    login(live_day.co)
    html = client.get(url(live_day) + f"?at={AT}").get_data(as_text=True)
    now = html[html.index('id="now-h"') : html.index('id="rest-h"')]
    assert "Plenary: perceptions" in now
    assert "75 min left" in now  # 10:00 + 90 minutes, seen at 10:15
    assert "PLENARY-NOTES-SECRET" in now
    assert "HANDLING-status" in now
    assert "What changed in how you see the other side?" in now
    assert 'data-ends="2027-05-10T07:30:00+00:00"' in now  # 11:30 in Tbilisi (UTC+4)
    rest = html[html.index('id="rest-h"') :]
    assert rest.index("Lunch") < rest.index("Small groups") < rest.index("Site visit")
    assert "Next" in rest


def test_the_sheet_says_which_small_group_is_where(client, login, live_day):
    login(live_day.owner)
    html = client.get(url(live_day) + "?at=2027-05-10T12:45").get_data(as_text=True)
    assert "Group 1" in html
    assert "Aygün Məmmədova" in html and "Անի Հակոբյան" in html


def test_a_moment_outside_the_workshop_offers_its_days(client, login, live_day):
    login(live_day.owner)
    html = client.get(url(live_day) + "?at=2027-06-01T10:00").get_data(as_text=True)
    assert "does not run on 1 June 2027" in html
    assert "?at=2027-05-10T08:00" in html


def test_a_moment_that_cannot_be_read_is_said_so_and_now_is_shown(client, login, live_day):
    login(live_day.owner)
    response = client.get(url(live_day) + "?at=soon")
    assert response.status_code == 200
    assert "Give the moment as a date and time" in response.get_data(as_text=True)


def test_the_clock_can_be_set_for_the_team_by_configuration(app, client, login, live_day):
    from datetime import datetime

    app.config["LIVE_CLOCK"] = lambda: datetime(2027, 5, 10, 6, 15)  # 10:15 in Tbilisi
    login(live_day.owner)
    html = client.get(url(live_day)).get_data(as_text=True)
    assert "75 min left" in html


def test_running_late_shifts_the_rest_of_the_day_and_is_recorded(client, login, live_day):
    login(live_day.owner)
    html = post(client, live_day, "plenary", "late", minutes="15").get_data(as_text=True)
    assert starts(live_day) == {
        "opening": "09:00",
        "plenary": "10:15",
        "lunch": "11:45",
        "groups": "12:45",
        "visit": "15:00",
    }
    assert "“Lunch” is now 11:45–12:45 (was 11:30–12:30)." in html
    assert "Participants see this once you publish the day." in html
    record = db.session.scalar(select(LiveChangeRecord))
    assert (record.kind, record.minutes, record.session_uid) == (
        "late",
        15,
        live_day.sessions["plenary"].uid,
    )
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "live.late"))
    assert event.details["minutes"] == 15 and event.actor_id == live_day.owner.id
    # Nothing is published by the shift itself.
    assert db.session.scalar(select(AgendaPublication)) is None
    sheet = client.get(url(live_day) + f"?at={AT}").get_data(as_text=True)
    assert "Changes made on the run sheet" in sheet and "late" in sheet.lower()


def test_what_no_longer_fits_before_a_fixed_start_is_named_and_nothing_moves(
    client, login, live_day
):
    login(live_day.owner)
    html = post(client, live_day, "groups", "late", minutes="90").get_data(as_text=True)
    assert "Nothing was changed" in html
    assert "“Small groups” would end at 15:30, after “Site visit” starts at 15:00" in html
    assert starts(live_day)["groups"] == "12:30"
    assert db.session.scalar(select(LiveChangeRecord)) is None


def test_extending_pushes_the_rest_and_keeps_the_fixed_start(client, login, live_day):
    login(live_day.owner)
    post(client, live_day, "plenary", "extend", minutes="20")
    assert reload(live_day, "plenary").duration_minutes == 110
    assert starts(live_day)["lunch"] == "11:50" and starts(live_day)["visit"] == "15:00"


def test_skip_takes_the_session_off_the_day_and_keeps_the_others(client, login, live_day):
    login(live_day.owner)
    html = post(client, live_day, "lunch", "skip").get_data(as_text=True)
    assert "“Lunch” (11:30–12:30) is skipped" in html
    assert reload(live_day, "lunch") is None
    assert starts(live_day)["groups"] == "12:30"
    record = db.session.scalar(select(LiveChangeRecord))
    assert record.kind == "skip" and "Lunch" in record.summary[0]


def test_swap_with_next(client, login, live_day):
    login(live_day.owner)
    post(client, live_day, "plenary", "swap")
    assert starts(live_day)["lunch"] == "10:00" and starts(live_day)["plenary"] == "11:00"
    assert reload(live_day, "lunch").position < reload(live_day, "plenary").position


def test_a_fixed_start_is_not_swapped(client, login, live_day):
    login(live_day.owner)
    html = post(client, live_day, "groups", "swap").get_data(as_text=True)
    assert "“Site visit” has a fixed start" in html
    assert starts(live_day)["groups"] == "12:30"


@pytest.mark.parametrize("minutes", ["0", "-5", "999", "abc", ""])
def test_bad_minutes_are_refused_with_a_message(client, login, live_day, minutes):
    login(live_day.owner)
    html = post(client, live_day, "plenary", "late", minutes=minutes).get_data(as_text=True)
    assert ("between 1 and 240" in html) or ("Give a number of minutes" in html)
    assert starts(live_day)["plenary"] == "10:00"


def test_a_second_click_on_a_stale_sheet_is_refused(client, login, live_day):
    login(live_day.owner)
    stale = str(reload(live_day, "plenary").version)
    post(client, live_day, "plenary", "late", minutes="10")
    response = client.post(
        session_url(live_day, "plenary", "late"),
        data={"version": stale, "minutes": "10", "at": AT},
        follow_redirects=True,
    )
    assert "changed by someone else" in response.get_data(as_text=True)
    assert starts(live_day)["plenary"] == "10:10"


def test_publishing_the_day_sends_the_new_times_to_the_calendar_feed(client, login, live_day):
    from planner.participant.operations import issue_link

    login(live_day.owner)
    client.post(url(live_day, "/publish"), data={"at": AT})
    token = issue_link(live_day.invitation, LinkKind.CALENDAR, live_day.owner)
    db.session.commit()
    before = client.get(f"/c/{token}.ics").get_data(as_text=True)
    assert "DTSTART;TZID=Asia/Tbilisi:20270510T113000" in before  # lunch, as planned
    post(client, live_day, "plenary", "late", minutes="15")
    unchanged = client.get(f"/c/{token}.ics").get_data(as_text=True)
    assert "DTSTART;TZID=Asia/Tbilisi:20270510T113000" in unchanged  # not published yet
    sheet = client.get(url(live_day) + f"?at={AT}").get_data(as_text=True)
    pending = sheet[sheet.index('id="publish-h"') :]
    assert "Participants still see version 1" in pending
    assert "“Lunch” is now 11:45–12:45 (was 11:30–12:30)." in pending
    html = client.post(url(live_day, "/publish"), data={"at": AT}, follow_redirects=True).get_data(
        as_text=True
    )
    assert "Version 2 of the agenda is published" in html
    assert "New time: “Lunch” is now 11:45–12:45 (was 11:30–12:30)." in html
    assert "nothing was changed on the run sheet since" in html
    after = client.get(f"/c/{token}.ics").get_data(as_text=True)
    assert "DTSTART;TZID=Asia/Tbilisi:20270510T114500" in after
    assert "DTSTART;TZID=Asia/Tbilisi:20270510T113000" not in after


def test_the_workshop_page_links_the_run_sheet_for_the_team_only(client, login, live_day):
    login(live_day.owner)
    page = client.get(f"/workshops/{live_day.workshop.uid}").get_data(as_text=True)
    assert f'href="/workshops/{live_day.workshop.uid}/live"' in page
    client.post("/logout")
    login(live_day.participant)
    page = client.get(f"/workshops/{live_day.workshop.uid}").get_data(as_text=True)
    assert "/live" not in page


def test_the_run_sheet_reads_the_same_statements_for_a_longer_day(client, login, live_day, make):
    from datetime import time as clock

    from tests.sql_statements import statements_for

    login(live_day.owner)
    page = url(live_day) + f"?at={AT}"
    few = statements_for(client, page)
    for n in range(12):
        make.session(
            live_day.workshop,
            title=f"Extra {n}",
            day=live_day.workshop.end_date,
            start_time=clock(8 + n),
            position=n,
        )
    client.post(
        session_url(live_day, "plenary", "late"),
        data={"version": str(reload(live_day, "plenary").version), "minutes": "5", "at": AT},
    )
    assert statements_for(client, page) == few


def test_the_buttons_need_the_forms_csrf_token(app, client, login, live_day):
    login(live_day.owner)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(
            session_url(live_day, "plenary", "late"),
            data={"version": str(reload(live_day, "plenary").version), "minutes": "15"},
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code in (302, 400)
    assert starts(live_day)["plenary"] == "10:00"
    assert db.session.scalar(select(LiveChangeRecord)) is None
