"""Workshop pages plan their queries: the statement count does not grow with the data."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select

from planner.extensions import db
from planner.models import Invitation, Person, SensitiveTopic, Session, Workshop
from planner.vocabulary import Community, InvitationStatus, Role, SessionFormat
from tests.factories import PASSWORD
from tests.sql_statements import sql_statements


def build_workshop(make, owner, size: int, title: str) -> Workshop:
    """A workshop with ``size`` flagged sessions and ``size`` confirmed participants."""
    topic = db.session.scalar(select(SensitiveTopic).where(SensitiveTopic.key == "status"))
    topic = topic or make.topic("status")
    experts = make.segment("experts", "Experts")
    workshop = Workshop(
        title=title,
        start_date=date(2027, 5, 10),
        end_date=date(2027, 5, 12),
        timezone="Asia/Tbilisi",
        owner=owner,
    )
    db.session.add(workshop)
    for i in range(size):
        session = Session(
            workshop=workshop,
            day=date(2027, 5, 10 + i % 3),
            start_time=time(8 + i % 10),
            duration_minutes=45,
            title=f"Session {i}",
            format=SessionFormat.PLENARY,
            position=i,
        )
        session.topics.append(topic)
        person = Person(
            name=f"Aygün Məmmədova {i}" if i % 2 else f"Անի Հակոբյան {i}",
            community=Community.AZERBAIJANI if i % 2 else Community.ARMENIAN,
            segment=experts,
            languages=["en"],
        )
        invitation = Invitation(workshop=workshop, person=person, status=InvitationStatus.CONFIRMED)
        db.session.add_all([session, person, invitation])
    db.session.commit()
    return workshop


def sign_in(client, user) -> None:
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_workshop_page_runs_the_same_number_of_statements_for_5_and_80(client, make):
    owner = make.user(Role.FACILITATOR)
    small = build_workshop(make, owner, 5, "Small").uid
    large = build_workshop(make, owner, 80, "Large").uid
    sign_in(client, owner)

    with sql_statements() as few:
        assert client.get(f"/workshops/{small}").status_code == 200
    with sql_statements() as many:
        response = client.get(f"/workshops/{large}")
    assert response.status_code == 200
    assert "Session 79" in response.get_data(as_text=True)
    assert len(few) == len(many), (len(few), len(many))


def test_workshop_list_runs_the_same_number_of_statements_for_3_and_60(app, make):
    counts = []
    for number in (3, 60):
        owner = make.user(Role.FACILITATOR)
        for i in range(number):
            build_workshop(make, owner, 2, f"Workshop {i}")
        client = app.test_client()
        sign_in(client, owner)
        with sql_statements() as statements:
            response = client.get("/workshops/")
        assert response.status_code == 200
        assert "warning" in response.get_data(as_text=True)  # readiness counts were computed
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_workshop_list_for_a_participant_runs_the_same_number_of_statements(app, make):
    counts = []
    for number in (3, 60):
        participant = make.participant_user()
        for i in range(number):
            workshop = build_workshop(make, make.user(Role.FACILITATOR), 1, f"W{i}")
            make.invite(workshop, participant.person)
        client = app.test_client()
        sign_in(client, participant)
        with sql_statements() as statements:
            assert client.get("/workshops/").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
