"""Prompts on a session: browse the library, attach, detach, reorder, write (issue 3, item 10)."""

from __future__ import annotations

import pytest

from planner.extensions import db
from planner.models import AuditEvent, Passage, Prompt, Session, Source
from planner.vocabulary import PassageKind, Phase, PromptOrigin, Role


@pytest.fixture
def owner(make):
    return make.user(Role.FACILITATOR)


@pytest.fixture
def workshop(make, owner):
    return make.workshop(owner=owner)


@pytest.fixture
def session(make, workshop):
    return make.session(workshop, title="Perceptions", position=0)


@pytest.fixture
def library():
    source = Source(
        key="op-ed", title="The difficult world", author="The author", outlet="Outlet", raw_text="…"
    )
    passage = Passage(
        source=source,
        index=7,
        kind=PassageKind.BODY,
        text="Each side remained within its core perceptions for years.",
    )
    cited = Prompt(
        key="perceptions-1",
        text="What changed in how you see the other side?",
        phase=Phase.PERCEPTIONS,
        origin=PromptOrigin.CURATED,
        passage=passage,
        quote="each side remained within its core perceptions",
    )
    realism = Prompt(
        key="realism-1",
        text="What would a realistic next step look like?",
        phase=Phase.REALISM,
        origin=PromptOrigin.CURATED,
    )
    db.session.add_all([source, passage, cited, realism])
    db.session.commit()
    return cited, realism


def _editor(uid: str, sid: str) -> str:
    return f"/workshops/{uid}/sessions/{sid}/edit"


def _attached(session: Session) -> list[str]:
    db.session.expire_all()
    return [link.prompt.key for link in db.session.get(Session, session.id).prompt_links]


def test_editor_lists_library_prompts_filtered_by_phase(
    client, login, owner, workshop, session, library
):
    login(owner)
    page = client.get(_editor(workshop.uid, session.uid) + "?phase=realism").get_data(as_text=True)
    assert "What would a realistic next step look like?" in page
    assert "What changed in how you see the other side?" not in page


def test_attached_prompt_shows_its_citation(client, login, owner, workshop, session, library):
    cited, _ = library
    login(owner)
    client.post(
        f"/workshops/{workshop.uid}/sessions/{session.uid}/prompts", data={"prompt": cited.key}
    )
    page = client.get(_editor(workshop.uid, session.uid)).get_data(as_text=True)
    assert _attached(session) == ["perceptions-1"]
    assert "Quoting The author (Outlet), passage 7: “each side remained within its core" in page


def test_attaching_writes_an_audit_event(client, login, owner, workshop, session, library):
    cited, _ = library
    login(owner)
    client.post(
        f"/workshops/{workshop.uid}/sessions/{session.uid}/prompts", data={"prompt": cited.key}
    )
    assert db.session.query(AuditEvent).filter_by(action="session.prompt_attach").count() == 1


def test_attaching_the_same_prompt_twice_says_so(client, login, owner, workshop, session, library):
    cited, _ = library
    login(owner)
    url = f"/workshops/{workshop.uid}/sessions/{session.uid}/prompts"
    client.post(url, data={"prompt": cited.key})
    page = client.post(url, data={"prompt": cited.key}, follow_redirects=True).get_data(
        as_text=True
    )
    assert "already attached" in page
    assert _attached(session) == ["perceptions-1"]


def test_attaching_an_unknown_prompt_is_not_found(client, login, owner, workshop, session):
    login(owner)
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/{session.uid}/prompts",
        data={"prompt": "no-such-prompt"},
    )
    assert response.status_code == 404


def test_prompts_move_up_and_down(client, login, owner, workshop, session, library):
    cited, realism = library
    login(owner)
    url = f"/workshops/{workshop.uid}/sessions/{session.uid}/prompts"
    client.post(url, data={"prompt": cited.key})
    client.post(url, data={"prompt": realism.key})
    client.post(f"{url}/{realism.key}/move", data={"direction": "up"})
    assert _attached(session) == ["realism-1", "perceptions-1"]


def test_detach_removes_the_prompt_from_the_session_only(
    client, login, owner, workshop, session, library
):
    cited, _ = library
    login(owner)
    url = f"/workshops/{workshop.uid}/sessions/{session.uid}/prompts"
    client.post(url, data={"prompt": cited.key})
    client.post(f"{url}/{cited.key}/detach")
    assert _attached(session) == []
    assert db.session.query(Prompt).filter_by(key=cited.key).count() == 1


def test_written_prompt_is_attached_and_marked_written_by_hand(
    client, make, login, owner, workshop, session
):
    make.topic("status-question", name="Status question")
    login(owner)
    client.post(
        f"/workshops/{workshop.uid}/sessions/{session.uid}/prompts/new",
        data={
            "text": "Սիրելի, what would you ask Ольга and Aygün?",
            "phase": "looking_forward",
            "prompt_topics": ["status-question"],
        },
    )
    prompt = db.session.query(Prompt).filter_by(origin=PromptOrigin.WRITTEN).one()
    assert prompt.phase == Phase.LOOKING_FORWARD
    assert [t.key for t in prompt.topics] == ["status-question"]
    assert prompt.created_by_id == owner.id
    page = client.get(_editor(workshop.uid, session.uid)).get_data(as_text=True)
    assert "Written by hand" in page
    assert "Սիրելի, what would you ask Ольга and Aygün?" in page


def test_written_prompt_without_text_shows_a_message(client, login, owner, workshop, session):
    login(owner)
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/{session.uid}/prompts/new",
        data={"text": "", "phase": "opening"},
    )
    assert response.status_code == 200
    assert "Write the question." in response.get_data(as_text=True)
    assert db.session.query(Prompt).count() == 0


def test_participant_cannot_attach_prompts(client, make, login, workshop, session, library):
    login(make.participant_user(workshop))
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/{session.uid}/prompts", data={"prompt": library[0].key}
    )
    assert response.status_code == 403
    assert _attached(session) == []


def test_facilitator_not_on_the_team_cannot_write_prompts(client, make, login, workshop, session):
    login(make.user(Role.FACILITATOR))
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/{session.uid}/prompts/new",
        data={"text": "A question long enough?", "phase": "opening"},
    )
    assert response.status_code == 404
    assert db.session.query(Prompt).count() == 0


def test_organiser_may_attach_prompts(client, make, login, workshop, session, library):
    login(make.user(Role.ORGANISER))
    client.post(
        f"/workshops/{workshop.uid}/sessions/{session.uid}/prompts", data={"prompt": library[1].key}
    )
    assert _attached(session) == ["realism-1"]


def test_anonymous_attach_is_sent_to_sign_in(client, workshop, session, library):
    response = client.post(
        f"/workshops/{workshop.uid}/sessions/{session.uid}/prompts", data={"prompt": library[1].key}
    )
    assert response.status_code == 302
    assert _attached(session) == []
