"""Calendar polling and repeat visits cost almost nothing (issue 23, item 3): the ICS feed,
the private agenda page and the participant agenda answer a request for an unchanged copy
with 304 and render nothing; any change a reader may see gives a new validator; a
validator never matches across people; nothing is left to shared caches."""

from __future__ import annotations

import pytest
from werkzeug.http import http_date

from planner.extensions import db
from planner.participant import views
from planner.vocabulary import Community, InvitationStatus
from tests.factories import PASSWORD
from tests.http.test_participant import World, agenda_url, build_world, publish
from tests.http.test_participant_links import issue


@pytest.fixture
def world(make) -> World:
    world = build_world(make)
    publish(world)
    return world


@pytest.fixture
def links(client, login, world) -> dict[str, str]:
    login(world.owner)
    paths = {kind: issue(client, world, kind) for kind in ("agenda", "calendar")}
    client.post("/logout")
    client.get("/login")  # shows (and so clears) the signed-out message
    return paths


@pytest.fixture
def rendering(monkeypatch):
    """What was really made: briefs exported and agenda pages built."""
    made = []
    export, page = views.exporting.export, views.agenda_page

    def counted_export(*args, **kwargs):
        made.append("feed")
        return export(*args, **kwargs)

    def counted_page(*args, **kwargs):
        made.append("page")
        return page(*args, **kwargs)

    monkeypatch.setattr(views.exporting, "export", counted_export)
    monkeypatch.setattr(views, "agenda_page", counted_page)
    return made


def _again(client, path, first):
    return client.get(path, headers={"If-None-Match": first.headers["ETag"]})


@pytest.mark.parametrize("kind", ["calendar", "agenda"])
def test_an_unchanged_private_link_answers_304_without_rendering(client, links, kind, rendering):
    first = client.get(links[kind])
    assert first.status_code == 200 and first.headers["ETag"]
    again = _again(client, links[kind], first)
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert len(rendering) == 1


@pytest.mark.parametrize("kind", ["calendar", "agenda"])
def test_private_link_answers_are_private_and_revalidated(client, links, kind):
    first = client.get(links[kind])
    for response in (first, _again(client, links[kind], first)):
        assert response.headers["Cache-Control"] == "private, no-cache"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "noindex" in response.headers["X-Robots-Tag"]


def test_an_unknown_token_still_leaves_nothing_to_any_cache(client, links):
    response = client.get("/c/not-a-token.ics", headers={"If-None-Match": '"x"'})
    assert response.status_code == 404
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("kind", ["calendar", "agenda"])
def test_a_new_publication_changes_the_validator(client, links, world, kind, make):
    first = client.get(links[kind])
    make.session(world.workshop, title="Reflection walk")
    db.session.commit()
    publish(world)
    again = _again(client, links[kind], first)
    assert again.status_code == 200
    assert "Reflection walk" in again.get_data(as_text=True)
    assert again.headers["ETag"] != first.headers["ETag"]


def test_an_unpublished_edit_changes_nothing_the_feed_shows(client, links, world, make):
    first = client.get(links["calendar"])
    make.session(world.workshop, title="Not yet published")
    db.session.commit()
    assert _again(client, links["calendar"], first).status_code == 304


def test_the_readers_own_community_change_is_a_change(client, links, world):
    first = client.get(links["calendar"])
    assert "ARMENIAN-CAUCUS-TITLE" in first.get_data(as_text=True)
    world.invitation.person.community = Community.AZERBAIJANI
    db.session.commit()
    again = _again(client, links["calendar"], first)
    assert again.status_code == 200
    text = again.get_data(as_text=True)
    assert "AZERBAIJANI-CAUCUS-TITLE" in text and "ARMENIAN-CAUCUS-TITLE" not in text


def test_another_persons_consent_changes_the_signed_in_agenda(client, world, make):
    _signed_in(client, world)
    client.get(agenda_url(world))  # the first view records the visit
    seen = client.get(agenda_url(world))
    assert _again(client, agenda_url(world), seen).status_code == 304
    assert "Late Consenter" not in seen.get_data(as_text=True)
    make.invite(
        world.workshop,
        make.person("Late Consenter", Community.AZERBAIJANI, consent_to_list=True),
        status=InvitationStatus.CONFIRMED,
    )
    db.session.commit()
    again = _again(client, agenda_url(world), seen)
    assert again.status_code == 200
    assert "Late Consenter" in again.get_data(as_text=True)


def test_the_feed_validator_never_matches_another_persons_feed(client, login, world, make):
    other = make.participant_user(world.workshop, community=Community.ARMENIAN)
    db.session.commit()
    login(world.owner)
    mine = issue(client, world, "calendar")
    from planner.models import Invitation

    invitation = db.session.query(Invitation).filter_by(person=other.person).one()
    page = client.post(
        f"/workshops/{world.workshop.uid}/people/{invitation.uid}/links",
        data={"kind": "calendar", "action": "issue"},
    )
    from tests.http.test_participant_links import TOKEN_URL

    theirs = TOKEN_URL.search(page.get_data(as_text=True)).group(1).removeprefix("http://localhost")
    client.post("/logout")
    first = client.get(mine)
    # Same community, same publication, same calendar: still a different validator.
    assert client.get(theirs).data == first.data
    assert _again(client, theirs, first).status_code == 200


def test_if_modified_since_is_answered_from_the_recorded_date(client, links, world, make):
    first = client.get(links["calendar"])
    stamp = first.headers["Last-Modified"]
    assert client.get(links["calendar"], headers={"If-Modified-Since": stamp}).status_code == 304
    make.session(world.workshop, title="Reflection walk")
    db.session.commit()
    publish(world)
    changed = client.get(links["calendar"], headers={"If-Modified-Since": stamp})
    assert changed.status_code == 200
    assert changed.headers["Last-Modified"] != stamp
    # The new date is later than the old one, even within the same second.
    from werkzeug.http import parse_date

    assert parse_date(changed.headers["Last-Modified"]) > parse_date(stamp)


def test_an_old_if_modified_since_gets_the_full_answer(client, links):
    client.get(links["calendar"])
    old = http_date(0)
    assert client.get(links["calendar"], headers={"If-Modified-Since": old}).status_code == 200


# The signed-in participant agenda ------------------------------------------------------------


def _signed_in(client, world):
    response = client.post("/login", data={"email": world.participant.email, "password": PASSWORD})
    assert response.status_code == 302


def test_the_signed_in_agenda_answers_304_once_seen(client, world, rendering):
    _signed_in(client, world)
    first = client.get(agenda_url(world))
    # The first view records the visit, which the next page shows: rendered once more.
    second = _again(client, agenda_url(world), first)
    assert second.status_code == 200
    third = _again(client, agenda_url(world), second)
    assert third.status_code == 304 and third.data == b""
    assert third.headers["Cache-Control"] == "private, no-cache"
    assert rendering == ["page", "page"]


def test_the_signed_in_agenda_validator_is_the_readers_own(client, app, world, make):
    _signed_in(client, world)
    client.get(agenda_url(world))
    mine = client.get(agenda_url(world))
    # Another session of the same person: another CSRF token in the page, another validator.
    other = app.test_client()
    _signed_in(other, world)
    assert _again(other, agenda_url(world), mine).status_code == 200


def test_a_waiting_message_is_always_shown_on_a_rendered_page(client, world):
    _signed_in(client, world)
    client.get(agenda_url(world))
    seen = client.get(agenda_url(world))
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Thank you: you are confirmed.")]
    again = _again(client, agenda_url(world), seen)
    assert again.status_code == 200
    assert "Thank you: you are confirmed." in again.get_data(as_text=True)


def test_before_publication_the_agenda_pages_are_always_rendered(client, make, login):
    world = build_world(make)
    _signed_in(client, world)
    first = client.get(agenda_url(world))
    assert first.status_code == 200 and "ETag" not in first.headers
    assert first.headers["Cache-Control"] == "no-store"


def test_the_private_agenda_validator_follows_the_forms_csrf_token(app, client, links):
    """The page carries an answer form: another session has another token, so another copy."""
    app.config["WTF_CSRF_ENABLED"] = True
    first = client.get(links["agenda"])
    assert 'name="csrf_token"' in first.get_data(as_text=True)
    assert _again(client, links["agenda"], first).status_code == 304
    stranger = app.test_client()
    again = _again(stranger, links["agenda"], first)
    assert again.status_code == 200 and again.headers["ETag"] != first.headers["ETag"]


def test_a_feed_poll_answered_304_reads_one_statement(client, links):
    from tests.sql_statements import sql_statements

    first = client.get(links["calendar"])
    with sql_statements() as statements:
        assert _again(client, links["calendar"], first).status_code == 304
    # The invitation, its workshop, person, account and latest publication, together.
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1


def test_an_encrypted_field_of_the_reader_is_covered_by_the_feed_validator(client, links, world):
    # Compared as stored (ciphertext), a change to an encrypted column still moves it.
    first = client.get(links["calendar"])
    world.invitation.person.affiliation = "Ереванский университет"
    db.session.commit()
    assert _again(client, links["calendar"], first).status_code == 200


def test_the_feed_validator_follows_the_readers_account_language(client, links, world):
    first = client.get(links["calendar"])
    world.participant.preferred_language = "hy"
    db.session.commit()
    assert _again(client, links["calendar"], first).status_code == 200


def _form_token(html: str) -> str:
    import re

    found = set(re.findall(r'name="csrf_token" value="([^"]+)"', html))
    assert len(found) == 1, found
    return found.pop()


def test_the_signed_in_agenda_is_made_once_for_every_session_of_its_reader(
    app, client, world, rendering
):
    """Unchanged, the page is not made again for another session or device of its reader:
    it is remembered under what its validator names, and each session is given it with
    its own CSRF token, with which its answer form works."""
    app.config["WTF_CSRF_ENABLED"] = True
    phone = app.test_client()
    # Signing in changes the account's row (its last sign-in), which the page is made from.
    _signed_in_with_token(app, client, world)
    _signed_in_with_token(app, phone, world)
    _as(client).get(agenda_url(world))  # the first view records the visit
    mine = client.get(agenda_url(world)).get_data(as_text=True)
    made = len(rendering)
    theirs = _as(phone).get(agenda_url(world))
    assert theirs.status_code == 200 and len(rendering) == made
    # The same session without its copy's validator (a reload that skips the browser's
    # cache): not made again either.
    assert _as(client).get(agenda_url(world)).get_data(as_text=True) == mine
    assert len(rendering) == made
    text = theirs.get_data(as_text=True)
    assert _form_token(text) != _form_token(mine)
    with phone.session_transaction() as session:
        assert _form_token(text) != session["csrf_token"]  # signed, not the raw value
    assert "csrf-" not in text  # no stand-in left
    answer = phone.post(
        f"/my/invitations/{world.invitation.uid}/respond",
        data={"csrf_token": _form_token(text), "return_to": "agenda", "answer": "decline"},
    )
    assert answer.status_code == 302
    assert world.invitation.status == InvitationStatus.DECLINED


def _as(client):
    """``client``'s own CSRF token from now on: the tests' application context outlives
    requests, and Flask-WTF keeps the token it made last on ``g``."""
    from flask import g

    g.pop("csrf_token", None)
    return client


def _signed_in_with_token(app, client, world):
    page = _as(client).get("/login").get_data(as_text=True)
    response = client.post(
        "/login",
        data={
            "email": world.participant.email,
            "password": PASSWORD,
            "csrf_token": _form_token(page),
        },
    )
    assert response.status_code == 302


def test_a_change_the_reader_may_see_makes_the_remembered_agenda_again(client, world):
    _signed_in(client, world)
    client.get(agenda_url(world))
    before = client.get(agenda_url(world)).get_data(as_text=True)
    assert client.get(agenda_url(world)).get_data(as_text=True) == before  # remembered
    world.invitation.person.community = Community.AZERBAIJANI
    db.session.commit()
    after = client.get(agenda_url(world)).get_data(as_text=True)
    assert "ARMENIAN-CAUCUS-TITLE" in before and "AZERBAIJANI-CAUCUS-TITLE" not in before
    assert "AZERBAIJANI-CAUCUS-TITLE" in after and "ARMENIAN-CAUCUS-TITLE" not in after
