"""The outbox in a browser (issue 18): a facilitator invites the demo workshop by keyboard,
reads a copy, sends; the participant opens the link from the e-mail and answers."""

from __future__ import annotations

import re

import pytest

from planner.demo import DEMO_TITLE
from tests.browser.conftest import sign_in
from tests.outbox.conftest import smtp  # noqa: F401 - the loopback SMTP server fixture

pytestmark = pytest.mark.browser

LINK = re.compile(r"(http://[^\s]+/a/[A-Za-z0-9_-]{43})")


def test_invite_review_send_and_answer_from_the_message(page, live_server, demo, smtp):  # noqa: F811
    from playwright.sync_api import expect

    app = live_server.app
    app.config.update(MAIL_SERVER=smtp.host, MAIL_PORT=smtp.port, OUTBOX_SEND_AT_ONCE=True)
    app.config["PUBLIC_URL"] = live_server.url
    app.extensions["mailman"].server = smtp.host
    app.extensions["mailman"].port = smtp.port
    email, password = next((e, p) for r, e, p in demo if r == "facilitator")
    participant_email = next(e for r, e, _p in demo if r == "participant")
    sign_in(page, live_server, email, password)

    page.goto(f"{live_server.url}/workshops/")
    page.get_by_role("link", name=DEMO_TITLE).click()
    page.get_by_role("link", name="Outbox (e-mail to participants)").click()
    page.get_by_role("link", name="Write to participants").click()
    # By keyboard: the message, whom to, and the button.
    page.get_by_label("Message", exact=True).focus()
    page.keyboard.press("Home")
    assert page.get_by_label("Message", exact=True).input_value() == "invitation"
    page.get_by_label("Everyone invited (not those who declined or withdrew)").check()
    page.get_by_role("button", name="Put the drafts in the outbox").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/outbox/$"))
    # People without an address are named as not reached by e-mail.
    flash = page.get_by_text(re.compile(r"^\d+ drafts? (is|are) in the outbox")).inner_text()
    drafts = int(flash.split()[0])
    assert drafts >= 1
    expect(page.get_by_role("heading", name="Not reached by e-mail")).to_be_visible()

    page.get_by_role("link", name=re.compile(r"^Invitation: ")).first.click()
    page.wait_for_url(re.compile(r"/outbox/[^/]+$"))
    expect(page.get_by_text("created when the message is sent").first).to_be_visible()
    assert not LINK.search(page.content())
    page.get_by_role("link", name="Outbox", exact=True).click()
    page.get_by_role("button", name=re.compile(r"^Send the selected")).click()
    page.wait_for_url(re.compile(r"/outbox/$"))
    expect(page.get_by_role("heading", name=f"Sent ({drafts})")).to_be_visible()

    received = smtp.received()
    assert len(received) == drafts and all(len(r.rcpt_tos) == 1 for r in received)
    mine = next(r for r in received if r.rcpt_tos == [participant_email])
    link = LINK.search(mine.message.get_content()).group(1)
    assert all(
        LINK.search(r.message.get_content()).group(1) not in page.content() for r in received
    )

    # The participant, no account needed: the link from the message, then an answer.
    page.context.clear_cookies()
    page.goto(link)
    page.get_by_role("button", name="Yes, I will attend").click()
    expect(page.get_by_text("Thank you: you are confirmed")).to_be_visible()
