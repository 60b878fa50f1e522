"""Participant operations (planner.participant.operations), specified without a client.

A participant answers their invitation and changes what they may change about themselves;
the team issues and revokes private links. Each writes one audit event; tokens, emails and
notes never appear in it.
"""

from __future__ import annotations

import pytest

from planner.exceptions import DomainError, EditConflict
from planner.extensions import db
from planner.models import Invitation, Person
from planner.participant import operations
from planner.participant.tokens import LinkKind, hash_token, invitation_for_token
from planner.people.operations import PersonFields, update_invitation, update_person
from planner.vocabulary import InvitationRole, InvitationStatus, WorkshopStatus
from tests.operations.conftest import assert_details_never_mention, audit_events, only_event


@pytest.fixture
def workshop(make):
    return make.workshop(status=WorkshopStatus.PLANNED)


@pytest.fixture
def participant(make, workshop):
    return make.participant_user(workshop, email="ani@example.org")


@pytest.fixture
def invitation(participant) -> Invitation:
    invitation = participant.person.invitations[0]
    invitation.status = InvitationStatus.INVITED
    db.session.commit()
    return invitation


def reload(invitation: Invitation) -> Invitation:
    db.session.expire_all()
    return db.session.get(Invitation, invitation.id)


# ------------------------------------------------------------------------- respond


def test_respond_confirm_records_the_answer_with_the_participant_as_actor(invitation, participant):
    assert operations.respond(invitation, "confirm", participant) is True
    db.session.commit()
    assert reload(invitation).status is InvitationStatus.CONFIRMED
    event = only_event("invitation.responded")
    assert (event.record_uid, event.workshop_uid) == (invitation.uid, invitation.workshop.uid)
    assert event.actor_id == participant.id
    assert event.details == {"from": "invited", "to": "confirmed"}
    assert_details_never_mention(event, "ani@example.org")


def test_respond_with_the_answer_already_recorded_changes_and_records_nothing(
    invitation, participant
):
    operations.respond(invitation, "decline", participant)
    db.session.commit()
    assert operations.respond(invitation, "decline", participant) is False
    assert len(audit_events("invitation.responded")) == 1


def test_respond_makes_a_facilitators_open_invitation_form_stale(invitation, participant, refused):
    opened = invitation.version
    operations.respond(invitation, "confirm", participant)
    db.session.commit()
    with refused(EditConflict):
        update_invitation(
            invitation, InvitationRole.PARTICIPANT, InvitationStatus.INVITED, version=opened
        )


def test_respond_decline_revokes_the_private_links(invitation, participant):
    token = operations.issue_link(invitation, LinkKind.AGENDA, participant)
    db.session.commit()
    operations.respond(invitation, "decline", participant)
    db.session.commit()
    assert reload(invitation).agenda_token_hash is None
    assert invitation_for_token(token, LinkKind.AGENDA) is None


def test_respond_refuses_an_answer_that_is_neither(invitation, participant, refused):
    with refused(DomainError, match="Choose whether you will attend"):
        operations.respond(invitation, "maybe", participant)


@pytest.mark.parametrize("status", [WorkshopStatus.HELD, WorkshopStatus.CANCELLED])
def test_respond_refuses_once_the_workshop_is_held_or_cancelled(
    invitation, participant, refused, status
):
    invitation.workshop.status = status
    db.session.commit()
    with refused(DomainError, match="attendance can no longer be changed"):
        operations.respond(invitation, "confirm", participant)
    assert reload(invitation).status is InvitationStatus.INVITED


@pytest.mark.parametrize("status", [InvitationStatus.WITHDREW, InvitationStatus.ATTENDED])
def test_respond_refuses_a_status_only_the_facilitators_may_change(
    invitation, participant, refused, status
):
    invitation.status = status
    db.session.commit()
    with refused(DomainError, match="please contact the facilitators"):
        operations.respond(invitation, "confirm", participant)
    assert reload(invitation).status is status


# ------------------------------------------------------------------------- update_profile


def test_update_profile_withdraws_consent_and_records_field_names(participant):
    person = participant.person
    changed = operations.update_profile(
        person, consent_to_list=False, languages=["hy", "ru"], actor=participant
    )
    db.session.commit()
    assert changed == ["consent_to_list", "languages"]
    saved = db.session.get(Person, person.id)
    assert (saved.consent_to_list, saved.languages) == (False, ["hy", "ru"])
    event = only_event("person.profile_updated")
    assert event.details == {"fields": ["consent_to_list", "languages"]}
    assert (event.record_uid, event.actor_id) == (person.uid, participant.id)
    assert_details_never_mention(event, "ani@example.org", person.notes)


def test_update_profile_with_nothing_changed_records_nothing(participant):
    person = participant.person
    assert (
        operations.update_profile(
            person,
            consent_to_list=person.consent_to_list,
            languages=list(person.languages),
            actor=participant,
        )
        == []
    )
    assert audit_events("person.profile_updated") == []


def test_update_profile_makes_a_facilitators_open_profile_form_stale(
    participant, workshop, refused
):
    person = participant.person
    opened = person.version
    operations.update_profile(person, consent_to_list=False, languages=["en"], actor=participant)
    db.session.commit()
    relisted = PersonFields(
        name=person.name,
        community=person.community,
        languages=("en",),
        email=person.email,
        consent_to_list=True,
        notes=person.notes,
    )
    with refused(EditConflict):
        update_person(person, relisted, workshop=workshop, version=opened)
    assert db.session.get(Person, person.id).consent_to_list is False


# ------------------------------------------------------------------------- mark_seen


def test_mark_seen_remembers_the_publication_once(invitation):
    operations.mark_seen(invitation, 3)
    operations.mark_seen(invitation, 3)
    db.session.commit()
    assert reload(invitation).last_seen_publication == 3
    event = only_event("agenda.seen")
    assert event.details == {"number": 3}
    assert event.record_uid == invitation.uid


def test_mark_seen_does_not_make_a_facilitators_invitation_form_stale(invitation):
    opened = invitation.version
    operations.mark_seen(invitation, 1)
    db.session.commit()
    assert reload(invitation).version == opened


# ------------------------------------------------------------------------- private links


def test_issue_link_stores_only_the_hash_and_records_its_kind(invitation, workshop):
    token = operations.issue_link(invitation, LinkKind.CALENDAR, workshop.owner)
    db.session.commit()
    saved = reload(invitation)
    assert saved.calendar_token_hash == hash_token(token) != token
    assert invitation_for_token(token, LinkKind.CALENDAR).id == invitation.id
    assert invitation_for_token(token, LinkKind.AGENDA) is None, "one link per kind"
    event = only_event("invitation.link_created")
    assert event.details == {"kind": "calendar"}
    assert event.actor_id == workshop.owner_id
    assert_details_never_mention(event, token, saved.calendar_token_hash)


def test_issue_link_again_rotates_it_and_the_old_token_stops_working(invitation, workshop):
    old = operations.issue_link(invitation, LinkKind.AGENDA, workshop.owner)
    db.session.commit()
    new = operations.issue_link(invitation, LinkKind.AGENDA, workshop.owner)
    db.session.commit()
    assert old != new
    assert invitation_for_token(old, LinkKind.AGENDA) is None
    assert invitation_for_token(new, LinkKind.AGENDA).id == invitation.id
    assert only_event("invitation.link_rotated").details == {"kind": "agenda"}


def test_revoke_link_ends_it_and_says_whether_there_was_one(invitation, workshop):
    token = operations.issue_link(invitation, LinkKind.AGENDA, workshop.owner)
    db.session.commit()
    assert operations.revoke_link(invitation, LinkKind.AGENDA, workshop.owner) is True
    db.session.commit()
    assert invitation_for_token(token, LinkKind.AGENDA) is None
    assert operations.revoke_link(invitation, LinkKind.AGENDA, workshop.owner) is False
    event = only_event("invitation.link_revoked")
    assert (event.details, event.actor_id) == ({"kind": "agenda"}, workshop.owner_id)


def test_end_links_unless_active_keeps_the_links_of_a_standing_invitation(invitation, workshop):
    operations.issue_link(invitation, LinkKind.AGENDA, workshop.owner)
    operations.end_links_unless_active(invitation)
    assert invitation.agenda_token_hash is not None
    assert audit_events("invitation.link_revoked") == []


def test_end_links_unless_active_revokes_every_link_of_a_declined_invitation(invitation, workshop):
    operations.issue_link(invitation, LinkKind.AGENDA, workshop.owner)
    operations.issue_link(invitation, LinkKind.CALENDAR, workshop.owner)
    invitation.status = InvitationStatus.DECLINED
    operations.end_links_unless_active(invitation, workshop.owner)
    db.session.commit()
    saved = reload(invitation)
    assert (saved.agenda_token_hash, saved.calendar_token_hash) == (None, None)
    assert sorted(e.details["kind"] for e in audit_events("invitation.link_revoked")) == [
        "agenda",
        "calendar",
    ]
