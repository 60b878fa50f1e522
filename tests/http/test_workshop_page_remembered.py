"""The workshop page remembers what it renders from the workshop's data (planner.remembered):
the next view after any change shows the change, each URL prefix gets its own links, and
erasing a person forgets everything remembered."""

from __future__ import annotations

import pytest

from planner import caching, remembered
from planner.admin.operations import erase_person
from planner.extensions import db
from planner.models import Prompt, SessionPrompt
from planner.vocabulary import Community, Phase, PromptOrigin
from planner.workshop_loading import load_workshop_page_data
from tests.factories import PASSWORD
from tests.http.workshop_fixtures import make_cast, page


@pytest.fixture
def cast(make):
    remembered.forget_all()
    return make_cast(make)


def test_a_renamed_session_shows_on_the_next_view(client, cast, login, make):
    session = make.session(cast.workshop, title="Opening circle")
    login(cast.owner)
    assert "Opening circle" in page(client.get(f"/workshops/{cast.uid}"))
    session.title = "Welcome and introductions"
    db.session.commit()
    body = page(client.get(f"/workshops/{cast.uid}"))
    assert "Welcome and introductions" in body and "Opening circle" not in body


def test_a_new_participant_shows_on_the_next_view(client, cast, login, make):
    login(cast.owner)
    before = page(client.get(f"/workshops/{cast.uid}"))
    assert "Anahit Petrosyan" not in before
    make.invite(cast.workshop, make.person("Anahit Petrosyan", Community.ARMENIAN))
    assert "Anahit Petrosyan" in page(client.get(f"/workshops/{cast.uid}"))


def test_each_member_of_the_team_gets_their_own_header_around_the_same_body(
    client, app, cast, login, make
):
    make.session(cast.workshop, title="Opening circle")
    login(cast.owner)
    owner_page = page(client.get(f"/workshops/{cast.uid}"))
    other = app.test_client()
    response = other.post("/login", data={"email": cast.organiser.email, "password": PASSWORD})
    assert response.status_code == 302
    organiser_page = page(other.get(f"/workshops/{cast.uid}"))

    def body(html: str) -> str:
        return html.split('aria-labelledby="confidentiality-h"', 1)[1].split("</article>", 1)[0]

    def who(html: str) -> str:
        return html.split('class="who"', 1)[1].split("</a>", 1)[0]

    assert body(owner_page) == body(organiser_page)
    assert "Opening circle" in body(owner_page)
    assert cast.owner.name in who(owner_page) and cast.organiser.name in who(organiser_page)


def test_links_follow_the_prefix_the_app_is_mounted_under(client, cast, login, make):
    session = make.session(cast.workshop, title="Opening circle")
    prompt = Prompt(
        key="p-welcome", text="Why are you here?", phase=Phase.OPENING, origin=PromptOrigin.WRITTEN
    )
    session.prompt_links.append(SessionPrompt(prompt=prompt, position=1))
    db.session.commit()
    login(cast.owner)
    plain = page(client.get(f"/workshops/{cast.uid}"))
    mounted = page(client.get(f"/workshops/{cast.uid}", base_url="http://localhost/planner"))
    edit = f"/workshops/{cast.uid}/sessions/{session.uid}/edit"
    assert f'href="{edit}"' in plain and f'href="/planner{edit}"' not in plain
    assert f'href="/planner{edit}"' in mounted


def test_erasing_a_person_forgets_everything_remembered(client, cast, login, make):
    person = make.person("Ramil Əliyev", Community.AZERBAIJANI)
    make.invite(cast.workshop, person)
    login(cast.owner)
    assert "Ramil Əliyev" in page(client.get(f"/workshops/{cast.uid}"))
    key = caching.fingerprint(load_workshop_page_data(cast.uid))
    remembered_then = [caching.entry_key(kind, key) for kind in ("readiness", "timelines")]
    assert all(caching.cache.get(entry) is not None for entry in remembered_then)
    erase_person(person)
    db.session.commit()
    assert all(caching.cache.get(entry) is None for entry in remembered_then)
    assert "Ramil Əliyev" not in page(client.get(f"/workshops/{cast.uid}"))
