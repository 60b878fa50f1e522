"""The agenda editor's page load is planned: its SQL statement count does not grow with size."""

from __future__ import annotations

from datetime import time

from planner import remembered
from planner.extensions import db
from planner.models import Invitation, Person, Prompt, Session, SessionPrompt
from planner.vocabulary import Community, InvitationStatus, Phase, PromptOrigin, Role
from tests.sql_statements import statements_for


def _workshop_of_size(make, owner, sessions: int, participants: int):
    """A two-day workshop whose sessions each flag a topic and carry a prompt."""
    workshop = make.workshop(owner=owner)
    topic = make.topic(f"topic-{sessions}")
    prompt = Prompt(
        key=f"prompt-{sessions}",
        text="An open question?",
        phase=Phase.OPENING,
        origin=PromptOrigin.WRITTEN,
    )
    db.session.add(prompt)
    per_day = (sessions + 1) // 2
    for n in range(sessions):
        day = workshop.days[n // per_day]
        minutes = 9 * 60 + (n % per_day) * 10
        session = Session(
            workshop=workshop,
            day=day,
            start_time=time(minutes // 60, minutes % 60),
            duration_minutes=10,
            title=f"Session {n}",
            format="plenary",
            position=n % per_day,
            topics=[topic],
        )
        session.prompt_links.append(SessionPrompt(prompt=prompt, position=0))
        db.session.add(session)
    for n in range(participants):
        community = Community.ARMENIAN if n % 2 else Community.AZERBAIJANI
        person = Person(name=f"Participant {sessions}-{n}", community=community)
        db.session.add(
            Invitation(workshop=workshop, person=person, status=InvitationStatus.CONFIRMED)
        )
    db.session.commit()
    return workshop


def _statements_for_editor(client, uid: str) -> int:
    db.session.expunge_all()  # nothing cached from building the data
    remembered.forget_all()  # the page as made, not as remembered (on PostgreSQL)
    return statements_for(client, f"/workshops/{uid}/agenda")


def test_editor_issues_the_same_number_of_statements_for_5_and_80_sessions(client, make, login):
    owner = make.user(Role.FACILITATOR)
    small = _workshop_of_size(make, owner, sessions=5, participants=5).uid
    large = _workshop_of_size(make, owner, sessions=80, participants=80).uid
    login(owner)
    _statements_for_editor(client, small)  # warm-up: first-request set-up is not the page
    assert _statements_for_editor(client, small) == _statements_for_editor(client, large)
