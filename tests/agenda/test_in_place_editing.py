"""The agenda editor's in-place edits over HTTP (issue 17, item 2).

With ``HX-Request: true`` (htmx) each edit answers with the day redrawn and the outcome in
the live region (an out-of-band swap of ``#agenda-status``); without it the same form posts
and redirects back to the agenda with the outcome as a flash. Refusals save nothing.
"""

from __future__ import annotations

import html
import re
from datetime import date, time

import pytest
from sqlalchemy import select

from planner.extensions import db
from planner.models import Session
from planner.vocabulary import Role, SessionFormat

DAY1, DAY2 = date(2027, 5, 10), date(2027, 5, 11)
HX = {"HX-Request": "true"}


@pytest.fixture
def owner(make):
    return make.user(Role.FACILITATOR, name="Owner")


@pytest.fixture
def workshop(make, owner):
    return make.workshop(owner=owner, title="Venice dialogue", timezone="Europe/Rome")


@pytest.fixture
def afternoon(make, workshop):
    """15:00 Plenary (90) → 16:30 Reflection (65), on the first day."""
    return [
        make.session(
            workshop, title="Plenary", start_time=time(15), duration_minutes=90, position=0
        ),
        make.session(
            workshop, title="Reflection", start_time=time(16, 30), duration_minutes=65, position=1
        ),
    ]


@pytest.fixture
def signed_in(client, login, owner):
    login(owner)
    return client


def agenda(workshop, on: date = DAY1) -> list[tuple[str, str, bool]]:
    db.session.expire_all()
    rows = db.session.scalars(
        select(Session)
        .where(Session.workshop_id == workshop.id, Session.day == on)
        .order_by(Session.position)
    )
    return [(s.title, f"{s.start_time:%H:%M}", s.fixed_start) for s in rows]


def status(page: str) -> str:
    """The text swapped into the live region."""
    match = re.search(r'<div id="agenda-status" hx-swap-oob="innerHTML">(.*?)</div>', page, re.S)
    assert match, "the answer fills the live region"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def test_quick_add_with_a_typed_start_keeps_it_and_shows_the_free_time(
    signed_in, workshop, afternoon
):
    response = signed_in.post(
        f"/workshops/{workshop.uid}/agenda/{DAY1}/sessions",
        data={
            "title": "Dinner",
            "start_time": "19:30",
            "duration_minutes": "120",
            "format": "informal",
        },
        headers=HX,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.lstrip().startswith('<section class="agenda-day" id="day-section-2027-05-10"')
    assert status(page) == "“Dinner” added: 19:30–21:30."
    assert "17:35–19:30</span> <span>Free time (1 h 55 min)" in page
    assert "Fixed start" in page
    assert 'data-focus="q-2027-05-10-title"' in page
    assert agenda(workshop)[-1] == ("Dinner", "19:30", True)


def test_quick_add_without_a_start_follows_on(signed_in, workshop, afternoon):
    signed_in.post(
        f"/workshops/{workshop.uid}/agenda/{DAY1}/sessions",
        data={"title": "Walk", "duration_minutes": "30", "format": "informal"},
        headers=HX,
    )
    assert agenda(workshop)[-1] == ("Walk", "17:35", False)


def test_quick_add_without_script_redirects_to_the_agenda_with_a_flash(
    signed_in, workshop, afternoon
):
    response = signed_in.post(
        f"/workshops/{workshop.uid}/agenda/{DAY1}/sessions",
        data={"title": "Walk", "duration_minutes": "30", "format": "informal"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].split("#")[0].endswith(f"/workshops/{workshop.uid}/agenda")
    page = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "“Walk” added: 17:35–18:05." in page


def test_quick_add_refuses_bad_input_naming_the_field_and_saves_nothing(
    signed_in, workshop, afternoon
):
    page = signed_in.post(
        f"/workshops/{workshop.uid}/agenda/{DAY1}/sessions",
        data={"title": "", "start_time": "nonsense", "duration_minutes": "0", "format": "plenary"},
        headers=HX,
    ).get_data(as_text=True)
    assert status(page) == "Not added: check the fields marked."
    assert 'id="q-2027-05-10-title-error"' in page and "Give a title." in page
    assert "A session lasts between 5 and 720 minutes." in page
    assert "Give a time such as 19:30, or leave it empty." in page
    assert len(agenda(workshop)) == 2


def test_quick_add_refused_by_the_schedule_says_why(signed_in, workshop, afternoon):
    page = signed_in.post(
        f"/workshops/{workshop.uid}/agenda/{DAY2}/sessions",
        data={
            "title": "Late",
            "start_time": "23:00",
            "duration_minutes": "600",
            "format": "informal",
        },
        headers=HX,
    ).get_data(as_text=True)
    assert "outside the workshop dates" in status(page)
    assert 'class="is-error"' in page
    assert agenda(workshop, DAY2) == []


def test_insert_form_and_insert_after_a_session(signed_in, workshop, afternoon):
    plenary = afternoon[0]
    form = signed_in.get(
        f"/workshops/{workshop.uid}/agenda/{DAY1}/insert?after={plenary.uid}", headers=HX
    ).get_data(as_text=True)
    assert f'name="after" value="{plenary.uid}"' in form
    assert "Insert a session here" in form
    assert f'data-focus="q-2027-05-10-{plenary.uid}-title"' in form, "the focus goes to it"
    signed_in.post(
        f"/workshops/{workshop.uid}/agenda/{DAY1}/sessions",
        data={"title": "Tea", "duration_minutes": "15", "format": "break", "after": plenary.uid},
        headers=HX,
    )
    assert agenda(workshop) == [
        ("Plenary", "15:00", False),
        ("Tea", "16:30", False),
        ("Reflection", "16:45", False),
    ]


def test_insert_without_script_opens_the_full_form_there(signed_in, workshop, afternoon):
    plenary = afternoon[0]
    response = signed_in.get(f"/workshops/{workshop.uid}/agenda/{DAY1}/insert?after={plenary.uid}")
    assert response.status_code == 302
    assert f"after={plenary.uid}" in response.headers["Location"]
    page = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="16:30"' in page, "proposes the start right after that session"


def test_move_announces_the_new_place_and_keeps_the_focus(signed_in, workshop, afternoon):
    reflection = afternoon[1]
    page = signed_in.post(
        f"/workshops/{workshop.uid}/sessions/{reflection.uid}/move",
        data={"direction": "up", "version": reflection.version},
        headers=HX,
    ).get_data(as_text=True)
    assert status(page) == "“Reflection” moved to place 1 of 2 on Monday 10 May: 15:00–16:05."
    assert f'data-focus="up-{reflection.uid} down-{reflection.uid} edit-{reflection.uid}"' in page
    assert [t for t, _, _ in agenda(workshop)] == ["Reflection", "Plenary"]


def test_a_stale_move_is_a_conflict_and_changes_nothing(signed_in, workshop, afternoon):
    reflection = afternoon[1]
    page = signed_in.post(
        f"/workshops/{workshop.uid}/sessions/{reflection.uid}/move",
        data={"direction": "up", "version": reflection.version + 3},
        headers=HX,
    ).get_data(as_text=True)
    assert "changed by someone else" in status(page)
    assert [t for t, _, _ in agenda(workshop)] == ["Plenary", "Reflection"]
    assert f'name="version" value="{reflection.version}"' in page, "the current version"


def test_duration_in_place_moves_later_sessions_and_says_when_the_day_ends(
    signed_in, workshop, afternoon
):
    plenary = afternoon[0]
    page = signed_in.post(
        f"/workshops/{workshop.uid}/sessions/{plenary.uid}/duration",
        data={"minutes": "120", "version": plenary.version},
        headers=HX,
    ).get_data(as_text=True)
    assert status(page) == (
        "“Plenary” now lasts 120 minutes: 15:00–17:00. Monday 10 May now ends at 18:05."
    )
    assert agenda(workshop)[1] == ("Reflection", "17:00", False)


def test_duration_out_of_range_is_refused(signed_in, workshop, afternoon):
    plenary = afternoon[0]
    page = signed_in.post(
        f"/workshops/{workshop.uid}/sessions/{plenary.uid}/duration",
        data={"minutes": "9999", "version": plenary.version},
        headers=HX,
    ).get_data(as_text=True)
    assert status(page) == "A session lasts between 5 and 720 minutes."
    assert agenda(workshop)[1] == ("Reflection", "16:30", False)


def test_duplicate_adds_a_copy_right_after(signed_in, workshop, afternoon):
    plenary = afternoon[0]
    page = signed_in.post(
        f"/workshops/{workshop.uid}/sessions/{plenary.uid}/duplicate",
        data={"version": plenary.version},
        headers=HX,
    ).get_data(as_text=True)
    assert status(page) == (
        "“Plenary (copy)” added after “Plenary”: 16:30–18:00. Monday 10 May now ends at 19:05."
    )
    assert [t for t, _, _ in agenda(workshop)] == ["Plenary", "Plenary (copy)", "Reflection"]


def test_copy_day_redraws_both_days(signed_in, workshop, afternoon):
    page = signed_in.post(
        f"/workshops/{workshop.uid}/agenda/{DAY1}/copy",
        data={"target": DAY2.isoformat()},
        headers=HX,
    ).get_data(as_text=True)
    assert status(page) == (
        "2 sessions of Monday 10 May copied to Tuesday 11 May. Tuesday 11 May now ends at 17:35."
    )
    assert re.search(r'<section [^>]*id="day-section-2027-05-11"[^>]*hx-swap-oob="outerHTML"', page)
    assert agenda(workshop, DAY2) == [("Plenary", "15:00", False), ("Reflection", "16:30", False)]


def test_copy_day_to_a_day_outside_the_workshop_is_refused(signed_in, workshop, afternoon):
    page = signed_in.post(
        f"/workshops/{workshop.uid}/agenda/{DAY1}/copy",
        data={"target": "2027-06-01"},
        headers=HX,
    ).get_data(as_text=True)
    assert status(page) == "Choose another of the workshop's days."


def test_delete_from_the_agenda_closes_up_the_day(signed_in, workshop, afternoon):
    plenary = afternoon[0]
    page = signed_in.post(
        f"/workshops/{workshop.uid}/sessions/{plenary.uid}/delete",
        data={"version": plenary.version, "from_agenda": "1"},
        headers=HX,
    ).get_data(as_text=True)
    assert status(page).startswith("“Plenary” deleted.")
    assert agenda(workshop) == [("Reflection", "15:00", False)]


def test_drag_answers_the_day_redrawn_and_what_to_announce(signed_in, workshop, afternoon):
    plenary, reflection = afternoon
    reply = signed_in.post(
        f"/workshops/{workshop.uid}/agenda/{DAY1}/order",
        json={"order": [reflection.uid, plenary.uid], "moved": reflection.uid},
    ).get_json()
    assert reply["message"].startswith("“Reflection” moved to place 1 of 2 on Monday 10 May")
    assert (
        reply["html"].lstrip().startswith('<section class="agenda-day" id="day-section-2027-05-10"')
    )
    assert [s["start"] for s in reply["sessions"]] == ["15:00", "16:05"]


def test_titles_in_any_script_are_escaped_in_the_answers(signed_in, workshop, afternoon):
    title = "Ընթրիք / Şam yeməyi / Ужин <b>&"
    page = signed_in.post(
        f"/workshops/{workshop.uid}/agenda/{DAY1}/sessions",
        data={"title": title, "duration_minutes": "60", "format": "informal"},
        headers=HX,
    ).get_data(as_text=True)
    assert "Ընթրիք / Şam yeməyi / Ужин &lt;b&gt;&amp;" in page
    assert "<b>&" not in page


def test_editor_page_shows_free_time_fixed_starts_and_loads_htmx(
    signed_in, workshop, afternoon, make
):
    make.session(
        workshop,
        title="Dinner",
        start_time=time(19, 30),
        duration_minutes=120,
        position=2,
        fixed_start=True,
        format=SessionFormat.INFORMAL,
    )
    page = signed_in.get(f"/workshops/{workshop.uid}/agenda").get_data(as_text=True)
    assert "Free time (1 h 55 min)" in page
    assert page.count('<span class="badge fixed">Fixed start</span>') == 1
    assert "3 sessions · 15:00–21:30 · 1 h 55 min free time" in page
    assert '<figure class="timeline" data-timeline>' in page
    assert "/static/vendor/htmx/htmx.min." in page


def test_the_full_form_saves_and_adds_another(signed_in, workshop, afternoon):
    response = signed_in.post(
        f"/workshops/{workshop.uid}/sessions/new",
        data={
            "title": "Walk",
            "day": DAY1.isoformat(),
            "start_time": "17:35",
            "duration_minutes": "30",
            "format": "informal",
            "audience": "everyone",
            "audience_community": "",
            "add_another": "1",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/sessions/new?day={DAY1.isoformat()}")
    form = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "“Walk” added: 17:35–18:05 on Monday 10 May." in form
    assert 'value="18:05"' in form, "the next one is proposed after it"


def test_more_actions_load_in_place_and_as_a_page_without_script(signed_in, workshop, afternoon):
    plenary = afternoon[0]
    url = f"/workshops/{workshop.uid}/sessions/{plenary.uid}/actions"
    fragment = signed_in.get(url, headers=HX).get_data(as_text=True)
    assert not fragment.lstrip().lower().startswith("<!doctype")
    assert f'id="minutes-{plenary.uid}"' in fragment and 'value="90"' in fragment
    assert f'hx-post="/workshops/{workshop.uid}/sessions/{plenary.uid}/duplicate"' in fragment
    assert 'hx-target="#day-section-2027-05-10"' in fragment
    page = signed_in.get(url).get_data(as_text=True)
    assert page.lstrip().lower().startswith("<!doctype")
    assert "Duration of “Plenary” (minutes)" in page and "Back to the agenda" in page
    editor = signed_in.get(f"/workshops/{workshop.uid}/agenda").get_data(as_text=True)
    assert f'hx-get="{url}" hx-trigger="toggle once"' in editor
    assert f'id="minutes-{plenary.uid}"' not in editor, "loaded when opened, not with the page"
