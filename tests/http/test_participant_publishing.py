"""Publishing the agenda: who may publish, and the list of versions (issue 4, part 1)."""

from __future__ import annotations

import pytest

from planner.extensions import db
from planner.models import AgendaPublication, AuditEvent
from tests.http.test_participant import World, build_world, publish


@pytest.fixture
def world(make) -> World:
    return build_world(make)


def publications_url(world: World) -> str:
    return f"/workshops/{world.workshop.uid}/publications"


def publish_url(world: World) -> str:
    return f"/workshops/{world.workshop.uid}/publish"


def count_publications() -> int:
    return db.session.query(AgendaPublication).count()


def test_anonymous_is_sent_to_sign_in_from_publications(client, world):
    response = client.get(publications_url(world))
    assert response.status_code == 302 and "/login" in response.location


def test_anonymous_cannot_publish(client, world):
    response = client.post(publish_url(world))
    assert response.status_code == 302 and "/login" in response.location
    assert count_publications() == 0


def test_participant_gets_403_on_publications(client, login, world):
    login(world.participant)
    assert client.get(publications_url(world)).status_code == 403


def test_participant_cannot_publish(client, login, world):
    login(world.participant)
    assert client.post(publish_url(world)).status_code == 403
    assert count_publications() == 0


def test_facilitator_not_on_the_team_gets_404_on_publications(client, login, world):
    login(world.outsider)
    assert client.get(publications_url(world)).status_code == 404


def test_facilitator_not_on_the_team_cannot_publish(client, login, world):
    login(world.outsider)
    assert client.post(publish_url(world)).status_code == 404
    assert count_publications() == 0


@pytest.mark.parametrize("who", ["owner", "organiser"])
def test_team_and_organisers_see_publications(client, login, world, who):
    login(getattr(world, who))
    page = client.get(publications_url(world)).get_data(as_text=True)
    assert "Publish the agenda to participants" in page
    assert "No version has been published yet." in page


@pytest.mark.parametrize("who", ["owner", "organiser"])
def test_team_and_organisers_publish_a_first_version(client, login, world, who):
    login(getattr(world, who))
    page = client.post(publish_url(world), follow_redirects=True).get_data(as_text=True)
    assert "Version 1 of the agenda is published to participants." in page
    assert "First published version of the agenda." in page
    assert count_publications() == 1


def test_co_facilitator_may_publish(client, login, make, world):
    co = make.user()
    world.workshop.co_facilitators.append(co)
    db.session.commit()
    login(co)
    client.post(publish_url(world))
    assert count_publications() == 1


def test_unknown_workshop_gets_404(client, login, world):
    login(world.organiser)
    assert client.get("/workshops/nope/publications").status_code == 404
    assert client.post("/workshops/nope/publish").status_code == 404


def test_republishing_keeps_every_version_with_its_summary(client, login, world):
    publish(world)
    world.workshop.sessions[0].title = "Welcome circle"
    db.session.commit()
    login(world.owner)
    client.post(publish_url(world))
    numbers = [
        p.number for p in db.session.query(AgendaPublication).order_by(AgendaPublication.number)
    ]
    assert numbers == [1, 2]
    page = client.get(publications_url(world)).get_data(as_text=True)
    assert "Version 2" in page and "Version 1" in page
    assert "Renamed: “Opening circle” is now “Welcome circle”." in page


def test_publications_page_previews_pending_changes(client, login, world):
    publish(world)
    world.workshop.sessions[0].title = "Welcome circle"
    db.session.commit()
    login(world.owner)
    page = client.get(publications_url(world)).get_data(as_text=True)
    assert "If you publish now" in page
    assert "Renamed: “Opening circle” is now “Welcome circle”." in page


def test_publication_summary_never_mentions_facilitator_only_edits(client, login, world):
    publish(world)
    team_session = next(s for s in world.workshop.sessions if s.title == "TEAM-ONLY-TITLE")
    team_session.title = "TEAM-ONLY-RENAMED"
    world.workshop.sessions[0].facilitator_notes = "FRESH-SECRET-NOTE"
    db.session.commit()
    login(world.owner)
    client.post(publish_url(world))
    latest = db.session.query(AgendaPublication).filter_by(number=2).one()
    assert latest.change_summary == ["No changes to what participants see."]


def test_publishing_writes_an_audit_event_without_content(client, login, world):
    login(world.owner)
    client.post(publish_url(world))
    event = db.session.query(AuditEvent).filter_by(action="agenda.published").one()
    assert event.workshop_uid == world.workshop.uid
    assert event.details == {"number": 1}


def test_publishing_without_a_csrf_token_saves_nothing(app, client, login, world):
    login(world.owner)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post(publish_url(world)).status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert count_publications() == 0
