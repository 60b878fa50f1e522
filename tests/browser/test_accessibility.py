"""Every form field on the main pages has a label, and the pages work at phone width."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planner.demo import DEMO_TITLE
from planner.extensions import db
from planner.models import Workshop
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

UNLABELLED = """() => Array.from(document.querySelectorAll('input, select, textarea'))
  .filter(el => el.type !== 'hidden' && el.type !== 'submit' && el.type !== 'button')
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby'))
  .map(el => el.outerHTML.slice(0, 120))"""

OVERFLOWING = """() => document.documentElement.scrollWidth > window.innerWidth + 1"""


def _pages(uid: str, session_uid: str) -> dict[str, list[str]]:
    return {
        "facilitator": [
            "/workshops/",
            "/workshops/new",
            f"/workshops/{uid}",
            f"/workshops/{uid}/readiness",
            f"/workshops/{uid}/edit",
            f"/workshops/{uid}/agenda",
            f"/workshops/{uid}/sessions/{session_uid}/edit",
            f"/workshops/{uid}/people",
            f"/workshops/{uid}/people/new",
            f"/workshops/{uid}/people/import",
            "/prompts/",
            "/sources/new",
        ],
        "organiser": ["/admin/users", "/admin/audit", "/venues/new", "/topics/new"],
        "participant": ["/my/", f"/my/workshops/{uid}", "/my/profile"],
    }


@pytest.fixture
def demo_world(live_server, demo):
    with live_server.app.app_context():
        workshop = db.session.scalar(select(Workshop).where(Workshop.title == DEMO_TITLE))
        session_uid = workshop.sessions[0].uid
        uid = workshop.uid
    accounts = {role: (email, password) for role, email, password in demo}
    return uid, session_uid, accounts


@pytest.mark.parametrize("role", ["facilitator", "organiser", "participant"])
def test_every_field_has_a_label(page, live_server, demo_world, role):
    uid, session_uid, accounts = demo_world
    sign_in(page, live_server, *accounts[role])
    for path in _pages(uid, session_uid)[role]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert page.evaluate(UNLABELLED) == [], path


@pytest.mark.parametrize("role", ["facilitator", "participant"])
def test_pages_fit_a_phone_screen(phone_page, live_server, demo_world, role):
    uid, session_uid, accounts = demo_world
    sign_in(phone_page, live_server, *accounts[role])
    for path in _pages(uid, session_uid)[role]:
        phone_page.goto(live_server.url + path)
        assert not phone_page.evaluate(OVERFLOWING), path
