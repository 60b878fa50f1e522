"""Take the README's screenshots: the demo, served locally, photographed by headless Chromium.

.venv/bin/python scripts/screenshots.py      (writes docs/screenshots/*.png)
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from planner import create_app  # noqa: E402
from planner.extensions import db  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    from planner.demo import DEMO_TITLE, create_demo

    folder = tempfile.mkdtemp()
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/shots.db",
            "WTF_CSRF_ENABLED": True,
        }
    )
    with app.app_context():
        db.create_all()
        # The demo publishes its agenda, so the participant's page has one to show.
        accounts = {role: (email, password) for role, email, password in create_demo()}
        from planner.models import Workshop

        uid = db.session.scalar(db.select(Workshop.uid).where(Workshop.title == DEMO_TITLE))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    OUT.mkdir(parents=True, exist_ok=True)
    shots = [
        ("facilitator", "workshop.png", f"/workshops/{uid}", (1280, 900)),
        ("facilitator", "agenda-editor.png", f"/workshops/{uid}/agenda", (1280, 900)),
        ("facilitator", "prompt-library.png", "/prompts/?phase=humanitarian", (1280, 900)),
        ("participant", "participant-agenda-phone.png", f"/my/workshops/{uid}", (390, 844)),
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for role, name, path, (width, height) in shots:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            email, password = accounts[role]
            page.goto(f"{base}/login")
            page.get_by_label("Email").fill(email)
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(lambda url: "/login" not in url)
            response = page.goto(base + path)
            if response and response.status == 200:
                page.screenshot(path=str(OUT / name), full_page=False)
                print(f"wrote {OUT / name}")
            else:
                print(f"skipped {path}: {response.status if response else 'no response'}")
            context.close()
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
