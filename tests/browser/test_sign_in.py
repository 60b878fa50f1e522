"""The first browser test: every demo role signs in and sees the demo workshop."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from planner.demo import DEMO_TITLE
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("role", ["organiser", "facilitator", "participant"])
def test_each_demo_role_signs_in_and_sees_the_demo_workshop(page, live_server, demo, role):
    email, password = next((e, p) for r, e, p in demo if r == role)
    sign_in(page, live_server, email, password)
    page.goto(f"{live_server.url}/workshops/")
    link = page.get_by_role("link", name=DEMO_TITLE)
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", level=1, name=DEMO_TITLE)).to_be_visible()


def test_wrong_password_shows_the_message_in_the_page(page, live_server, accounts):
    email, _ = accounts["facilitator"]
    sign_in_page = f"{live_server.url}/login"
    page.goto(sign_in_page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("definitely wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("do not match an active account")).to_be_visible()
