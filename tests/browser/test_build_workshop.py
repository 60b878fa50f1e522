"""A facilitator builds the three-day Venice workshop with the keyboard alone (issue 17).

From the three-day confidence-building template: the agenda is then shaped in place — eight
sessions deleted, one duplicated, one inserted after lunch, a farewell dinner typed at 19:30
added, a duration lengthened before a fixed dinner, a session moved up and back — until it
holds 17 sessions for 7 people. No
filler session is ever made, the dinners stay at 19:30, the live region announces each
change, and no edit reloads the page: a marker set on ``window`` after the agenda opened
is still there at the end. Every step is a key press (Tab, Enter, typing); the one dialog
(deleting asks first) is answered as Enter would answer it.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from planner.extensions import db
from planner.models import Invitation, Person, Session, Workshop
from planner.vocabulary import Community, InvitationStatus
from tests.browser.conftest import _context_page

pytestmark = pytest.mark.browser

PEOPLE = [
    ("Անի Հակոբյան", Community.ARMENIAN),
    ("Արամ Պետրոսյան", Community.ARMENIAN),
    ("Լիլիթ Սարգսյան", Community.ARMENIAN),
    ("Aygün Məmmədova", Community.AZERBAIJANI),
    ("Toğrul Bağırov", Community.AZERBAIJANI),
    ("Rəşad Əliyev", Community.AZERBAIJANI),
    ("Ольга Смирнова", Community.INTERNATIONAL),
]
TAB_LIMIT = 400


@pytest.fixture
def gb_page(browser):
    """A desktop page in a 24-hour locale (time fields read 19:30, not 07:30 PM)."""
    context, page = _context_page(browser, viewport={"width": 1280, "height": 900}, locale="en-GB")
    yield page
    context.close()


def focused(page, locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator, *, backwards: bool = False) -> int:
    """Press Tab (or Shift+Tab) until ``locator`` has the focus; returns the presses."""
    locator.wait_for(state="attached")
    for presses in range(1, TAB_LIMIT + 1):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if focused(page, locator):
            return presses
    raise AssertionError(f"{locator} never got the focus in {TAB_LIMIT} Tab presses")


def type_into(page, locator, text: str) -> None:
    tab_to(page, locator)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def focus_moves_to(page, element_id: str) -> None:
    page.wait_for_function(
        "id => document.activeElement && document.activeElement.id === id", arg=element_id
    )


def announced(page, text: str) -> None:
    page.locator("#agenda-status").get_by_text(text, exact=False).wait_for()


def _sign_in(page, live_server, email: str, password: str) -> None:
    page.goto(f"{live_server.url}/login")
    type_into(page, page.get_by_label("Email"), email)
    type_into(page, page.get_by_label("Password"), password)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)


def _invite_seven(live_server, uid: str) -> None:
    # Inviting people is the people pages' business (their own browser tests); the seven
    # confirmed participants are made directly.
    with live_server.app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.uid == uid))
        for name, community in PEOPLE:
            person = Person(name=name, community=community, consent_to_list=True)
            db.session.add(
                Invitation(workshop=workshop, person=person, status=InvitationStatus.CONFIRMED)
            )
        db.session.commit()


def _sessions(live_server, uid: str) -> list[tuple[str, str, str, bool]]:
    with live_server.app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.uid == uid))
        rows = db.session.scalars(
            select(Session)
            .where(Session.workshop_id == workshop.id)
            .order_by(Session.day, Session.position)
        )
        return [(s.day.isoformat(), f"{s.start_time:%H:%M}", s.title, s.fixed_start) for s in rows]


def _item(page, day: str, title: str):
    return page.locator(f"#day-section-{day} li.session").filter(
        has=page.get_by_role("heading", name=title, exact=True)
    )


def _start(page, day: str, title: str) -> str:
    return _item(page, day, title).locator("time.start").inner_text()


def _delete(page, day: str, title: str, ordinal: int = 0) -> None:
    item = _item(page, day, title).nth(ordinal)
    tab_to(page, item.locator("summary"))
    page.keyboard.press("Enter")  # opens "More"
    tab_to(page, item.get_by_role("button", name="Delete"))
    page.keyboard.press("Enter")
    announced(page, f"“{title}” deleted.")


def test_facilitator_builds_the_venice_workshop_from_a_template_with_the_keyboard(
    gb_page, live_server, accounts
):
    page = gb_page
    page.on("dialog", lambda dialog: dialog.accept())  # "Delete …?" — Enter accepts it
    loads: list[str] = []
    page.on("load", lambda p: loads.append(p.url))
    # The strict CSP (no inline script or style, no eval) holds with htmx at work.
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    _sign_in(page, live_server, *accounts["facilitator"])

    # A new workshop from the three-day template, in Venice, from 12 May 2027.
    page.goto(f"{live_server.url}/workshops/new")
    tab_to(page, page.get_by_label("Start from"))
    page.keyboard.type("Three")
    type_into(page, page.get_by_label("Title"), "Venice confidence-building workshop")
    tab_to(page, page.get_by_label("Venue"))
    page.keyboard.type("Venice")
    tab_to(page, page.get_by_label("First day"))
    page.keyboard.type("05122027")  # Chromium's date field reads month, day, year here
    tab_to(page, page.get_by_label("Title"), backwards=True)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: re.search(r"/workshops/[\w-]+$", url) and "/new" not in url)
    uid = page.url.rsplit("/", 1)[1]
    _invite_seven(live_server, uid)
    with live_server.app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.uid == uid))
        first_day, second_day, third_day = (d.isoformat() for d in workshop.days)
    assert first_day == "2027-05-12"
    from_template = _sessions(live_server, uid)
    assert len(from_template) == 22
    assert (first_day, "19:30", "Welcome dinner", True) in from_template

    tab_to(page, page.get_by_role("link", name="Agenda editor"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/agenda$"))
    page.wait_for_load_state("load")
    page.evaluate("window.builtWithoutReload = 'still the same page'")
    loads_before_editing = len(loads)

    # From the top of the page, the first session's Move down is a few Tab presses away
    # (the timeline before it is one stop, not one per session).
    first_move = page.locator(f"#day-section-{first_day} li.session").first.get_by_role(
        "button", name=re.compile("^Move down")
    )
    assert tab_to(page, first_move) <= 20
    # The timeline is one Tab stop; the arrow keys go from session to session inside it.
    timeline = page.locator(f"#day-section-{first_day} figure[data-timeline]")
    bars = timeline.locator("svg a")
    tab_to(page, bars.first, backwards=True)
    page.keyboard.press("ArrowRight")
    assert focused(page, bars.nth(1))
    page.keyboard.press("Tab")
    assert not timeline.evaluate("figure => figure.contains(document.activeElement)")

    # Eight sessions go: the agenda keeps 14 of the template's 22.
    _delete(page, first_day, "Coffee break")
    _delete(page, first_day, "Introductions in pairs")
    _delete(page, second_day, "Break")
    _delete(page, second_day, "What we heard")
    _delete(page, second_day, "Coffee break", 1)
    _delete(page, second_day, "Coffee break")
    _delete(page, third_day, "Coffee break")
    _delete(page, third_day, "Farewell lunch")

    # A second round of mixed groups, duplicated from the first, right after it.
    groups = _item(page, second_day, "How we see each other")
    tab_to(page, groups.locator("summary"))
    page.keyboard.press("Enter")
    tab_to(page, groups.get_by_role("button", name=re.compile("^Duplicate")))
    page.keyboard.press("Enter")
    announced(page, "“How we see each other (copy)” added after “How we see each other”")

    # Tea inserted right after lunch: the form opens there, with the focus in its title.
    lunch = _item(page, second_day, "Lunch together")
    lunch_uid = lunch.get_attribute("data-sid")
    tab_to(page, lunch.locator("summary"))
    page.keyboard.press("Enter")
    tab_to(page, lunch.get_by_role("link", name=re.compile("^Insert a session after")))
    page.keyboard.press("Enter")
    focus_moves_to(page, f"q-{second_day}-{lunch_uid}-title")
    page.keyboard.type("Tea with the mediators")
    type_into(page, page.locator(f"#q-{second_day}-{lunch_uid}-minutes"), "20")
    tab_to(page, page.locator(f"#q-{second_day}-{lunch_uid}-add"))
    page.keyboard.press("Enter")
    announced(page, "“Tea with the mediators” added")
    titles = page.locator(f"#day-section-{second_day} li.session h3").all_inner_texts()
    assert titles[titles.index("Lunch together") + 1] == "Tea with the mediators"

    # A farewell dinner typed at 19:30 on the last day: it stays at 19:30, with free time.
    add_title = page.locator(f"#q-{third_day}-title")
    type_into(page, add_title, "Farewell dinner near the Rialto")
    type_into(page, page.locator(f"#q-{third_day}-start"), "1930")
    type_into(page, page.locator(f"#q-{third_day}-minutes"), "120")
    tab_to(page, page.locator(f"#q-{third_day}-format"))
    page.keyboard.type("Informal")
    tab_to(page, page.locator(f"#q-{third_day}-add"))
    page.keyboard.press("Enter")
    announced(page, "“Farewell dinner near the Rialto” added: 19:30–21:30.")
    focus_moves_to(page, f"q-{third_day}-title")  # ready for the next one
    assert _start(page, third_day, "Farewell dinner near the Rialto") == "19:30"
    assert page.locator(f"#day-section-{third_day} li.free-time").count() == 1

    # A longer session before the welcome dinner: the dinner stays at 19:30.
    longer = _item(page, first_day, "What brings us here")
    tab_to(page, longer.locator("summary"))
    page.keyboard.press("Enter")
    type_into(page, longer.get_by_label(re.compile("Duration of")), "100")
    page.keyboard.press("Enter")
    announced(page, "“What brings us here” now lasts 100 minutes")
    assert _start(page, first_day, "Welcome dinner") == "19:30"

    # Move up and back down with the keyboard; each move is announced and keeps the focus.
    closing = _item(page, third_day, "Closing and reflection")
    tab_to(page, closing.get_by_role("button", name=re.compile("^Move up")))
    page.keyboard.press("Enter")
    announced(page, "“Closing and reflection” moved to place 2 of 4")
    closing_uid = _item(page, third_day, "Closing and reflection").get_attribute("data-sid")
    focus_moves_to(page, f"up-{closing_uid}")
    tab_to(
        page,
        _item(page, third_day, "Closing and reflection").get_by_role(
            "button", name=re.compile("^Move down")
        ),
    )
    page.keyboard.press("Enter")
    announced(page, "“Closing and reflection” moved to place 3 of 4")

    built = _sessions(live_server, uid)
    assert len(built) == 17
    assert (first_day, "19:30", "Welcome dinner", True) in built
    assert (third_day, "19:30", "Farewell dinner near the Rialto", True) in built
    assert not [row for row in built if "free time" in row[2].lower()], "no filler sessions"
    assert page.evaluate("window.builtWithoutReload") == "still the same page"
    assert len(loads) == loads_before_editing, f"edits reloaded the page: {loads}"
    with live_server.app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Invitation)) == 7
    # Sign-in page, workshops list, new workshop, the workshop, the agenda: nothing more.
    assert len(loads) == 5, loads
    assert refused == []
