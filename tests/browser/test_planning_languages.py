"""The planning pages' scripts speak the page's language (issue 19): a facilitator who reads
Russian drags a session in the agenda editor and hears where it went in Russian, the
editor's own announcements (a server that answers with an error) are in Russian, and the
run sheet's countdown ticks in Russian — the scripts read their words from the page."""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from playwright.sync_api import expect

from planner.extensions import db
from planner.vocabulary import Role
from tests.browser.conftest import PASSWORD, sign_in
from tests.browser.test_agenda_builder import _drag
from tests.factories import Factories

pytestmark = pytest.mark.browser

MONDAY = date(2027, 5, 10)


def _russian_facilitator_workshop(live_server) -> tuple[str, str]:
    """A workshop on 10–11 May 2027 with two sessions, owned by a facilitator reading Russian."""
    make = Factories()
    with live_server.app.app_context():
        owner = make.user(
            Role.FACILITATOR, email="ru-facilitator@browser.example", password=PASSWORD
        )
        owner.preferred_language = "ru"
        workshop = make.workshop(owner=owner, start_date=MONDAY, end_date=date(2027, 5, 11))
        make.session(workshop, title="Открытие", start_time=time(9, 0), position=0)
        make.session(
            workshop, title="Кофе-брейк", start_time=time(10, 0), duration_minutes=30, position=1
        )
        db.session.commit()
        return workshop.uid, owner.email


def test_the_agenda_editor_and_the_run_sheet_speak_russian(page, live_server):
    uid, email = _russian_facilitator_workshop(live_server)
    sign_in(page, live_server, email, PASSWORD)

    page.goto(f"{live_server.url}/workshops/{uid}/agenda")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    day = page.locator("section.agenda-day").first
    opening = day.locator("li.session", has_text="Открытие")
    coffee = day.locator("li.session", has_text="Кофе-брейк")
    with page.expect_response(lambda r: r.url.endswith("/order")) as reply:
        _drag(page, coffee, opening)
    assert reply.value.ok
    status = page.locator("#agenda-status")
    expect(status).to_contain_text("«Кофе-брейк» перемещена на место 1 из 2")
    expect(status).to_contain_text("09:00–09:30")

    # What the script says on its own comes from the page, in Russian.
    page.evaluate(
        "document.body.dispatchEvent(new CustomEvent('htmx:responseError',"
        " {detail: {xhr: {status: 500}}}))"
    )
    expect(status).to_have_text(
        "Не сохранено (ответ сервера: 500). Обновите страницу и попробуйте снова."
    )

    # The run sheet, shown during the first session: its countdown ticks in Russian.
    page.goto(f"{live_server.url}/workshops/{uid}/live?at={MONDAY.isoformat()}T09:10")
    expect(page.get_by_role("heading", level=1, name="Ход дня")).to_be_visible()
    countdown = page.locator("[data-countdown-text]").first
    expect(countdown).to_have_text(re.compile(r"^осталось \d+:\d\d$"))
    assert "left" not in countdown.inner_text()
