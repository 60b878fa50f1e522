"""Catalogue operations (planner.catalogue.operations), specified without a client.

An organiser creates and edits venues, segments and sensitive topics; each save writes one
audit event naming the fields, never the handling guidance an organiser typed.
"""

from __future__ import annotations

from sqlalchemy import select

from planner.catalogue import operations
from planner.extensions import db
from planner.models import Segment, SensitiveTopic, Venue
from planner.vocabulary import Role, Severity
from tests.operations.conftest import assert_details_never_mention, audit_events, only_event

GUIDANCE = "GUIDANCE-Never let one side describe the other's dead as aggressors"


def venue_values(**overrides) -> dict:
    values = dict(
        name="Hotel Ambassadori",
        city="Tbilisi",
        country="ge",
        timezone="Asia/Tbilisi",
        neutral_ground=True,
        capacity=40,
        accessibility_notes="Step-free entrance.",
    )
    values.update(overrides)
    return values


def topic_values(**overrides) -> dict:
    values = dict(
        name="Status of Nagorno-Karabakh",
        severity=Severity.HIGH,
        description="Competing claims.",
        handling_guidance=GUIDANCE,
        participant_note="We will discuss perceptions, not solutions.",
        keywords=["status"],
    )
    values.update(overrides)
    return values


def test_save_venue_creates_a_venue_with_a_key_from_its_name_and_country_in_capitals(app):
    venue = operations.save_venue(None, venue_values())
    db.session.commit()
    saved = db.session.get(Venue, venue.id)
    assert saved.key == "hotel-ambassadori"
    assert saved.country == "GE"
    assert saved.capacity == 40


def test_save_venue_records_venue_created_with_the_actor(app, make, signed_in):
    organiser = make.user(Role.ORGANISER)
    with signed_in(organiser):
        venue = operations.save_venue(None, venue_values())
        event = only_event("venue.created")
    assert (event.record_type, event.record_uid) == ("venue", venue.key)
    assert event.actor_id == organiser.id
    assert event.details["fields"] == sorted(venue_values())


def test_save_venue_gives_a_second_venue_of_the_same_name_its_own_key(app):
    first = operations.save_venue(None, venue_values())
    second = operations.save_venue(None, venue_values())
    assert first.key != second.key
    assert second.key.startswith("hotel-ambassadori-")


def test_save_venue_updates_only_what_changed_and_records_those_fields(app):
    venue = operations.save_venue(None, venue_values())
    db.session.commit()
    operations.save_venue(venue, venue_values(capacity=25, country="GE"))
    db.session.commit()
    assert db.session.get(Venue, venue.id).capacity == 25
    assert only_event("venue.updated").details == {"fields": ["capacity"]}


def test_save_venue_key_from_a_name_without_latin_letters(app):
    venue = operations.save_venue(None, venue_values(name="Երևան"))
    assert venue.key == "entry"


def test_save_segment_creates_and_renames_a_segment(app):
    segment = operations.save_segment(None, {"name": "Youth", "description": "Under 30."})
    db.session.commit()
    operations.save_segment(segment, {"name": "Young people", "description": "Under 30."})
    db.session.commit()
    saved = db.session.get(Segment, segment.id)
    assert (saved.key, saved.name) == ("youth", "Young people")
    assert [e.action for e in audit_events()] == ["segment.created", "segment.updated"]
    assert audit_events("segment.updated")[0].details == {"fields": ["name"]}


def test_save_topic_creates_a_topic_and_never_records_its_guidance(app):
    topic = operations.save_topic(None, topic_values())
    db.session.commit()
    saved = db.session.scalar(select(SensitiveTopic).where(SensitiveTopic.key == topic.key))
    assert saved.key == "status-of-nagorno-karabakh"
    assert saved.handling_guidance == GUIDANCE
    event = only_event("topic.created")
    assert event.record_uid == topic.key
    assert "handling_guidance" in event.details["fields"]
    assert_details_never_mention(event, GUIDANCE)


def test_save_topic_update_records_the_changed_field_names_only(app):
    topic = operations.save_topic(None, topic_values())
    db.session.commit()
    operations.save_topic(topic, topic_values(handling_guidance="NEW " + GUIDANCE))
    event = only_event("topic.updated")
    assert event.details == {"fields": ["handling_guidance"]}
    assert_details_never_mention(event, GUIDANCE)
