"""The agenda as an iCalendar file: one event per visible session (issue 5, point 2).

``render_ics`` takes a participant view (already redacted) and writes every session in
it as a VEVENT in the workshop's timezone, with that timezone's VTIMEZONE. UIDs are
derived from the session's public id, so a calendar updates the same events when the
agenda is republished; ``sequence`` (the number of publications) rises each time.
Text goes through icalendar, which escapes commas, semicolons, backslashes and line
breaks, so no title can add a property or an event.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vText

from planner.briefs import texts
from planner.i18n import gettext, label
from planner.workshop_data import WorkshopData

PRODID = "-//Dialogue Workshop Planner//Agenda//EN"
UID_DOMAIN = "dialogue-workshop-planner"


def session_event_uid(session_uid: str) -> str:
    """The stable iCalendar UID of a session's event."""
    return f"session-{session_uid}@{UID_DOMAIN}"


def render_ics(view: WorkshopData, *, sequence: int, stamp: datetime) -> bytes:
    """The sessions of ``view`` as an iCalendar document (bytes, CRLF lines).

    ``view`` must already be the audience's view (``participant_view``); nothing is
    filtered here. ``stamp`` is the DTSTAMP, an aware time (``planner.briefs.exporting``
    has the one rule choosing it).
    """
    zone = ZoneInfo(view.timezone)
    stamp = stamp.astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # X- properties are not escaped as TEXT by icalendar: give them a single line.
    title = texts.for_reader(view, view, "title", marked=False)
    calendar.add("x-wr-calname", vText(" ".join(title.split())))
    calendar.add("x-wr-timezone", view.timezone)
    # A session's own place (a dinner near the Rialto), else the venue's.
    venue = ", ".join(p for p in (view.venue.name, view.venue.city) if p) if view.venue else ""
    rule = gettext(
        "Confidentiality: %(rule)s. %(words)s",
        rule=label(view.confidentiality),
        words=gettext(view.confidentiality.plain_words),
    )
    for session in view.sessions_in_order:
        event = Event()
        event.add("uid", session_event_uid(session.uid))
        event.add("sequence", sequence)
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at.replace(tzinfo=zone))
        event.add("dtend", session.ends_at.replace(tzinfo=zone))
        # In the reader's language (issue 19, item 4); an original's marker in the text.
        event.add("summary", texts.for_reader(view, session, "title", marked=False))
        about = texts.for_reader(view, session, "description") if session.description else ""
        description = "\n\n".join(p for p in (about, title, rule) if p)
        event.add("description", description)
        location = session.location or venue
        if location:
            event.add("location", location)
        event.add("categories", [label(session.format)])
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    # Writes the VTIMEZONE of every zone the events use, from the tz database.
    calendar.add_missing_timezones()
    return calendar.to_ical()
