"""Done-when test of issue 20: the demo's high-risk participant, Günel İsmayılova, who agreed
to be listed, is named in no participant page, file or message — the signed-in page, the
private-link page, the PDF, DOCX, Markdown, JSON and ICS files and every queued e-mail —
while the signed-in page still lists the standard-risk people who agreed."""

from __future__ import annotations

import io
import json
import shutil
import subprocess

import pytest
from docx import Document
from playwright.sync_api import expect
from sqlalchemy import select

from planner.agenda.publishing import publish_agenda
from planner.demo import DEMO_TITLE
from planner.extensions import db
from planner.models import Invitation, OutboxMessage, Person, User, Workshop
from planner.outbox.kinds import MessageKind
from planner.outbox.operations import queue
from planner.participant.operations import issue_link
from planner.participant.tokens import LinkKind
from planner.vocabulary import RiskLevel
from planner.workshop_loading import load_workshop, load_workshop_head, load_workshop_page_data
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

PARTICIPANT = "participant@demo.example"
HIGH_RISK = "Günel İsmayılova"
LISTED = "Aygün Məmmədova"  # standard risk, agreed to be listed


def _prepare(live_server) -> tuple[str, str, list[str]]:
    """Publish the demo, give the participant a private link and queue everyone's
    invitation e-mail; return (workshop uid, agenda token, what the high-risk person is
    called and where she works)."""
    with live_server.app.app_context():
        uid = db.session.scalar(select(Workshop.uid).where(Workshop.title == DEMO_TITLE))
        workshop = load_workshop(uid)
        owner = workshop.owner
        publish_agenda(workshop, load_workshop_page_data(uid), owner)
        gunel = db.session.scalar(select(Person).where(Person.name == HIGH_RISK))
        assert gunel.risk_level == RiskLevel.HIGH and gunel.consent_to_list
        invitation = db.session.scalar(
            select(Invitation)
            .join(Person)
            .join(User)
            .where(User.email == PARTICIPANT, Invitation.workshop_id == workshop.id)
        )
        token = issue_link(invitation, LinkKind.AGENDA, owner)
        everyone = list(
            db.session.scalars(select(Invitation).where(Invitation.workshop_id == workshop.id))
        )
        queue(load_workshop_head(uid), MessageKind.INVITATION, everyone, actor=owner)
        db.session.commit()
        return uid, token, [gunel.name, "Günel", "İsmayılova", gunel.affiliation]


def _absent(what: str, content: str, names: list[str]) -> None:
    found = [n for n in names if n in content]
    assert found == [], f"{what} names the high-risk person: {found}"


def _pdf_text(data: bytes, tmp_path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_the_high_risk_participant_is_named_in_no_participant_output(
    page, browser, live_server, demo, tmp_path
):
    uid, token, names = _prepare(live_server)
    password = next(p for role, email, p in demo if email == PARTICIPANT)
    sign_in(page, live_server, PARTICIPANT, password)

    # The signed-in page: the participant list is there, without her.
    page.goto(f"{live_server.url}/my/workshops/{uid}")
    expect(page.get_by_role("heading", level=1, name=DEMO_TITLE)).to_be_visible()
    body = page.inner_text("body")
    assert LISTED in body
    _absent("the signed-in agenda page", page.content(), names)
    for path in ("/my/", "/my/profile"):
        page.goto(f"{live_server.url}{path}")
        _absent(path, page.content(), names)

    # Every file the participant can take away, through their own session.
    base = f"{live_server.url}/workshops/{uid}"
    files = {
        "PDF": _pdf_text(
            page.request.get(f"{base}/brief.pdf?audience=participant").body(), tmp_path, "b.pdf"
        ),
        "DOCX": _docx_text(page.request.get(f"{base}/brief.docx?audience=participant").body()),
        "Markdown": page.request.get(f"{base}/brief.md?audience=participant").text(),
        "JSON": page.request.get(f"{base}/brief.json?audience=participant").text(),
        "ICS": page.request.get(f"{base}/agenda.ics").text(),
    }
    json.loads(files["JSON"])  # a real brief, not an error page
    assert "BEGIN:VCALENDAR" in files["ICS"]
    for fmt, content in files.items():
        _absent(f"the participant's {fmt}", content, names)
        # Phones carry less: no other participant is named in a file by default.
        assert LISTED not in content, fmt
    assert "names no other participant" in files["Markdown"]

    # The private-link page and its files, in a browser that is not signed in.
    context = browser.new_context()
    try:
        anonymous = context.new_page()
        anonymous.goto(f"{live_server.url}/a/{token}")
        expect(anonymous.get_by_role("heading", level=1, name=DEMO_TITLE)).to_be_visible()
        _absent("the private-link page", anonymous.content(), names)
        assert LISTED not in anonymous.inner_text("body")
        pdf = anonymous.request.get(f"{live_server.url}/a/{token}/agenda.pdf").body()
        _absent("the private-link PDF", _pdf_text(pdf, tmp_path, "p.pdf"), names)
        for fmt in ("md", "ics"):
            text = anonymous.request.get(f"{live_server.url}/a/{token}/agenda.{fmt}").text()
            assert DEMO_TITLE.split(":")[0] in text or "BEGIN:VCALENDAR" in text
            _absent(f"the private-link {fmt}", text, names)
    finally:
        context.close()

    # Every e-mail queued to someone else.
    with live_server.app.app_context():
        gunel_id = db.session.scalar(select(Person.id).where(Person.name == names[0]))
        messages = db.session.scalars(
            select(OutboxMessage).join(Invitation).where(Invitation.person_id != gunel_id)
        ).all()
        # Everyone with an address (the demo's Ani and Armen; Günel's own is to her).
        assert len(messages) >= 2
        for message in messages:
            _absent(f"the e-mail {message.uid}", message.subject + "\n" + message.body, names)
            assert LISTED not in message.body or message.invitation.person.name == LISTED
