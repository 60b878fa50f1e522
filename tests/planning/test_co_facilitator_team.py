"""The co-facilitator role and the team are one concept (issue 17, item 4): inviting someone
as a co-facilitator puts their facilitator account on the team, taking the role away takes
them off it, someone without a facilitator account cannot take the role, and a co-facilitator
is never listed as a participant."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select

from planner import access
from planner.agenda.publishing import publish_agenda
from planner.exceptions import DomainError
from planner.extensions import db
from planner.models import AuditEvent, Invitation, Person, User, Workshop, workshop_co_facilitators
from planner.people import operations as people_operations
from planner.vocabulary import Community, InvitationRole, InvitationStatus, Role
from planner.workshop_loading import load_workshop_head, workshop_page_data


@pytest.fixture
def world(make):
    owner = make.user(Role.FACILITATOR, name="Owner")
    colleague = make.user(Role.FACILITATOR, name="Nino Colleague", email="nino@example.org")
    workshop = make.workshop(owner=owner)
    profile = make.person(name="Նինո Colleague", community=Community.INTERNATIONAL, user=colleague)
    return workshop, owner, colleague, profile


def _team(workshop) -> list[int]:
    db.session.expire(workshop, ["co_facilitators"])
    return [u.id for u in workshop.co_facilitators]


def test_inviting_a_co_facilitator_puts_their_account_on_the_team(world):
    workshop, _, colleague, profile = world
    people_operations.invite(workshop, profile, InvitationRole.CO_FACILITATOR)
    db.session.commit()
    assert _team(workshop) == [colleague.id]
    assert access.standing(colleague, workshop) == access.Standing.TEAM
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "workshop.team_added"))


def test_the_co_facilitator_sees_the_team_page_not_the_participant_one(world, client, login):
    workshop, _, colleague, profile = world
    people_operations.invite(workshop, profile, InvitationRole.CO_FACILITATOR)
    db.session.commit()
    login(colleague)
    response = client.get(f"/workshops/{workshop.uid}")
    assert response.status_code == 200
    assert "Edit details" in response.get_data(as_text=True)


def test_someone_without_a_facilitator_account_cannot_be_a_co_facilitator(world, make):
    workshop, *_ = world
    for person in (
        make.person(name="No Account"),
        make.person(name="Participant Account", user=make.user(Role.PARTICIPANT)),
    ):
        with pytest.raises(DomainError, match="cannot be invited as a co-facilitator"):
            people_operations.invite(workshop, person, InvitationRole.CO_FACILITATOR)
        db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    assert _team(workshop) == []


def test_the_invitation_page_says_why_and_saves_nothing(world, make, client, login):
    workshop, owner, *_ = world
    person = make.person(name="Ани Без Аккаунта")
    invitation = make.invite(workshop, person, status=InvitationStatus.INVITED)
    login(owner)
    response = client.post(
        f"/workshops/{workshop.uid}/people/{invitation.uid}/edit",
        data={"version": invitation.version, "role": "co_facilitator", "status": "invited"},
        follow_redirects=True,
    )
    assert "Ани Без Аккаунта cannot be invited as a co-facilitator" in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert db.session.get(Invitation, invitation.id).role == InvitationRole.PARTICIPANT
    assert _team(workshop) == []


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (InvitationRole.RESOURCE_PERSON, InvitationStatus.INVITED),
        (InvitationRole.CO_FACILITATOR, InvitationStatus.DECLINED),
        (InvitationRole.CO_FACILITATOR, InvitationStatus.WITHDREW),
    ],
)
def test_taking_the_role_away_takes_them_off_the_team(world, role, status):
    workshop, _, colleague, profile = world
    invitation = people_operations.invite(workshop, profile, InvitationRole.CO_FACILITATOR)
    db.session.commit()
    people_operations.update_invitation(invitation, role, status, version=invitation.version)
    db.session.commit()
    assert _team(workshop) == []
    assert access.standing(colleague, workshop) < access.Standing.TEAM


def test_giving_the_role_later_puts_them_on_the_team(world):
    workshop, _, colleague, profile = world
    invitation = people_operations.invite(workshop, profile, InvitationRole.RESOURCE_PERSON)
    db.session.commit()
    assert _team(workshop) == []
    people_operations.update_invitation(
        invitation, InvitationRole.CO_FACILITATOR, invitation.status, version=invitation.version
    )
    db.session.commit()
    assert _team(workshop) == [colleague.id]


def test_uninviting_a_co_facilitator_takes_them_off_the_team(world):
    workshop, _, _, profile = world
    invitation = people_operations.invite(workshop, profile, InvitationRole.CO_FACILITATOR)
    db.session.commit()
    people_operations.remove_invitation(invitation)
    db.session.commit()
    assert _team(workshop) == []


def test_the_owner_or_an_organiser_invited_as_co_facilitator_changes_no_team(world, make):
    workshop, owner, *_ = world
    organiser = make.user(Role.ORGANISER)
    for user in (owner, organiser):
        person = make.person(name=f"Profile of {user.name}", user=user)
        people_operations.invite(workshop, person, InvitationRole.CO_FACILITATOR)
    db.session.commit()
    assert _team(workshop) == []


def test_a_co_facilitator_is_not_listed_among_participants(world, make, client, login):
    workshop, owner, colleague, profile = world
    make.session(workshop)
    people_operations.invite(
        workshop, profile, InvitationRole.CO_FACILITATOR, InvitationStatus.CONFIRMED
    )
    listed = make.person(name="Listed Participant", community=Community.ARMENIAN)
    make.invite(workshop, listed)
    participant = make.participant_user(workshop, community=Community.AZERBAIJANI)
    workshop.names_in_files = True
    db.session.commit()
    head = load_workshop_head(workshop.uid)
    publish_agenda(head, workshop_page_data(head), owner)
    db.session.commit()
    login(participant)
    page = client.get(f"/my/workshops/{workshop.uid}", follow_redirects=True).get_data(as_text=True)
    assert "Listed Participant" in page
    # Named once, with the facilitators: not in the participant list.
    assert page.count(colleague.name) == 1
    assert "Նինո Colleague" not in page


def test_json_import_turns_a_co_facilitator_without_account_into_a_resource_person(
    world, make, client, login
):
    workshop, owner, _, _ = world
    person = make.person(name="Imported Co", email="co@example.org")
    make.invite(workshop, person, role=InvitationRole.RESOURCE_PERSON)
    login(owner)
    exported = json.loads(
        client.get(f"/workshops/{workshop.uid}/brief.json?audience=facilitator").data
    )
    [item] = exported["invitations"]
    item["role"] = "co_facilitator"
    item["email"], item["name"] = "new-co@example.org", "New Co"
    response = client.post(
        "/workshops/import",
        data={"document": (io.BytesIO(json.dumps(exported).encode()), "brief.json")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "invited as a resource person, not a co-facilitator" in response.get_data(as_text=True)
    imported = db.session.scalar(select(Workshop).where(Workshop.id != workshop.id))
    assert [i.role for i in imported.invitations] == [InvitationRole.RESOURCE_PERSON]


def test_migration_puts_existing_co_facilitators_on_the_team(empty_app):
    """Invitations made before the rule get their accounts on the team when upgrading."""
    from alembic.script import ScriptDirectory

    upgrade()
    config = empty_app.extensions["migrate"].migrate.get_config()
    mine = ScriptDirectory.from_config(config).get_revision("b9d4f2a6c8e1")
    owner = User(email="o@example.org", name="O", role=Role.FACILITATOR, active=True)
    colleague = User(email="c@example.org", name="C", role=Role.FACILITATOR, active=True)
    gone = User(email="g@example.org", name="G", role=Role.FACILITATOR, active=False)
    for user in (owner, colleague, gone):
        user.set_password("correct horse battery staple")
    workshop = Workshop(
        title="W",
        start_date=date(2027, 5, 10),
        end_date=date(2027, 5, 11),
        timezone="Asia/Tbilisi",
        owner=owner,
    )
    for user, status in (
        (colleague, InvitationStatus.INVITED),
        (gone, InvitationStatus.INVITED),
        (owner, InvitationStatus.CONFIRMED),
    ):
        person = Person(name=user.name, community=Community.INTERNATIONAL, user=user)
        db.session.add(
            Invitation(
                workshop=workshop, person=person, role=InvitationRole.CO_FACILITATOR, status=status
            )
        )
    db.session.add(workshop)
    db.session.commit()
    ids = {u.email: u.id for u in (owner, colleague, gone)}
    db.session.remove()
    downgrade(revision=mine.down_revision)
    upgrade()
    rows = db.session.execute(select(workshop_co_facilitators.c.user_id)).scalars().all()
    assert rows == [ids["c@example.org"]]


ROSTER = (
    "name,community,segment,affiliation,languages,email,consent,role,status\r\n"
    "Ольга Смирнова,international,,OSCE,ru,,1,Co-facilitator,Confirmed\r\n"
)


def test_a_roster_line_making_someone_without_an_account_co_facilitator_is_refused(
    world, client, login
):
    workshop, owner, *_ = world
    login(owner)
    response = client.post(
        f"/workshops/{workshop.uid}/people/import",
        data={"file": (io.BytesIO(ROSTER.encode()), "roster.csv")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert "a co-facilitator joins the workshop&#39;s team" in page or (
        "a co-facilitator joins the workshop's team" in page
    )
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
