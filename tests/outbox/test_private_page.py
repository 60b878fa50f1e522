"""Answering from the message: the private agenda page's answer buttons and downloads, and the
signed-in participant page's downloads (issue 18, item 4)."""

from __future__ import annotations

import re

import pytest

from planner.agenda.publishing import publish_agenda
from planner.extensions import db
from planner.participant.operations import issue_link
from planner.participant.tokens import LinkKind
from planner.redaction import forbidden_strings, viewer_for_invitation
from planner.vocabulary import Audience, Community, InvitationStatus
from planner.workshop_loading import load_workshop_head, workshop_page_data
from tests.factories import PASSWORD


@pytest.fixture
def invited(make):
    workshop = make.workshop(title="Görüş · Հանդիպում")
    make.session(workshop, title="Opening circle", description="We meet.")
    make.session(
        workshop,
        title="CAUCUS-HIDDEN-TITLE",
        audience=Audience.COMMUNITY,
        audience_community=Community.AZERBAIJANI,
    )
    other = make.person(name="Rəşad Əliyev", community=Community.AZERBAIJANI, consent_to_list=False)
    make.invite(workshop, other)
    user = make.participant_user(None, name="Անի Հակոբյան")
    invitation = make.invite(workshop, user.person, status=InvitationStatus.INVITED)
    token = issue_link(invitation, LinkKind.AGENDA, actor=None)
    db.session.commit()
    return workshop, invitation, token, user


def _publish(workshop) -> None:
    head = load_workshop_head(workshop.uid)
    publish_agenda(head, workshop_page_data(head), workshop.owner)
    db.session.commit()


def test_the_private_page_offers_confirm_and_decline(client, invited):
    _workshop, _invitation, token, _user = invited
    page = client.get(f"/a/{token}").get_data(as_text=True)
    assert f'action="/a/{token}/respond"' in page
    assert "Yes, I will attend" in page and "No, I cannot attend" in page


def test_confirming_from_the_private_link_records_the_answer(client, invited):
    _workshop, invitation, token, _user = invited
    answer = client.post(f"/a/{token}/respond", data={"answer": "confirm"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/a/{token}")
    db.session.refresh(invitation)
    assert invitation.status == InvitationStatus.CONFIRMED
    assert client.get(f"/a/{token}").status_code == 200


def test_declining_from_the_private_link_ends_its_links(client, invited):
    _workshop, invitation, token, _user = invited
    answer = client.post(f"/a/{token}/respond", data={"answer": "decline"})
    assert answer.status_code == 200
    assert "no longer work" in answer.get_data(as_text=True)
    db.session.refresh(invitation)
    assert invitation.status == InvitationStatus.DECLINED
    assert invitation.agenda_token_hash is None
    assert client.get(f"/a/{token}").status_code == 404
    assert client.post(f"/a/{token}/respond", data={"answer": "confirm"}).status_code == 404


def test_an_unknown_answer_changes_nothing(client, invited):
    _workshop, invitation, token, _user = invited
    assert client.post(f"/a/{token}/respond", data={"answer": "maybe"}).status_code == 302
    db.session.refresh(invitation)
    assert invitation.status == InvitationStatus.INVITED


def test_answering_from_the_private_link_needs_the_csrf_token(app, client, invited):
    _workshop, invitation, token, _user = invited
    app.config["WTF_CSRF_ENABLED"] = True
    answer = client.post(f"/a/{token}/respond", data={"answer": "decline"})
    assert answer.status_code == 400
    db.session.refresh(invitation)
    assert invitation.status == InvitationStatus.INVITED


def test_the_private_page_downloads_are_that_participants_own_copy(client, invited):
    workshop, invitation, token, _user = invited
    _publish(workshop)
    page = client.get(f"/a/{token}").get_data(as_text=True)
    for fmt in ("pdf", "md", "ics"):
        assert f"/a/{token}/agenda.{fmt}" in page
    pdf = client.get(f"/a/{token}/agenda.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Cache-Control"] == "no-store"
    markdown = client.get(f"/a/{token}/agenda.md")
    assert markdown.status_code == 200
    text = markdown.get_data(as_text=True)
    assert "Opening circle" in text
    data = workshop_page_data(load_workshop_head(workshop.uid))
    for secret in forbidden_strings(data, viewer_for_invitation(data, invitation.uid)):
        assert secret not in text
    assert "CAUCUS-HIDDEN-TITLE" not in text and "Rəşad Əliyev" not in text
    ics = client.get(f"/a/{token}/agenda.ics")
    assert ics.status_code == 200 and b"Opening circle" in ics.data
    assert client.get(f"/a/{token}/agenda.docx").status_code == 404
    assert client.get(f"/a/{'x' * 43}/agenda.pdf").status_code == 404


def test_before_publication_the_downloads_say_so(client, invited):
    _workshop, _invitation, token, _user = invited
    answer = client.get(f"/a/{token}/agenda.pdf")
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/a/{token}")


def test_a_new_calendar_address_works_and_replaces_the_old_one(client, invited):
    workshop, invitation, token, _user = invited
    old = issue_link(invitation, LinkKind.CALENDAR, actor=None)
    db.session.commit()
    _publish(workshop)
    answer = client.post(f"/a/{token}/calendar-link")
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    new = re.search(r"/c/([A-Za-z0-9_-]+)\.ics", answer.get_data(as_text=True)).group(1)
    assert new != old
    assert client.get(f"/c/{new}.ics").status_code == 200
    assert client.get(f"/c/{old}.ics").status_code == 404


def test_the_signed_in_participant_page_offers_the_same_downloads(client, invited):
    workshop, invitation, _token, user = invited
    invitation.status = InvitationStatus.CONFIRMED
    db.session.commit()
    _publish(workshop)
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    page = client.get(f"/my/workshops/{workshop.uid}").get_data(as_text=True)
    links = re.findall(r'href="([^"]+(?:brief\.(?:pdf|md)|agenda\.ics)[^"]*)"', page)
    assert len(links) == 3
    for link in links:
        answer = client.get(link.replace("&amp;", "&"))
        assert answer.status_code == 200, link
        assert b"CAUCUS-HIDDEN-TITLE" not in answer.data
