"""The hand-written prompt form warns of a one-sided prompt, with the reason (issue 16,
item 6), by the same check as readiness rule R21."""

from __future__ import annotations

from planner.extensions import db
from planner.models import Prompt
from planner.vocabulary import PromptOrigin, Role


def _write(client, workshop, session, text):
    return client.post(
        f"/workshops/{workshop.uid}/sessions/{session.uid}/prompts/new",
        data={"text": text, "phase": "realism"},
        follow_redirects=True,
    )


def test_a_one_sided_written_prompt_is_saved_with_a_warning(client, make, login) -> None:
    owner = make.user(Role.FACILITATOR)
    workshop = make.workshop(owner=owner)
    session = make.session(workshop, title="Realism", position=0)
    login(owner)
    page = _write(client, workshop, session, "What must Azerbaijan finally give up for peace?")
    text = page.get_data(as_text=True)
    assert "may not be neutral" in text
    assert "names the Azerbaijani side as the one that must act or yield" in text
    assert db.session.query(Prompt).filter_by(origin=PromptOrigin.WRITTEN).count() == 1


def test_a_neutral_written_prompt_gets_no_warning(client, make, login) -> None:
    owner = make.user(Role.FACILITATOR)
    workshop = make.workshop(owner=owner)
    session = make.session(workshop, title="Realism", position=0)
    login(owner)
    page = _write(client, workshop, session, "What could each community give, and what not?")
    assert "may not be neutral" not in page.get_data(as_text=True)
