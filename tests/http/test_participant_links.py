"""Private agenda links and calendar feeds (issue 4, part 4)."""

from __future__ import annotations

import hashlib
import re

import pytest
from icalendar import Calendar

from planner.extensions import db
from planner.models import AuditEvent, Invitation
from planner.redaction import forbidden_strings, viewer_for_invitation
from planner.workshop_loading import load_workshop_page_data
from tests.http.test_participant import World, build_world, publish

TOKEN_URL = re.compile(r'value="(http://localhost/(a|c)/([A-Za-z0-9_-]+)(\.ics)?)"')


@pytest.fixture
def world(make) -> World:
    return build_world(make)


def links_url(world: World, invitation_uid: str | None = None) -> str:
    return f"/workshops/{world.workshop.uid}/people/{invitation_uid or world.invitation.uid}/links"


def issue(client, world: World, kind: str) -> str:
    """Create (or rotate) a link through the page; return the path it shows once."""
    page = client.post(links_url(world), data={"kind": kind, "action": "issue"})
    assert page.status_code == 200
    match = TOKEN_URL.search(page.get_data(as_text=True))
    assert match, "the new link should be shown"
    return match.group(1).removeprefix("http://localhost")


@pytest.fixture
def agenda_link(client, login, world) -> str:
    publish(world)
    login(world.owner)
    path = issue(client, world, "agenda")
    client.post("/logout")
    return path


@pytest.fixture
def calendar_link(client, login, world) -> str:
    publish(world)
    login(world.owner)
    path = issue(client, world, "calendar")
    client.post("/logout")
    return path


# The facilitator's links page ---------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in_from_links(client, world):
    response = client.get(links_url(world))
    assert response.status_code == 302 and "/login" in response.location


def test_participant_gets_403_on_links(client, login, world):
    login(world.participant)
    assert client.get(links_url(world)).status_code == 403
    assert (
        client.post(links_url(world), data={"kind": "agenda", "action": "issue"}).status_code == 403
    )


def test_facilitator_not_on_the_team_gets_404_on_links(client, login, world):
    login(world.outsider)
    assert client.get(links_url(world)).status_code == 404
    assert (
        client.post(links_url(world), data={"kind": "agenda", "action": "issue"}).status_code == 404
    )
    db.session.refresh(world.invitation)
    assert world.invitation.agenda_token_hash is None


@pytest.mark.parametrize("who", ["owner", "organiser"])
def test_team_and_organisers_see_the_links_page(client, login, world, who):
    login(getattr(world, who))
    page = client.get(links_url(world)).get_data(as_text=True)
    assert "Private links for Անի Հակոբյան" in page
    assert "Create a private agenda link" in page


def test_invitation_of_another_workshop_gets_404(client, login, make, world):
    stranger = make.invite(make.workshop(owner=world.owner), make.person())
    login(world.owner)
    assert client.get(links_url(world, stranger.uid)).status_code == 404


def test_unknown_invitation_gets_404(client, login, world):
    login(world.owner)
    assert client.get(links_url(world, "no-such-invitation")).status_code == 404


def test_new_link_is_shown_once_and_stored_only_hashed(client, login, world):
    login(world.owner)
    path = issue(client, world, "agenda")
    token = path.removeprefix("/a/")
    assert len(token) >= 43  # 32 random bytes: 256 bits
    db.session.refresh(world.invitation)
    assert world.invitation.agenda_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in client.get(links_url(world)).get_data(as_text=True)


def test_issuing_a_link_is_audited_without_the_token(client, login, world):
    login(world.owner)
    token = issue(client, world, "agenda").removeprefix("/a/")
    event = db.session.query(AuditEvent).filter_by(action="invitation.link_created").one()
    assert event.details == {"kind": "agenda"}
    assert token not in repr(event.details)


def test_an_unknown_link_action_changes_nothing(client, login, world):
    login(world.owner)
    response = client.post(links_url(world), data={"kind": "agenda", "action": "explode"})
    assert response.status_code == 400
    db.session.refresh(world.invitation)
    assert world.invitation.agenda_token_hash is None


# The private agenda -------------------------------------------------------------------------


def test_private_agenda_link_shows_the_agenda_without_an_account(client, agenda_link):
    page = client.get(agenda_link)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Opening circle" in text and "ARMENIAN-CAUCUS-TITLE" in text


def test_private_agenda_changes_nothing_but_through_its_own_link(client, agenda_link):
    # Issue 18: the holder may answer and ask for a calendar address, through the link's own
    # routes only; nothing of an account (the signed-in answer form, the profile) is offered.
    text = client.get(agenda_link).get_data(as_text=True)
    actions = re.findall(r'<form[^>]*action="([^"]+)"', text)
    # The language switcher (issue 19) changes the visitor's session only, never the link's.
    actions = [action for action in actions if action != "/language"]
    assert actions and all(a.startswith(agenda_link + "/") for a in actions)
    assert "/my/" not in text


def test_private_agenda_has_no_referrer_and_noindex_headers(client, agenda_link):
    response = client.get(agenda_link)
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert response.headers["Cache-Control"] == "no-store"


def test_private_agenda_contains_no_confidential_text(client, agenda_link, world):
    text = client.get(agenda_link).get_data(as_text=True)
    data = load_workshop_page_data(world.workshop.uid)
    secrets = forbidden_strings(data, viewer_for_invitation(data, world.invitation.uid))
    assert [s for s in secrets if s in text] == []


def test_wrong_token_gets_404(client, agenda_link):
    response = client.get("/a/" + "x" * 43)
    assert response.status_code == 404
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_revoked_agenda_link_gets_404(client, login, world, agenda_link):
    login(world.owner)
    client.post(links_url(world), data={"kind": "agenda", "action": "revoke"})
    client.post("/logout")
    assert client.get(agenda_link).status_code == 404


def test_rotated_agenda_link_replaces_the_old_one(client, login, world, agenda_link):
    login(world.owner)
    new_link = issue(client, world, "agenda")
    client.post("/logout")
    assert client.get(agenda_link).status_code == 404
    assert client.get(new_link).status_code == 200


def test_calendar_token_does_not_open_the_agenda(client, calendar_link):
    token = calendar_link.removeprefix("/c/").removesuffix(".ics")
    assert client.get(f"/a/{token}").status_code == 404


def test_agenda_token_does_not_open_the_calendar(client, agenda_link):
    token = agenda_link.removeprefix("/a/")
    assert client.get(f"/c/{token}.ics").status_code == 404


def test_another_workshops_link_shows_only_that_workshop(client, login, make, world, agenda_link):
    other = make.workshop(owner=world.owner, title="OTHER-WORKSHOP-TITLE")
    text = client.get(agenda_link).get_data(as_text=True)
    assert "OTHER-WORKSHOP-TITLE" not in text
    assert other.uid not in text


def test_private_agenda_before_publication_says_not_published(client, login, world):
    login(world.owner)
    path = issue(client, world, "agenda")
    client.post("/logout")
    assert "The agenda has not been published yet" in client.get(path).get_data(as_text=True)


def test_private_agenda_shows_what_changed_in_the_latest_version(client, world, agenda_link):
    opening = next(s for s in world.workshop.sessions if s.title == "Opening circle")
    opening.title = "Welcome circle"
    db.session.commit()
    publish(world)
    text = client.get(agenda_link).get_data(as_text=True)
    assert "What changed in the latest version" in text
    assert "Renamed: “Opening circle” is now “Welcome circle”." in text


# The calendar feed --------------------------------------------------------------------------


def test_calendar_feed_is_an_icalendar_of_the_visible_sessions(client, calendar_link):
    response = client.get(calendar_link)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    titles = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert titles == sorted(["Opening circle", "Humanitarian needs", "ARMENIAN-CAUCUS-TITLE"])


def test_calendar_feed_uses_the_workshop_timezone(client, calendar_link):
    calendar = Calendar.from_ical(client.get(calendar_link).data)
    event = next(e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Opening circle")
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) == "Asia/Tbilisi"
    assert start.hour == 9
    assert calendar.walk("VTIMEZONE")


def test_calendar_feed_has_private_headers(client, calendar_link):
    response = client.get(calendar_link)
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response.headers["X-Robots-Tag"]
    # Revalidated each time by the holder's own client, never kept by a shared cache.
    assert response.headers["Cache-Control"] == "private, no-cache"


def test_calendar_feed_contains_no_facilitator_notes(client, calendar_link):
    body = client.get(calendar_link).get_data(as_text=True)
    assert "SESSION-SECRET" not in body and "HANDLING-" not in body


def test_calendar_feed_before_publication_has_no_events(client, login, world):
    login(world.owner)
    path = issue(client, world, "calendar")
    client.post("/logout")
    response = client.get(path)
    assert response.status_code == 200
    assert Calendar.from_ical(response.data).walk("VEVENT") == []


def test_revoked_calendar_link_gets_404(client, login, world, calendar_link):
    login(world.owner)
    client.post(links_url(world), data={"kind": "calendar", "action": "revoke"})
    client.post("/logout")
    assert client.get(calendar_link).status_code == 404


# Throttling ---------------------------------------------------------------------------------


@pytest.fixture
def throttled(throttled_app):
    return throttled_app(PRIVATE_LINK_LIMIT="3 per minute")


def test_guessing_private_links_is_throttled(throttled):
    client = throttled.test_client()
    for n in range(3):
        assert client.get(f"/a/guess-{n}").status_code == 404
    assert client.get("/a/guess-4").status_code == 429


def test_invitation_hash_columns_never_hold_the_token(client, login, world):
    login(world.owner)
    token = issue(client, world, "calendar").removeprefix("/c/").removesuffix(".ics")
    stored = (
        db.session.query(Invitation.calendar_token_hash).filter_by(id=world.invitation.id).scalar()
    )
    assert stored != token and len(stored) == 64


@pytest.mark.parametrize("status", ["declined", "withdrew"])
def test_links_stop_working_when_the_participant_is_no_longer_coming(
    client, world, agenda_link, calendar_link, status
):
    assert client.get(agenda_link).status_code == 200
    world.invitation.status = status
    db.session.commit()
    assert client.get(agenda_link).status_code == 404
    assert client.get(calendar_link).status_code == 404
