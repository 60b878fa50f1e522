"""A demo day in the browser (issue 22): the run sheet, a late session, the day shifted and
published, the participant's calendar feed following, and the agenda read offline."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from planner.demo import DEMO_TITLE
from planner.extensions import db
from planner.models import Invitation, Person, Session, User, Workshop
from planner.participant.operations import issue_link, revoke_link
from planner.participant.tokens import LinkKind
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

FACILITATOR = "facilitator@demo.example"
PARTICIPANT = "participant@demo.example"


def _prepare(live_server):
    """The demo workshop's uid and first day, and the participant's private links."""
    with live_server.app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.title == DEMO_TITLE))
        invitation = db.session.scalar(
            select(Invitation)
            .join(Person)
            .join(User)
            .where(User.email == PARTICIPANT, Invitation.workshop_id == workshop.id)
        )
        agenda = issue_link(invitation, LinkKind.AGENDA, workshop.owner)
        calendar = issue_link(invitation, LinkKind.CALENDAR, workshop.owner)
        coffee = db.session.scalar(
            select(Session).where(
                Session.workshop_id == workshop.id,
                Session.day == workshop.start_date,
                Session.title == "Coffee break",
            )
        )
        facts = (workshop.uid, workshop.start_date, coffee.start_time, agenda, calendar)
        db.session.commit()
    return facts


def _stamp(day, hhmm: str) -> str:
    return f"DTSTART;TZID=Asia/Tbilisi:{day:%Y%m%d}T{hhmm.replace(':', '')}00"


def test_a_demo_day_runs_late_is_published_and_read_offline(browser, live_server, demo):
    uid, day, coffee_start, agenda_token, calendar_token = _prepare(live_server)
    assert f"{coffee_start:%H:%M}" == "15:15"
    feed = f"{live_server.url}/c/{calendar_token}.ics"

    # The participant opens the private agenda once, online: the device keeps it.
    participant = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    participant.set_default_timeout(15_000)
    phone = participant.new_page()
    phone.goto(f"{live_server.url}/a/{agenda_token}")
    phone.wait_for_selector("html[data-offline-ready=true]")
    expect(phone.get_by_text("Saved on this device")).to_be_visible()
    assert _stamp(day, "15:15") in phone.request.get(feed).text()

    # The facilitator runs the day from the run sheet, shown for 14:20 on the first day.
    team = browser.new_context(viewport={"width": 1024, "height": 1366})
    team.set_default_timeout(15_000)
    page = team.new_page()
    password = next(p for _role, email, p in demo if email == FACILITATOR)
    sign_in(page, live_server, FACILITATOR, password)
    page.goto(f"{live_server.url}/workshops/{uid}/live?at={day.isoformat()}T14:20")
    now = page.locator(".live-now")
    expect(now.get_by_text("Why we are here").first).to_be_visible()
    countdown = now.locator("[data-countdown-text]").first
    first = countdown.inner_text()
    assert re.fullmatch(r"5[45]:\d\d left", first), first  # 15:15 − 14:20, ticking
    page.wait_for_function(
        "t => document.querySelector('[data-countdown-text]').textContent !== t", arg=first
    )

    page.get_by_label("Running late by (minutes)").fill("15")
    page.get_by_role("button", name="Running late").click()
    page.wait_for_url(f"**/workshops/{uid}/live?at=*")
    flash = page.locator(".flash-success").first
    assert "“Coffee break” is now 15:30–15:50 (was 15:15–15:35)." in flash.inner_text()
    publish = page.locator(".live-publish")
    assert "“Coffee break” is now 15:30–15:50" in publish.inner_text()
    rest = page.locator(".live-rest")
    assert rest.locator(".live-next time").inner_text() == "15:30"
    # Not yet published: the calendar still has the old time.
    assert _stamp(day, "15:15") in page.request.get(feed).text()

    page.get_by_role("button", name="Publish the day to participants").click()
    expect(page.locator(".flash-success").first).to_contain_text("Version 2 of the agenda")
    published = page.locator(".flash-success").first.inner_text()
    assert "Version 2 of the agenda is published" in published
    assert "New time: “Coffee break” is now 15:30–15:50 (was 15:15–15:35)." in published
    ics = page.request.get(feed).text()
    assert _stamp(day, "15:30") in ics and _stamp(day, "15:15") not in ics

    # The participant's phone loses the network: the agenda opens from the device.
    phone.reload()
    phone.wait_for_selector("html[data-offline-ready=true]")
    participant.set_offline(True)
    # Meanwhile the day moves on at the venue: what the phone shows is its own copy.
    page.get_by_label("Running late by (minutes)").fill("10")
    page.get_by_role("button", name="Running late").click()
    expect(page.locator(".flash-success").first).to_contain_text("is now 15:40")
    page.get_by_role("button", name="Publish the day to participants").click()
    expect(page.locator(".flash-success").first).to_contain_text("Version 3 of the agenda")
    assert _stamp(day, "15:40") in page.request.get(feed).text()
    phone.reload()
    expect(phone.get_by_role("heading", level=1, name=DEMO_TITLE)).to_be_visible()
    coffee = phone.locator(".p-session", has_text="Coffee break").first
    assert coffee.locator(".when time").first.inner_text() == "15:30"
    expect(
        phone.get_by_text("You are offline: this is the copy saved on this device.")
    ).to_be_visible()
    expect(phone.get_by_text(re.compile(r"Page last updated"))).to_be_visible()

    # The link is revoked: the next visit online answers 404, and the copy is deleted.
    participant.set_offline(False)
    with live_server.app.app_context():
        invitation = db.session.scalar(
            select(Invitation).where(Invitation.agenda_token_hash.is_not(None))
        )
        revoke_link(invitation, LinkKind.AGENDA, None)
        db.session.commit()
    assert phone.reload().status == 404
    phone.wait_for_function("async () => (await caches.keys()).length === 0")
    registrations = phone.evaluate(
        "async () => (await navigator.serviceWorker.getRegistrations()).length"
    )
    assert registrations == 0
    team.close()
    participant.close()


def test_signing_out_removes_the_agenda_kept_on_the_device(browser, live_server, demo):
    uid, *_ = _prepare(live_server)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    password = next(p for _role, email, p in demo if email == PARTICIPANT)
    sign_in(page, live_server, PARTICIPANT, password)
    page.goto(f"{live_server.url}/my/workshops/{uid}")
    page.wait_for_selector("html[data-offline-ready=true]")
    assert page.evaluate("async () => (await caches.keys()).length") == 1
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
    page.wait_for_function("async () => (await caches.keys()).length === 0")
    registrations = page.evaluate(
        "async () => (await navigator.serviceWorker.getRegistrations()).length"
    )
    assert registrations == 0
    context.close()
