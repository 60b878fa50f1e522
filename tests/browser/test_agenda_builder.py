"""A facilitator builds a day of the agenda in the browser (issue 3, items 4, 5, 9, 10;
issue 17: saving a new session comes back to the agenda, a drag does not reload it)."""

from __future__ import annotations

import re

import pytest

from planner.extensions import db
from planner.models import Invitation, Person, Workshop
from planner.vocabulary import Community, InvitationStatus
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

PEOPLE = [
    ("Անի Հակոբյան", Community.ARMENIAN),
    ("Արամ Պետրոսյան", Community.ARMENIAN),
    ("Լիլիթ Սարգսյան", Community.ARMENIAN),
    ("Aygün Məmmədova", Community.AZERBAIJANI),
    ("Toğrul Bağırov", Community.AZERBAIJANI),
    ("Ольга Смирнова", Community.INTERNATIONAL),
]

SESSIONS = [
    ("Opening and ground rules", "60", "Opening"),
    ("How each side sees the other", "90", "Plenary"),
    ("Coffee", "30", "Break"),
    ("Mixed groups", "60", "Small groups"),
]


def _times(page) -> list[tuple[str, str]]:
    """(title, "start–end") of each session of the first day, in page order."""
    day = page.locator("section.agenda-day").first
    day.wait_for()
    rows = []
    for item in day.locator("li.session").all():
        title = item.locator("h3").inner_text()
        start = item.locator("time.start").inner_text()
        end = item.locator("time.end").inner_text()
        rows.append((title, f"{start}–{end}"))
    return rows


def _create_workshop(page, live_server) -> str:
    page.goto(f"{live_server.url}/workshops/new")
    page.get_by_label("Title").fill("Venice confidence-building workshop")
    venue = page.get_by_label("Venue")
    venice = venue.locator("option", has_text="Venice").first.get_attribute("value")
    venue.select_option(venice)
    page.get_by_label("First day").fill("2027-05-10")
    page.get_by_label("Last day").fill("2027-05-11")
    page.get_by_role("button", name="Create workshop").click()
    page.wait_for_url(re.compile(r"/workshops/[\w-]+$"))
    return page.url.rsplit("/", 1)[1]


def _invite_six(live_server, uid: str) -> None:
    # The invitations UI belongs to another area; the people are created directly.
    with live_server.app.app_context():
        workshop = db.session.query(Workshop).filter_by(uid=uid).one()
        for name, community in PEOPLE:
            person = Person(name=name, community=community, consent_to_list=True)
            db.session.add(
                Invitation(workshop=workshop, person=person, status=InvitationStatus.CONFIRMED)
            )
        db.session.commit()


def _add_session(page, title: str, minutes: str, format_label: str) -> None:
    """The full session form, its proposed start left as it is (09:00 on an empty day, else
    when the day's last session ends); saving comes back to the agenda."""
    page.get_by_role("link", name="Add a session with every detail on 10 May").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Duration (minutes)").fill(minutes)
    page.get_by_label("Format").select_option(label=format_label)
    page.get_by_role("button", name="Add session", exact=True).click()
    page.get_by_text(f"“{title}” added:").wait_for()
    page.wait_for_url(lambda url: url.split("#")[0].endswith("/agenda"))


def _drag(page, source, target) -> None:
    """Drag ``source``'s handle onto the upper part of ``target`` with real mouse moves."""
    page.wait_for_load_state("load")  # agenda.js has set SortableJS up
    source.scroll_into_view_if_needed()
    handle = source.locator(".drag-handle").bounding_box()
    box = target.bounding_box()
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 5, y - 5, steps=5)  # past SortableJS's drag threshold
    # SortableJS starts the drag and swaps places on its own timers and animation frames: on a
    # busy machine (the suite runs two workers) the moves must give it time, as a hand would.
    page.wait_for_timeout(150)
    page.mouse.move(box["x"] + 40, box["y"] + box["height"] * 0.5, steps=12)
    page.wait_for_timeout(150)
    page.mouse.move(box["x"] + 40, box["y"] + box["height"] * 0.25, steps=12)
    page.wait_for_timeout(150)
    page.mouse.up()


def test_facilitator_builds_a_day_reorders_by_drag_and_drop_flags_and_adds_prompts(
    page, live_server, accounts
):
    sign_in(page, live_server, *accounts["facilitator"])
    uid = _create_workshop(page, live_server)
    _invite_six(live_server, uid)

    page.get_by_role("link", name="Agenda editor").click()
    for title, minutes, format_label in SESSIONS:
        _add_session(page, title, minutes, format_label)
    assert _times(page) == [
        ("Opening and ground rules", "09:00–10:00"),
        ("How each side sees the other", "10:00–11:30"),
        ("Coffee", "11:30–12:00"),
        ("Mixed groups", "12:00–13:00"),
    ]

    day = page.locator("section.agenda-day").first
    coffee = day.locator("li.session", has_text="Coffee")
    groups = day.locator("li.session", has_text="Mixed groups")
    # The editor saves the order and swaps in the day redrawn by the server (its timeline
    # too) without reloading: the announcement stays in the live region.
    page.evaluate("window.sameEditor = true")
    with page.expect_response(lambda r: r.url.endswith("/order")) as reply:
        _drag(page, groups, coffee)
    assert reply.value.ok
    page.locator("#agenda-status").get_by_text("“Mixed groups” moved to place 3 of 4").wait_for()
    assert page.evaluate("window.sameEditor") is True
    assert _times(page) == [
        ("Opening and ground rules", "09:00–10:00"),
        ("How each side sees the other", "10:00–11:30"),
        ("Mixed groups", "11:30–12:30"),
        ("Coffee", "12:30–13:00"),
    ]

    page.get_by_role("link", name="How each side sees the other", exact=True).click()
    flag = page.locator("form.session-editor").get_by_label("Status of Nagorno-Karabakh")
    flag.check()
    page.get_by_role("button", name="Save session").click()
    page.get_by_text("Session saved.").wait_for()
    assert flag.is_checked()
    for _ in range(2):
        page.locator("ul.library").get_by_role("button", name="Attach").first.click()
        page.get_by_text("Prompt attached.").wait_for()
    attached = page.locator("ol.attached-prompts > li")
    assert attached.count() == 2
    for n in range(2):
        assert "Quoting" in attached.nth(n).locator(".citation").inner_text()

    page.get_by_role("link", name="Back to the agenda").click()
    assert _times(page)[1:3] == [
        ("How each side sees the other", "10:00–11:30"),
        ("Mixed groups", "11:30–12:30"),
    ]
    plenary = page.locator("li.session", has_text="How each side sees the other")
    assert "Status of Nagorno-Karabakh" in plenary.inner_text()
    assert "2 prompts" in plenary.inner_text()
