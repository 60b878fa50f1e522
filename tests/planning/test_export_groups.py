"""Exports that say what they are (issue 17, item 5): the confidential facilitator files in
one labelled group, what participants may receive in another, on the workshop page and the
exports page; PDF and Word links marked for the "Preparing…" state, still plain links."""

from __future__ import annotations

import re

import lxml.html
import pytest

from planner.extensions import db
from planner.vocabulary import Role
from planner.workshops import methodology
from tests.planning.conftest import workshop_values


@pytest.fixture
def planned(seeded, facilitator):
    workshop = methodology.start_from_template(
        facilitator,
        methodology.find_template("confidence-building-one-day"),
        workshop_values(days=1),
    )
    db.session.commit()
    return workshop


def _groups(html: str) -> dict[str, dict]:
    """Each export group on the page: its heading, note and links (text → href, prepare)."""
    tree = lxml.html.fromstring(html)
    found = {}
    for section in tree.xpath('//section[contains(@class, "export-group")]'):
        kind = section.get("aria-labelledby").removeprefix("exports-").removesuffix("-h")
        found[kind] = {
            "heading": section.xpath(".//h2")[0].text_content().strip(),
            "note": section.xpath('.//p[contains(@class, "hint")]')[0].text_content(),
            "links": {
                a.text_content().strip(): (a.get("href"), a.get("data-prepare"))
                for a in section.xpath(".//a")
            },
            "status": section.xpath('.//*[@data-export-status][@role="status"]'),
        }
    return found


def test_workshop_page_shows_facilitator_and_participant_exports_apart(
    planned, facilitator, client, login
):
    login(facilitator)
    groups = _groups(client.get(f"/workshops/{planned.uid}").get_data(as_text=True))
    assert list(groups) == ["facilitator", "participant"]
    facilitator_group, participant_group = groups["facilitator"], groups["participant"]
    assert facilitator_group["heading"] == "Facilitator exports Confidential"
    assert "Keep them within the facilitation team" in facilitator_group["note"]
    assert participant_group["heading"] == "Participant exports"
    assert set(facilitator_group["links"]) == {
        "Facilitator brief (PDF)",
        "Facilitator brief (Word)",
        "Facilitator brief (Markdown)",
        "Facilitator brief (JSON)",
        "Roster (CSV)",
    }
    assert set(participant_group["links"]) == {
        "Participant brief (PDF)",
        "Participant brief (Word)",
        "Participant brief (Markdown)",
        "Participant brief (JSON)",
        "Calendar (ICS)",
    }
    assert all(
        "audience=participant" not in href
        for href, _ in facilitator_group["links"].values()
        if "brief" in href
    )
    assert all(
        "audience=facilitator" not in href for href, _ in participant_group["links"].values()
    )
    assert facilitator_group["status"] and participant_group["status"]


def test_only_pdf_and_word_links_are_marked_for_preparing(planned, facilitator, client, login):
    login(facilitator)
    groups = _groups(client.get(f"/workshops/{planned.uid}").get_data(as_text=True))
    marked = {
        label for g in groups.values() for label, (_, prepare) in g["links"].items() if prepare
    }
    assert marked == {
        "Facilitator brief (PDF)",
        "Facilitator brief (Word)",
        "Participant brief (PDF)",
        "Participant brief (Word)",
    }
    for group in groups.values():
        for label, (_, prepare) in group["links"].items():
            assert prepare in (None, label)


def test_pages_with_exports_load_the_script_from_static_and_no_inline_script(
    planned, facilitator, client, login
):
    login(facilitator)
    for url in (f"/workshops/{planned.uid}", f"/workshops/{planned.uid}/exports"):
        html = client.get(url).get_data(as_text=True)
        scripts = lxml.html.fromstring(html).xpath("//script")
        assert all(s.get("src") for s in scripts), url
        # Static files may be served under a hashed name (exports.<hash>.js).
        [src] = [
            s.get("src")
            for s in scripts
            if re.match(r"/static/js/exports(\.\w+)?\.js$", s.get("src"))
        ]
    script = client.get(src)
    assert script.status_code == 200
    body = script.get_data(as_text=True)
    assert "a[data-prepare]" in body and "Preparing" in body and "aria-busy" in body


def test_the_plain_links_still_download_the_files(planned, facilitator, client, login):
    login(facilitator)
    groups = _groups(client.get(f"/workshops/{planned.uid}").get_data(as_text=True))
    href, _ = groups["facilitator"]["links"]["Facilitator brief (Word)"]
    response = client.get(href)
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data[:2] == b"PK"  # a .docx is a zip
    href, _ = groups["facilitator"]["links"]["Facilitator brief (Markdown)"]
    assert "Getting to know each other" in client.get(href).get_data(as_text=True)


def test_exports_page_groups_the_files_the_same_way(planned, facilitator, client, login):
    login(facilitator)
    groups = _groups(client.get(f"/workshops/{planned.uid}/exports").get_data(as_text=True))
    assert list(groups) == ["facilitator", "participant"]
    assert groups["facilitator"]["heading"] == "Facilitator exports Confidential"
    assert "Roster (CSV)" in groups["facilitator"]["links"]
    assert groups["facilitator"]["links"]["Facilitator brief (PDF)"][1] == "Facilitator brief (PDF)"
    # One session's briefs sit in the facilitator group; their PDFs are marked too.
    session_pdfs = [
        label
        for label, (href, prep) in groups["facilitator"]["links"].items()
        if label == "PDF" and prep
    ]
    assert session_pdfs
    assert "Agenda for your calendar (ICS)" in groups["participant"]["links"]


def test_participant_sees_only_the_participant_group(planned, make, client, login):
    user = make.participant_user(planned)
    login(user)
    html = client.get(f"/workshops/{planned.uid}/exports").get_data(as_text=True)
    groups = _groups(html)
    assert list(groups) == ["participant"]
    assert "Facilitator exports" not in html
    assert "audience=facilitator" not in html


def test_organiser_sees_both_groups_on_the_exports_page(planned, make, client, login):
    login(make.user(Role.ORGANISER))
    assert list(
        _groups(client.get(f"/workshops/{planned.uid}/exports").get_data(as_text=True))
    ) == [
        "facilitator",
        "participant",
    ]
