"""Organisers manage the catalogues; facilitators read them; participants see none."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from planner.extensions import db
from planner.models import AuditEvent, Segment, SensitiveTopic, Venue
from planner.vocabulary import Role

VENUE = {
    "name": "Chișinău hall",
    "city": "Chișinău",
    "country": "md",
    "timezone": "Europe/Chisinau",
    "neutral_ground": "y",
    "capacity": "30",
    "accessibility_notes": "Step-free",
}


def test_organiser_adds_a_venue(client, make, login):
    login(make.user(Role.ORGANISER))
    response = client.post("/venues/new", data=VENUE)
    assert response.status_code == 302
    venue = db.session.scalar(select(Venue))
    assert (venue.city, venue.country, venue.timezone, venue.capacity) == (
        "Chișinău",
        "MD",
        "Europe/Chisinau",
        30,
    )
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "venue.created" in actions


def test_unknown_timezone_is_refused_with_a_message_and_nothing_saved(client, make, login):
    login(make.user(Role.ORGANISER))
    response = client.post("/venues/new", data=dict(VENUE, timezone="Mars/Olympus"))
    assert response.status_code == 200
    assert "IANA timezone" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Venue)) == 0


def test_organiser_edits_a_topics_keywords(client, make, login):
    login(make.user(Role.ORGANISER))
    topic = make.topic()
    data = {
        "name": topic.name,
        "severity": "high",
        "description": "",
        "handling_guidance": "Go slowly",
        "participant_note": "",
        "keywords": "corridor, Corridor , blockade",
    }
    assert client.post(f"/topics/{topic.id}/edit", data=data).status_code == 302
    db.session.refresh(topic)
    assert topic.keywords == ["corridor", "blockade"] and topic.severity == "high"


def test_organiser_adds_a_segment(client, make, login):
    login(make.user(Role.ORGANISER))
    client.post("/segments/new", data={"name": "Diaspora", "description": "Communities abroad"})
    assert db.session.scalar(select(Segment.key)) == "diaspora"


@pytest.mark.parametrize("role, status", [(Role.FACILITATOR, 403), (Role.PARTICIPANT, 403)])
def test_only_organisers_manage_catalogues(client, make, login, role, status):
    login(make.user(role))
    for url in ("/venues/new", "/segments/new", "/topics/new"):
        assert client.get(url).status_code == status
    assert client.post("/venues/new", data=VENUE).status_code == status
    assert db.session.scalar(select(func.count()).select_from(Venue)) == 0


def test_editing_an_unknown_topic_is_404(client, make, login):
    login(make.user(Role.ORGANISER))
    assert client.get("/topics/999/edit").status_code == 404


def test_handling_guidance_is_escaped_on_the_topics_page(client, make, login):
    make.topic(handling_guidance="<script>alert(1)</script>")
    login(make.user(Role.FACILITATOR))
    page = client.get("/topics/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_sensitive_topic_count_unchanged_by_a_facilitator(client, make, login):
    make.topic()
    login(make.user(Role.FACILITATOR))
    client.post("/topics/new", data={"name": "X", "severity": "low"})
    assert db.session.scalar(select(func.count()).select_from(SensitiveTopic)) == 1


@pytest.mark.parametrize("zone", ["Europe", "Etc", "a" * 300, "Europe//Rome", "../etc/passwd"])
def test_odd_timezone_names_get_a_message_not_an_error(client, make, login, zone):
    login(make.user(Role.ORGANISER))
    response = client.post("/venues/new", data=dict(VENUE, timezone=zone))
    assert response.status_code == 200
    assert "IANA timezone" in response.get_data(as_text=True)
