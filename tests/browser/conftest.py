"""Browser harness: Playwright driving the system Chromium against a live server in a thread.

The server runs the real app (CSRF on) on a seeded SQLite file. Without Chromium or
Playwright the browser tests are skipped with the reason; with ``REQUIRE_BROWSER=1`` (CI)
they fail instead.
"""

from __future__ import annotations

import os
import shutil
import threading
from dataclasses import dataclass

import pytest
from flask import Flask
from werkzeug.serving import make_server

from planner import create_app
from planner.extensions import db

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
PASSWORD = "browser test password 1"


def _unavailable(reason: str):
    if os.environ.get("REQUIRE_BROWSER"):
        pytest.fail(f"Browser tests are required here but cannot run: {reason}")
    pytest.skip(f"Browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def _playwright():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(_playwright):
    executable = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    browser = _playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class LiveServer:
    url: str
    app: Flask


@pytest.fixture
def live_server(tmp_path):
    """The app served on a free loopback port, on a fresh seeded SQLite file."""
    from planner.seeding import load_seeds

    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'browser.db'}",
            "WTF_CSRF_ENABLED": True,
        }
    )
    with app.app_context():
        db.create_all()
        load_seeds()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def accounts(live_server) -> dict[str, tuple[str, str]]:
    """One account per role in the live server's database: role → (email, password)."""
    from planner.auth.operations import create_user

    rows = {}
    with live_server.app.app_context():
        for role in ("organiser", "facilitator", "participant"):
            email = f"{role}@browser.example"
            create_user(email, f"Browser {role}", role, PASSWORD)
            rows[role] = (email, PASSWORD)
        db.session.commit()
    return rows


@pytest.fixture
def demo(live_server) -> list[tuple[str, str, str]]:
    """The demo workshop and accounts (planner.demo), as printed: (role, email, password)."""
    from planner.demo import create_demo

    with live_server.app.app_context():
        return create_demo()


def _context_page(browser, **options):
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    return context, page


@pytest.fixture
def page(browser):
    context, page = _context_page(browser, viewport={"width": 1280, "height": 900})
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context, page = _context_page(
        browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    yield page
    context.close()


def sign_in(page, live_server: LiveServer, email: str, password: str) -> None:
    """Sign in through the real form and wait for the workshops list."""
    page.goto(f"{live_server.url}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)
