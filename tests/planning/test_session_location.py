"""A session's own place (issue 17, item 4): typed in the session editor, kept in the JSON
brief and in clones and templates, and carried into the calendar's LOCATION, else the venue's."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, time

from icalendar import Calendar
from sqlalchemy import select

from planner.briefs.ics import render_ics
from planner.extensions import db
from planner.models import Session, Venue, Workshop
from planner.vocabulary import Role, SessionFormat
from planner.workshop_data import SessionData, VenueData, WorkshopData
from planner.workshop_loading import load_workshop_page_data
from planner.workshops import methodology
from planner.workshops.cloning import clone_workshop
from tests.planning.conftest import workshop_values

RIALTO = "Trattoria “Al Ponte”, near the Rialto — Ռիալտո, Риальто"


def _locations(ics: bytes) -> dict[str, str]:
    calendar = Calendar.from_ical(ics)
    return {str(e["summary"]): str(e.get("location", "")) for e in calendar.walk("VEVENT")}


def test_calendar_gives_a_sessions_own_place_else_the_venues():
    view = WorkshopData(
        uid="w",
        title="Venice",
        start_date=date(2027, 5, 10),
        end_date=date(2027, 5, 10),
        timezone="Europe/Rome",
        venue=VenueData(name="Palazzo", city="Venice", country="IT", timezone="Europe/Rome"),
        sessions=(
            SessionData(
                uid="a",
                day=date(2027, 5, 10),
                start=time(9),
                duration_minutes=60,
                title="Opening",
                format=SessionFormat.OPENING,
            ),
            SessionData(
                uid="b",
                day=date(2027, 5, 10),
                start=time(19, 30),
                duration_minutes=120,
                title="Dinner",
                format=SessionFormat.INFORMAL,
                location=RIALTO,
            ),
        ),
    )
    locations = _locations(render_ics(view, sequence=1, stamp=datetime(2027, 1, 1, tzinfo=UTC)))
    assert locations == {"Opening": "Palazzo, Venice", "Dinner": RIALTO}


def test_session_editor_saves_the_place(seeded, facilitator, client, login):
    workshop = methodology.start_from_template(
        facilitator,
        methodology.find_template("confidence-building-one-day"),
        workshop_values(days=1),
    )
    db.session.commit()
    login(facilitator)
    page = client.get(f"/workshops/{workshop.uid}/sessions/new").get_data(as_text=True)
    assert (
        '<label for="location">Place, if not at the venue (participants see this)</label>' in page
    )
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/new",
        data={
            "title": "Dinner",
            "day": "2027-05-10",
            "start_time": "19:30",
            "duration_minutes": "90",
            "format": "informal",
            "audience": "everyone",
            "audience_community": "",
            "description": "",
            "location": f"  {RIALTO} ",
            "facilitator_notes": "",
            "fixed_start": "y",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    dinner = db.session.scalar(select(Session).where(Session.title == "Dinner"))
    assert dinner.location == RIALTO
    assert dinner.start_time == time(19, 30)
    edit = client.get(f"/workshops/{workshop.uid}/sessions/{dinner.uid}/edit").get_data(
        as_text=True
    )
    assert "Al Ponte" in edit


def test_session_editor_refuses_a_place_too_long(seeded, facilitator, client, login):
    workshop = methodology.start_from_template(
        facilitator,
        methodology.find_template("confidence-building-one-day"),
        workshop_values(days=1),
    )
    db.session.commit()
    login(facilitator)
    before = len(workshop.sessions)
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/new",
        data={
            "title": "Dinner",
            "day": "2027-05-10",
            "start_time": "19:30",
            "duration_minutes": "90",
            "format": "informal",
            "audience": "everyone",
            "location": "x" * 201,
        },
    )
    assert response.status_code == 200
    assert "Field cannot be longer than 200 characters." in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(db.session.get(Workshop, workshop.id).sessions) == before


def test_template_places_reach_the_workshop_data_and_clones(seeded, facilitator):
    workshop = methodology.start_from_template(
        facilitator,
        methodology.find_template("confidence-building-three-day"),
        workshop_values(days=3),
    )
    db.session.commit()
    data = load_workshop_page_data(workshop.uid)
    dinner = next(s for s in data.sessions if s.title == "Welcome dinner")
    assert dinner.location == "A restaurant near the venue"
    copied = clone_workshop(workshop, facilitator, date(2027, 9, 6), "Again")
    db.session.commit()
    assert next(s for s in copied.sessions if s.title == "Welcome dinner").location == (
        "A restaurant near the venue"
    )


def test_json_brief_round_trips_the_place(seeded, facilitator, client, login):
    workshop = methodology.start_from_template(
        facilitator,
        methodology.find_template("confidence-building-one-day"),
        workshop_values(days=1),
    )
    workshop.sessions[-1].location = RIALTO
    db.session.commit()
    login(facilitator)
    exported = json.loads(
        client.get(f"/workshops/{workshop.uid}/brief.json?audience=facilitator").data
    )
    assert exported["sessions"][-1]["location"] == RIALTO
    assert exported["sessions"][0]["location"] == ""
    response = client.post(
        "/workshops/import",
        data={"document": (io.BytesIO(json.dumps(exported).encode()), "brief.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    imported = db.session.scalar(select(Workshop).where(Workshop.id != workshop.id))
    assert [s.location for s in imported.sessions] == [s.location for s in workshop.sessions]


def test_a_brief_without_places_still_imports(seeded, facilitator, client, login):
    workshop = methodology.start_from_template(
        facilitator,
        methodology.find_template("confidence-building-one-day"),
        workshop_values(days=1),
    )
    db.session.commit()
    login(facilitator)
    exported = json.loads(
        client.get(f"/workshops/{workshop.uid}/brief.json?audience=facilitator").data
    )
    for session in exported["sessions"]:
        del session["location"]
    response = client.post(
        "/workshops/import",
        data={"document": (io.BytesIO(json.dumps(exported).encode()), "brief.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    imported = db.session.scalar(select(Workshop).where(Workshop.id != workshop.id))
    assert {s.location for s in imported.sessions} == {""}


def test_participant_calendar_carries_the_published_place(seeded, facilitator, make, client, login):
    from planner.agenda.publishing import publish_agenda
    from planner.workshop_loading import load_workshop_head, workshop_page_data

    workshop = methodology.start_from_template(
        facilitator,
        methodology.find_template("confidence-building-three-day"),
        workshop_values(days=3),
    )
    db.session.commit()
    participant = make.participant_user(workshop)
    head = load_workshop_head(workshop.uid)
    publish_agenda(head, workshop_page_data(head), facilitator)
    db.session.commit()
    login(participant)
    response = client.get(f"/workshops/{workshop.uid}/agenda.ics")
    assert response.status_code == 200
    locations = _locations(response.data)
    venue = db.session.scalar(select(Venue).where(Venue.key == "venice"))
    assert locations["Welcome dinner"] == "A restaurant near the venue"
    assert locations["Introductions in pairs"] == f"{venue.name}, {venue.city}"
    assert participant.role == Role.PARTICIPANT


def test_participant_agenda_and_pdf_show_the_place(seeded, facilitator, make, client, login):
    import shutil
    import subprocess

    from planner.agenda.publishing import publish_agenda
    from planner.workshop_loading import load_workshop_head, workshop_page_data

    workshop = methodology.start_from_template(
        facilitator,
        methodology.find_template("confidence-building-three-day"),
        workshop_values(days=3),
    )
    db.session.commit()
    participant = make.participant_user(workshop)
    head = load_workshop_head(workshop.uid)
    publish_agenda(head, workshop_page_data(head), facilitator)
    db.session.commit()
    login(participant)
    page = client.get(f"/my/workshops/{workshop.uid}", follow_redirects=True).get_data(as_text=True)
    assert '<p class="where">A restaurant near the venue</p>' in page
    if shutil.which("pdftotext"):
        pdf = client.get(f"/workshops/{workshop.uid}/brief.pdf?audience=participant").data
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert "A restaurant near the venue" in text


def test_the_demo_dinner_has_its_own_place_in_every_participant_file(app, client, login):
    from docx import Document

    from planner.demo import DEMO_TITLE, create_demo

    create_demo()
    workshop = db.session.scalar(select(Workshop).where(Workshop.title == DEMO_TITLE))
    dinner = next(s for s in workshop.sessions if s.title == "Informal dinner")
    assert dinner.location == "A restaurant in the old town, near the baths"
    owner = workshop.owner
    from planner.auth.operations import change_password

    change_password(owner, "correct horse battery staple")
    db.session.commit()
    login(owner)
    base = f"/workshops/{workshop.uid}"
    markdown = client.get(f"{base}/brief.md?audience=participant").get_data(as_text=True)
    assert "A restaurant in the old town, near the baths" in markdown
    document = Document(io.BytesIO(client.get(f"{base}/brief.docx?audience=participant").data))
    assert any("near the baths" in p.text for p in document.paragraphs)
    assert _locations(client.get(f"{base}/agenda.ics").data)["Informal dinner"] == (
        "A restaurant in the old town, near the baths"
    )
