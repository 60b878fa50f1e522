"""One export operation for pages, the command line and feeds (issue 15.3)."""

from __future__ import annotations

from icalendar import Calendar
from sqlalchemy import select

from planner.extensions import db
from planner.models import AgendaPublication, AuditEvent
from tests.http.test_participant import build_world, publish
from tests.http.test_participant_links import issue


def _exports() -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "brief.exported").order_by(AuditEvent.id)
        )
    )


def test_cli_export_writes_an_audit_event_with_format_and_audience(runner, make, tmp_path):
    workshop = make.workshop()
    output = tmp_path / "brief.md"
    result = runner.invoke(
        args=[
            "export",
            workshop.uid,
            "--format",
            "md",
            "--audience",
            "facilitator",
            "-o",
            str(output),
        ]
    )
    assert result.exit_code == 0, result.output
    (event,) = _exports()
    assert event.workshop_uid == workshop.uid and event.actor_label == "system"
    assert event.details == {"export": "workshop brief", "format": "md", "audience": "facilitator"}


def test_cli_export_keeps_refusing_a_facilitator_calendar(runner, make, tmp_path):
    workshop = make.workshop()
    result = runner.invoke(
        args=[
            "export",
            workshop.uid,
            "--format",
            "ics",
            "--audience",
            "facilitator",
            "-o",
            str(tmp_path / "x"),
        ]
    )
    assert result.exit_code != 0
    assert "The calendar is a participant export; use --audience participant." in result.output
    assert _exports() == []


def test_signed_in_and_private_link_calendars_are_one_export(client, login, make):
    world = build_world(make)
    publication = publish(world)
    login(world.owner)
    feed = issue(client, world, "calendar")
    client.post("/logout")
    login(world.participant)
    signed_in = client.get(f"/workshops/{world.workshop.uid}/agenda.ics")
    client.post("/logout")
    linked = client.get(feed)
    assert signed_in.status_code == linked.status_code == 200
    assert signed_in.data == linked.data
    published_at = db.session.scalar(
        select(AgendaPublication.published_at).where(AgendaPublication.id == publication.id)
    )
    stamps = {e.decoded("DTSTAMP") for e in Calendar.from_ical(linked.data).walk("VEVENT")}
    assert {s.replace(tzinfo=None) for s in stamps} == {published_at.replace(microsecond=0)}


def test_a_calendar_app_polling_the_private_feed_writes_no_audit_event(client, login, make):
    """Calendar apps poll every few minutes for months: a poll is not a person's download."""
    world = build_world(make)
    publish(world)
    login(world.owner)
    feed = issue(client, world, "calendar")
    client.post("/logout")
    before = len(_exports())
    for _ in range(3):
        assert client.get(feed).status_code == 200
    assert len(_exports()) == before
