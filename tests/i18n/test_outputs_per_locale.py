"""The participant's own files in the language they read (issue 19): the Markdown brief,
the PDF and the calendar file say their words and dates in it; English keeps its words."""

from __future__ import annotations

import io

import pytest
from docx import Document
from icalendar import Calendar
from pdfminer.high_level import extract_text

from planner.extensions import db
from tests.factories import PASSWORD
from tests.http.test_participant import build_world, publish
from tests.http.test_participant_links import issue

#: Words each file must carry in the language (the 10 May 2027 workshop, Chatham House).
EXPECTED = {
    "hy": ["Մասնակցի տեղեկանք", "Գաղտնիություն՝ Չաթեմ Հաուսի կանոն", "Երկուշաբթի, 10 մայիսի 2027"],
    "ru": [
        "Справка участника",
        "Конфиденциальность: Правило Chatham House",
        "Понедельник, 10 мая 2027",
    ],
    "az": ["İştirakçının arayışı", "Məxfilik: Chatham House qaydası", "Bazar ertəsi, 10 may 2027"],
    "en": ["Participant brief", "Confidentiality: Chatham House Rule", "Monday 10 May 2027"],
}
ENGLISH = ["Participant brief", "Confidentiality:", "Agenda:", "Monday", "Generated"]


@pytest.fixture
def signed_in(client, make):
    def _as(locale: str):
        world = build_world(make)
        publish(world)
        world.participant.preferred_language = locale
        db.session.commit()
        client.post("/login", data={"email": world.participant.email, "password": PASSWORD})
        return world

    return _as


def _brief(client, world, fmt: str) -> str:
    response = client.get(f"/workshops/{world.workshop.uid}/brief.{fmt}?audience=participant")
    assert response.status_code == 200, response.status_code
    if fmt == "pdf":
        return " ".join(extract_text(io.BytesIO(response.data)).split())
    if fmt == "docx":
        document = Document(io.BytesIO(response.data))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    return response.get_data(as_text=True)


@pytest.mark.parametrize("locale", list(EXPECTED))
def test_the_markdown_brief_is_in_the_readers_language(client, signed_in, locale):
    world = signed_in(locale)
    text = _brief(client, world, "md")
    for words in EXPECTED[locale]:
        assert words in text, words
    if locale != "en":
        assert [word for word in ENGLISH if word in text] == []


@pytest.mark.parametrize("locale", ["hy", "ru"])
def test_the_pdf_brief_is_in_the_readers_language(client, signed_in, locale):
    world = signed_in(locale)
    text = _brief(client, world, "pdf").lower()  # the PDF's kicker is in capitals
    for words in EXPECTED[locale]:
        assert words.lower() in text, words
    assert "page 1 of" not in text
    assert [word for word in ENGLISH if word.lower() in text] == []


@pytest.mark.parametrize("locale", ["hy", "az"])
def test_the_word_brief_is_in_the_readers_language(client, signed_in, locale):
    world = signed_in(locale)
    text = _brief(client, world, "docx")
    for words in EXPECTED[locale]:
        assert words in text, words
    assert [word for word in ENGLISH if word in text] == []


def test_the_private_links_calendar_file_speaks_the_chosen_language(client, make):
    world = build_world(make)
    publish(world)
    team = client.application.test_client()
    team.post("/login", data={"email": world.owner.email, "password": PASSWORD})
    link = issue(team, world, "agenda")
    client.post("/language", data={"language": "hy", "next": link})
    response = client.get(f"{link}/agenda.ics")
    assert response.status_code == 200
    events = [c for c in Calendar.from_ical(response.data).walk("VEVENT")]
    assert events
    for event in events:
        assert "Գաղտնիություն՝ Չաթեմ Հաուսի կանոն" in str(event["description"])
        assert "Confidentiality" not in str(event["description"])
    categories = {str(c) for e in events for c in e["categories"].cats}
    assert "Լիագումար նիստ" in categories  # the plenary format, in Armenian
