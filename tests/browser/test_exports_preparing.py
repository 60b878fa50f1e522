"""In a browser (issue 17): a workshop started from a template on the new-workshop page, and
a PDF export that says "Preparing…" while it renders, then downloads under its own name."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import sign_in


def test_start_from_a_template_and_watch_a_pdf_being_prepared(page, live_server, accounts):
    email, password = accounts["facilitator"]
    sign_in(page, live_server, email, password)
    page.goto(f"{live_server.url}/workshops/new")
    page.get_by_label("Start from").select_option("confidence-building-one-day")
    page.get_by_label("Title").fill("Tbilisi: Երկխոսություն · dialoq")
    page.get_by_label("Venue").select_option("tbilisi")
    page.get_by_label("First day").fill("2027-05-10")
    page.get_by_role("button", name="Create workshop").click()
    page.wait_for_url(re.compile(r"/workshops/[\w-]+$"))
    expect(page.get_by_text("created as a draft from the template")).to_be_visible()
    assert "The hard conversation" in page.content()

    facilitator = page.locator("section.export-facilitator")
    expect(
        facilitator.get_by_role("heading", name=re.compile("Facilitator exports"))
    ).to_be_visible()
    link = facilitator.get_by_role("link", name="Facilitator brief (PDF)")
    status = facilitator.get_by_role("status")
    with page.expect_download(timeout=30_000) as download:
        link.focus()
        page.keyboard.press("Enter")
        # While the server renders, the link is busy and the group's live region says so.
        status.filter(has_text="Preparing Facilitator brief (PDF)").wait_for()
        assert link.get_attribute("aria-busy") == "true"
    assert download.value.suggested_filename.endswith(".pdf")
    status.filter(has_text="is ready").wait_for()
    assert link.get_attribute("aria-busy") is None


def test_a_refused_export_shows_the_servers_message_once(page, live_server, accounts):
    """A participant asking for the PDF of an agenda not yet published: the page says why."""
    from datetime import date

    from planner.auth.operations import find_user_by_email
    from planner.extensions import db
    from planner.people import operations as people_operations
    from planner.vocabulary import Community, InvitationRole, InvitationStatus
    from planner.workshops import methodology
    from tests.planning.conftest import workshop_values

    email, password = accounts["participant"]
    with live_server.app.app_context():
        owner = find_user_by_email(accounts["facilitator"][0])
        workshop = methodology.start_from_template(
            owner,
            methodology.find_template("confidence-building-one-day"),
            workshop_values(date(2027, 5, 10), days=1),
        )
        person = people_operations.create_person(
            people_operations.person_fields(name="Անի", community=Community.ARMENIAN, email=email)
        )
        person.user = find_user_by_email(email)
        people_operations.invite(
            workshop, person, InvitationRole.PARTICIPANT, InvitationStatus.CONFIRMED
        )
        db.session.commit()
        uid = workshop.uid
    sign_in(page, live_server, email, password)
    page.goto(f"{live_server.url}/workshops/{uid}/exports")
    page.get_by_role("link", name="Participant brief (PDF)").click()
    message = page.get_by_text("has not been published yet")
    message.first.wait_for()
    assert message.count() == 1
