"""The prompt library keeps its filters across attach and detach (issue 17, item 2)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from planner.extensions import db
from planner.models import Prompt
from planner.vocabulary import Phase, PromptOrigin, Role


@pytest.fixture
def owner(make):
    return make.user(Role.FACILITATOR)


@pytest.fixture
def workshop(make, owner):
    return make.workshop(owner=owner)


@pytest.fixture
def session(make, workshop):
    return make.session(workshop, title="Humanitarian issues", position=0)


@pytest.fixture
def library():
    prompts = [
        Prompt(key="missing-1", text="Who are you still looking for?", phase=Phase.HUMANITARIAN),
        Prompt(key="missing-2", text="What would help families know?", phase=Phase.HUMANITARIAN),
        Prompt(key="realism-1", text="What is a realistic next step?", phase=Phase.REALISM),
    ]
    for prompt in prompts:
        prompt.origin = PromptOrigin.CURATED
    db.session.add_all(prompts)
    db.session.commit()
    return prompts


def _editor(workshop, session) -> str:
    return f"/workshops/{workshop.uid}/sessions/{session.uid}/edit"


def test_attaching_keeps_the_phase_filter_and_the_next_page_lists_only_that_phase(
    client, login, owner, workshop, session, library
):
    login(owner)
    page = client.get(_editor(workshop, session) + "?phase=humanitarian").get_data(as_text=True)
    assert "What is a realistic next step?" not in page
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/{session.uid}/prompts?phase=humanitarian",
        data={"prompt": "missing-1"},
    )
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == _editor(workshop, session)
    assert parse_qs(location.query) == {"phase": ["humanitarian"]}
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    library_part = page.split('id="library-h"', 1)[1]
    assert "What would help families know?" in library_part
    assert "What is a realistic next step?" not in library_part


def test_the_library_forms_carry_the_filters_they_were_shown_with(
    client, login, owner, workshop, session, library
):
    login(owner)
    client.post(
        f"/workshops/{workshop.uid}/sessions/{session.uid}/prompts", data={"prompt": "missing-1"}
    )
    page = client.get(_editor(workshop, session) + "?phase=humanitarian&q=families").get_data(
        as_text=True
    )
    assert f"/sessions/{session.uid}/prompts?phase=humanitarian&amp;q=families" in page
    assert "/prompts/missing-1/detach?phase=humanitarian&amp;q=families" in page


def test_detaching_keeps_the_filters_too(client, login, owner, workshop, session, library):
    login(owner)
    client.post(
        f"/workshops/{workshop.uid}/sessions/{session.uid}/prompts", data={"prompt": "missing-1"}
    )
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/{session.uid}/prompts/missing-1/detach"
        "?phase=humanitarian&topic=missing_persons"
    )
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query == {"phase": ["humanitarian"], "topic": ["missing_persons"]}
