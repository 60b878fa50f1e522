"""A workshop day for the live tests: a team, a participant, five sessions on 10 May 2027 (the last, a site visit, at a fixed 15:00)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

import pytest

from planner.extensions import db
from planner.models import (
    Prompt,
    SessionPrompt,
    SmallGroup,
    SmallGroupMember,
    workshop_co_facilitators,
)
from planner.vocabulary import Community, Phase, PromptOrigin, Role, SessionFormat, WorkshopStatus

DAY = date(2027, 5, 10)


@dataclass
class Day:
    workshop: object
    owner: object
    co: object
    other: object
    organiser: object
    participant: object
    invitation: object
    sessions: dict


@pytest.fixture
def live_day(app, make) -> Day:
    owner = make.user(Role.FACILITATOR, name="Toğrul Bağırov")
    co = make.user(Role.FACILITATOR, name="Ольга Смирнова")
    other = make.user(Role.FACILITATOR)
    organiser = make.user(Role.ORGANISER)
    workshop = make.workshop(
        owner=owner,
        title="Վստահություն · Etimad · Доверие",
        start_date=DAY,
        end_date=date(2027, 5, 11),
        status=WorkshopStatus.CONFIRMED,
    )
    db.session.execute(
        workshop_co_facilitators.insert().values(workshop_id=workshop.id, user_id=co.id)
    )
    participant = make.participant_user(workshop, name="Անի Հակոբյան")
    invitation = participant.person.invitations[0]
    other_person = make.person(name="Aygün Məmmədova", community=Community.AZERBAIJANI)
    other_invitation = make.invite(workshop, other_person)
    topic = make.topic(key="status")
    sessions = {
        "opening": make.session(workshop, title="Opening", start_time=time(9), position=0),
        "plenary": make.session(
            workshop,
            title="Plenary: perceptions",
            start_time=time(10),
            duration_minutes=90,
            position=1,
            facilitator_notes="PLENARY-NOTES-SECRET",
        ),
        "lunch": make.session(
            workshop,
            title="Lunch",
            start_time=time(11, 30),
            format=SessionFormat.BREAK,
            position=2,
        ),
        "groups": make.session(
            workshop,
            title="Small groups",
            start_time=time(12, 30),
            duration_minutes=90,
            format=SessionFormat.SMALL_GROUPS,
            position=3,
        ),
        # The bus leaves at 15:00 whatever happens before.
        "visit": make.session(
            workshop,
            title="Site visit",
            start_time=time(15),
            duration_minutes=120,
            format=SessionFormat.SITE_VISIT,
            position=4,
            fixed_start=True,
        ),
    }
    sessions["plenary"].topics = [topic]
    prompt = Prompt(
        key="live-prompt",
        text="What changed in how you see the other side?",
        phase=Phase.PERCEPTIONS,
        origin=PromptOrigin.WRITTEN,
    )
    db.session.add(prompt)
    db.session.flush()
    db.session.add(SessionPrompt(session_id=sessions["plenary"].id, prompt_id=prompt.id))
    group = SmallGroup(session_id=sessions["groups"].id, number=1)
    group.members = [
        SmallGroupMember(invitation=invitation),
        SmallGroupMember(invitation=other_invitation),
    ]
    db.session.add(group)
    db.session.commit()
    return Day(workshop, owner, co, other, organiser, participant, invitation, sessions)
