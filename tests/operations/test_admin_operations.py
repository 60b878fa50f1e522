"""Erasure (planner.admin.operations.erase_person), specified without a client.

Erasing a person removes their profile, invitations and places in small groups, takes them
out of every published agenda, and pseudonymises the audit events that name them: the log
still shows that something happened, never to whom.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from planner.admin import operations
from planner.agenda.publishing import publish_agenda
from planner.extensions import db
from planner.models import (
    AgendaPublication,
    AuditEvent,
    Invitation,
    Person,
    SmallGroup,
    SmallGroupMember,
)
from planner.people.operations import create_person, invite, person_fields
from planner.vocabulary import Community, InvitationStatus, Role, SessionFormat
from planner.workshop_loading import load_workshop_head, workshop_page_data
from tests.operations.conftest import audit_events, only_event

NAME = "Ani Hakobyan"
EMAIL = "ani.hakobyan@example.org"


@pytest.fixture
def scene(make):
    """Ani and Leyla confirmed for a workshop, in one small group, the agenda published."""
    workshop = make.workshop()
    session = make.session(workshop, format=SessionFormat.SMALL_GROUPS)
    ani = create_person(
        person_fields(name=NAME, community=Community.ARMENIAN, email=EMAIL, consent_to_list=True),
        workshop=workshop,
    )
    leyla = create_person(
        person_fields(
            name="Leyla Məmmədova", community=Community.AZERBAIJANI, consent_to_list=True
        ),
        workshop=workshop,
    )
    ani_invitation = invite(workshop, ani, status=InvitationStatus.CONFIRMED)
    leyla_invitation = invite(workshop, leyla, status=InvitationStatus.CONFIRMED)
    session.groups.append(
        SmallGroup(
            number=1,
            members=[
                SmallGroupMember(invitation=ani_invitation),
                SmallGroupMember(invitation=leyla_invitation),
            ],
        )
    )
    db.session.commit()
    head = load_workshop_head(workshop.uid)
    publish_agenda(head, workshop_page_data(head), workshop.owner)
    db.session.commit()
    return workshop, ani, ani_invitation, leyla


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_erase_person_removes_the_profile_invitations_and_group_places(scene):
    workshop, ani, _, leyla = scene
    operations.erase_person(ani)
    db.session.commit()
    assert [p.name for p in db.session.scalars(select(Person))] == ["Leyla Məmmədova"]
    assert [i.person_id for i in db.session.scalars(select(Invitation))] == [leyla.id]
    assert _count(SmallGroupMember) == 1


def test_erase_person_takes_them_out_of_published_agendas(scene):
    _, ani, invitation, leyla = scene
    publication = db.session.scalar(select(AgendaPublication))
    before = json.dumps(publication.snapshot, ensure_ascii=False)
    # Publications keep no participant list (issue 20), only the groups' invitation uids.
    assert invitation.uid in before, "the published agenda placed Ani in a group"
    assert NAME not in before and EMAIL not in before
    leyla_invitation_uid = db.session.scalar(
        select(Invitation.uid).where(Invitation.person_id == leyla.id)
    )
    ani_uid, invitation_uid = ani.uid, invitation.uid
    operations.erase_person(ani)
    db.session.commit()
    db.session.expire_all()
    after = json.dumps(
        db.session.get(AgendaPublication, publication.id).snapshot, ensure_ascii=False
    )
    for trace in (NAME, EMAIL, ani_uid, invitation_uid):
        assert trace not in after
    assert leyla_invitation_uid in after, "the others keep their group places"


def test_erase_person_pseudonymises_every_audit_event_that_names_them(scene):
    _, ani, invitation, _ = scene
    ani_uid, invitation_uid = ani.uid, invitation.uid
    events_before = _count(AuditEvent)
    pseudonym = operations.erase_person(ani)
    db.session.commit()
    assert _count(AuditEvent) == events_before + 1, "no event is deleted"
    for event in audit_events():
        text = json.dumps([event.record_uid, event.details], ensure_ascii=False)
        for trace in (NAME, EMAIL, ani_uid, invitation_uid):
            assert trace not in text, (event.action, text)
    created = [e for e in audit_events("person.created") if e.record_uid == pseudonym]
    assert len(created) == 1, "the log still shows that a person was added"


def test_erase_person_records_person_erased_under_the_pseudonym(scene, make, signed_in):
    _, ani, _, _ = scene
    organiser = make.user(Role.ORGANISER)
    ani_uid = ani.uid
    with signed_in(organiser):
        pseudonym = operations.erase_person(ani)
        event = only_event("person.erased")
    assert pseudonym == operations.pseudonym_for(ani_uid)
    assert pseudonym.startswith("erased-") and ani_uid not in pseudonym
    assert (event.record_type, event.record_uid) == ("person", pseudonym)
    assert event.details == {"invitations": 1}
    assert event.actor_id == organiser.id


def test_erase_person_without_invitations_erases_the_profile(make):
    person = make.person(name="Nobody Invited", email="nobody@example.org")
    operations.erase_person(person)
    db.session.commit()
    assert _count(Person) == 0
    assert only_event("person.erased").details == {"invitations": 0}


def test_pseudonyms_are_stable_and_differ_between_records(app):
    assert operations.pseudonym_for("abc") == operations.pseudonym_for("abc")
    assert operations.pseudonym_for("abc") != operations.pseudonym_for("abd")
