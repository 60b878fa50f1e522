"""The translations page on a phone (issue 19, item 4): the demo workshop's facilitator
translates a session title into Russian with the keyboard alone, without the page scrolling
sideways, and the participant reading Russian then sees it on the published agenda."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from planner.agenda.publishing import publish_agenda
from planner.demo import DEMO_TITLE
from planner.extensions import db
from planner.models import Session, User, Workshop
from planner.workshop_loading import load_workshop, load_workshop_page_data
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

FACILITATOR = "facilitator@demo.example"
PARTICIPANT = "participant@demo.example"


def _demo(live_server) -> tuple[str, str]:
    with live_server.app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.title == DEMO_TITLE))
        first = min(workshop.sessions, key=lambda s: (s.day, s.start_time, s.position))
        return workshop.uid, first.title


def test_a_facilitator_translates_on_a_phone_with_the_keyboard(phone_page, live_server, demo):
    page = phone_page
    uid, title = _demo(live_server)
    password = next(p for _role, email, p in demo if email == FACILITATOR)
    sign_in(page, live_server, FACILITATOR, password)

    page.goto(f"{live_server.url}/workshops/{uid}")
    page.get_by_role("link", name="Translations of what participants read").click()
    page.wait_for_url(f"**/workshops/{uid}/translations")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Translations of what participants read"
    )
    # One column at phone width: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    group = page.get_by_role("group", name=f"“{title}”", exact=False).first
    field = group.get_by_label("Russian (ru)").first
    expect(field).to_have_attribute("lang", "ru")
    field.focus()
    page.keyboard.type("Открытие: приветствие и правила")
    # Tab along to the save button and press it, as a keyboard user would.
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type === 'submit'"):
            break
    page.keyboard.press("Enter")
    expect(page.get_by_text("Translations saved.")).to_be_visible()
    expect(group.get_by_label("Russian (ru)").first).to_have_value(
        "Открытие: приветствие и правила"
    )

    with live_server.app.app_context():
        workshop = load_workshop(uid)
        publish_agenda(workshop, load_workshop_page_data(uid), workshop.owner)
        user = db.session.scalar(select(User).where(User.email == PARTICIPANT))
        user.preferred_language = "ru"
        session = db.session.scalar(select(Session).where(Session.title == title))
        assert session.translations["title"]["ru"] == "Открытие: приветствие и правила"
        db.session.commit()
    page.context.clear_cookies()
    password = next(p for _role, email, p in demo if email == PARTICIPANT)
    sign_in(page, live_server, PARTICIPANT, password)
    page.goto(f"{live_server.url}/my/workshops/{uid}")
    heading = page.locator('h4 span[lang="ru"]', has_text="Открытие: приветствие и правила")
    expect(heading).to_be_visible()
