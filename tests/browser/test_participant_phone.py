"""A participant on a phone (390×844) reads the published demo agenda and confirms attendance."""

from __future__ import annotations

from dataclasses import replace

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from planner.agenda.publishing import publish_agenda
from planner.demo import DEMO_TITLE
from planner.extensions import db
from planner.models import Invitation, Person, User, Workshop
from planner.redaction import forbidden_strings, viewer_for_invitation
from planner.vocabulary import InvitationStatus
from planner.workshop_loading import load_workshop, load_workshop_page_data
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

PARTICIPANT = "participant@demo.example"


def _prepare(live_server) -> tuple[str, set[str]]:
    """Publish the demo agenda, reopen the participant's answer; return (uid, secrets)."""
    with live_server.app.app_context():
        uid = db.session.scalar(select(Workshop.uid).where(Workshop.title == DEMO_TITLE))
        workshop = load_workshop(uid)
        facilitator = workshop.owner
        publish_agenda(workshop, load_workshop_page_data(workshop.uid), facilitator)
        invitation = db.session.scalar(
            select(Invitation)
            .join(Person)
            .join(User)
            .where(User.email == PARTICIPANT, Invitation.workshop_id == workshop.id)
        )
        invitation.status = InvitationStatus.INVITED
        invitation_uid = invitation.uid
        db.session.commit()
        data = load_workshop_page_data(uid)
        # The signed-in page: the one output listing everyone listed (issue 20).
        viewer = replace(viewer_for_invitation(data, invitation_uid), signed_in_page=True)
        secrets = forbidden_strings(data, viewer)
    return uid, secrets


def test_participant_reads_the_agenda_and_confirms_on_a_phone(phone_page, live_server, demo):
    page = phone_page
    uid, secrets = _prepare(live_server)
    assert secrets, "the demo should have facilitator-only texts to keep out"
    password = next(p for role, email, p in demo if email == PARTICIPANT)
    sign_in(page, live_server, PARTICIPANT, password)

    page.goto(f"{live_server.url}/my/")
    page.get_by_role("link", name="Read the agenda").first.click()
    page.wait_for_url(f"**/my/workshops/{uid}")
    expect(page.get_by_role("heading", level=1, name=DEMO_TITLE)).to_be_visible()
    expect(page.get_by_text("Tbilisi time (Asia/Tbilisi, UTC+04:00)").first).to_be_visible()
    expect(page.get_by_role("heading", name="Opening: welcome, ground rules")).to_be_visible()

    page.get_by_role("button", name="Yes, I will attend").click()
    page.wait_for_url(f"**/my/workshops/{uid}")
    expect(page.get_by_text("Thank you: you are confirmed")).to_be_visible()

    # Readable at 390px: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    text = page.inner_text("body")
    assert "Caucus: Azerbaijani participants" not in text
    assert [s for s in secrets if s in text] == []
    html = page.content()
    assert [s for s in secrets if s in html] == []
