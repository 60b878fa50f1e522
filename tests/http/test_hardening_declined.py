"""Declining ends a participant's window on the workshop (issue 14, finding 10).

Someone who declined, or whom the facilitators recorded as withdrawn, keeps no signed-in
access to the agenda, the briefs, the calendar or the names of the others — as their private
links already stopped working — until they accept again. The answer form stays on their
home page, so a declined participant can change their mind. Accepting again brings the
signed-in pages back, but never the private links revoked when they declined.
"""

from __future__ import annotations

import pytest

from planner.extensions import db
from planner.models import Invitation
from planner.people.operations import update_invitation
from planner.vocabulary import InvitationStatus
from tests.http.test_participant import World, agenda_url, build_world, publish
from tests.http.test_participant_links import issue

NO_LONGER_COMING = ["declined", "withdrew"]


@pytest.fixture
def world(make) -> World:
    world = build_world(make)
    publish(world)
    return world


def respond_url(world: World) -> str:
    return f"/my/invitations/{world.invitation.uid}/respond"


def set_status(world: World, status: str) -> None:
    world.invitation.status = InvitationStatus(status)
    db.session.commit()


def workshop_urls(world: World) -> list[str]:
    """Every signed-in page and download that shows the workshop to a participant."""
    uid = world.workshop.uid
    session_uid = world.workshop.sessions[0].uid
    return [
        f"/my/workshops/{uid}",
        f"/workshops/{uid}",
        f"/workshops/{uid}/exports",
        f"/workshops/{uid}/brief.pdf?audience=participant",
        f"/workshops/{uid}/brief.md?audience=participant",
        f"/workshops/{uid}/brief.json?audience=participant",
        f"/workshops/{uid}/sessions/{session_uid}/brief.md?audience=participant",
        f"/workshops/{uid}/agenda.ics",
        f"/workshops/{uid}/people",
    ]


def test_an_invited_participant_reaches_the_workshop_pages(client, login, world):
    # The baseline the other tests take away: before declining, the pages answer.
    login(world.participant)
    for url in workshop_urls(world)[:-1]:
        assert client.get(url).status_code in (200, 302), url
    assert client.get(f"/workshops/{world.workshop.uid}/people").status_code == 403


@pytest.mark.parametrize("status", NO_LONGER_COMING)
def test_participant_no_longer_coming_gets_404_on_every_workshop_page(client, login, world, status):
    set_status(world, status)
    login(world.participant)
    for url in workshop_urls(world):
        assert client.get(url).status_code == 404, url


def test_declining_through_the_form_ends_access_at_once(client, login, world):
    login(world.participant)
    client.post(respond_url(world), data={"answer": "decline"})
    page = client.get(agenda_url(world))
    assert page.status_code == 404
    assert "Aygün Məmmədova" not in page.get_data(as_text=True)


def test_declining_from_the_agenda_page_returns_home_with_the_answer(client, login, world):
    login(world.participant)
    response = client.post(
        respond_url(world), data={"answer": "decline", "return_to": "agenda"}, follow_redirects=True
    )
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "you are declined" in text
    assert "Opening circle" not in text and "Aygün Məmmədova" not in text


@pytest.mark.parametrize("status", NO_LONGER_COMING)
def test_the_workshop_list_no_longer_shows_it(client, login, world, status):
    login(world.participant)
    assert "Dialogue in Tbilisi" in client.get("/workshops/").get_data(as_text=True)
    set_status(world, status)
    text = client.get("/workshops/").get_data(as_text=True)
    assert "Dialogue in Tbilisi" not in text
    assert "You have not been invited to any workshop yet." in text


def test_a_declined_invitation_stays_home_with_the_answer_form_but_no_agenda(client, login, world):
    set_status(world, "declined")
    login(world.participant)
    text = client.get("/my/").get_data(as_text=True)
    assert "Your answer: Declined" in text
    assert "Yes, I will attend" in text
    assert agenda_url(world) not in text
    assert "Opening circle" not in text and "Aygün Məmmədova" not in text


def test_a_withdrawn_invitation_offers_no_agenda_link(client, login, world):
    set_status(world, "withdrew")
    login(world.participant)
    text = client.get("/my/").get_data(as_text=True)
    assert "Your answer: Withdrew" in text
    assert agenda_url(world) not in text


def test_accepting_again_brings_the_signed_in_pages_back(client, login, world):
    set_status(world, "declined")
    login(world.participant)
    assert client.get(agenda_url(world)).status_code == 404
    client.post(respond_url(world), data={"answer": "confirm"})
    db.session.refresh(world.invitation)
    assert world.invitation.status == InvitationStatus.CONFIRMED
    page = client.get(agenda_url(world))
    assert page.status_code == 200 and "Opening circle" in page.get_data(as_text=True)
    assert "Dialogue in Tbilisi" in client.get("/workshops/").get_data(as_text=True)


def _links(client, login, world) -> tuple[str, str]:
    login(world.owner)
    links = issue(client, world, "agenda"), issue(client, world, "calendar")
    client.post("/logout")
    for link in links:
        assert client.get(link).status_code == 200, link
    return links


def test_declining_revokes_the_private_links(client, login, world):
    _links(client, login, world)
    login(world.participant)
    client.post(respond_url(world), data={"answer": "decline"})
    stored = db.session.get(Invitation, world.invitation.id)
    db.session.refresh(stored)
    assert (stored.agenda_token_hash, stored.calendar_token_hash) == (None, None)


def test_accepting_again_does_not_revive_old_private_links(client, login, world):
    links = _links(client, login, world)
    login(world.participant)
    client.post(respond_url(world), data={"answer": "decline"})
    client.post(respond_url(world), data={"answer": "confirm"})
    client.post("/logout")
    db.session.refresh(world.invitation)
    assert world.invitation.status == InvitationStatus.CONFIRMED
    for link in links:
        assert client.get(link).status_code == 404, link


@pytest.mark.parametrize("status", NO_LONGER_COMING)
def test_a_facilitators_change_back_to_confirmed_does_not_revive_old_links(
    client, login, world, status
):
    links = _links(client, login, world)
    for answer in (status, "confirmed"):
        update_invitation(
            world.invitation,
            world.invitation.role,
            InvitationStatus(answer),
            version=world.invitation.version,
        )
        db.session.commit()
    for link in links:
        assert client.get(link).status_code == 404, link
