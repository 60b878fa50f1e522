"""People operations (planner.people.operations), specified without a client.

Creating and editing people, inviting them, changing and removing invitations, and the
roster import: each flushes and writes its audit event, which names fields and ids, never
notes or email addresses; a refusal leaves nothing behind.
"""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from planner.exceptions import DomainError, EditConflict
from planner.extensions import db
from planner.models import Invitation, Person, SmallGroup, SmallGroupMember, Workshop
from planner.people import operations
from planner.people.csv_import import parse_roster
from planner.people.operations import PersonFields, RosterAction
from planner.vocabulary import Community, InvitationRole, InvitationStatus, Role, SessionFormat
from tests.operations.conftest import assert_details_never_mention, audit_events, only_event

NOTE = "NOTE-His brother works for the security services"


def fields(**overrides) -> PersonFields:
    base = PersonFields(
        name="Ani Hakobyan",
        community=Community.ARMENIAN,
        affiliation="Yerevan Press Club",
        languages=("hy", "en"),
        email="ani@example.org",
        consent_to_list=True,
        notes=NOTE,
    )
    return dataclasses.replace(base, **overrides)


def profile_of(person: Person, **overrides) -> PersonFields:
    """The person form as opened on ``person`` now, with ``overrides`` typed in."""
    current = {f.name: getattr(person, f.name) for f in dataclasses.fields(PersonFields)}
    current["languages"] = tuple(current["languages"])
    return PersonFields(**{**current, **overrides})


@pytest.fixture
def workshop(make):
    return make.workshop()


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# ------------------------------------------------------------------------- person_fields


def test_person_fields_cleans_text_as_the_person_form_does():
    values = operations.person_fields(
        name="  Leyla   Məmmədova ",
        community=Community.AZERBAIJANI,
        languages=["AZ", "ru", "az"],
        email=" Leyla@Example.ORG ",
        notes="  first time abroad  ",
    )
    assert values.name == "Leyla Məmmədova"
    assert values.languages == ("az", "ru")
    assert values.email == "Leyla@example.org"
    assert values.notes == "first time abroad"


def test_person_fields_refuses_an_invalid_email():
    with pytest.raises(ValueError, match="Not a valid email address"):
        operations.person_fields(name="Ani", community=Community.ARMENIAN, email="not an email")


# ------------------------------------------------------------------------- create_person


def test_create_person_saves_the_profile(workshop):
    person = operations.create_person(fields(), workshop=workshop)
    db.session.commit()
    saved = db.session.get(Person, person.id)
    assert (saved.name, saved.email, saved.notes) == ("Ani Hakobyan", "ani@example.org", NOTE)
    assert saved.languages == ["hy", "en"]


def test_create_person_records_person_created_without_email_or_notes(workshop, make, signed_in):
    facilitator = workshop.owner
    with signed_in(facilitator):
        person = operations.create_person(fields(), workshop=workshop)
        event = only_event("person.created")
    assert (event.record_type, event.record_uid) == ("person", person.uid)
    assert event.workshop_uid == workshop.uid
    assert event.actor_id == facilitator.id
    assert event.details == {"community": "armenian", "has_email": True}
    assert_details_never_mention(event, "ani@example.org", NOTE, "Ani Hakobyan")


def test_create_person_refuses_an_email_someone_has_without_saying_so(make, refused):
    make.person(email="ani@example.org")
    with refused(operations.DuplicateEmail) as refusal:
        operations.create_person(fields(email="ANI@example.org"))
    assert str(refusal.value) == operations.EMAIL_NOT_USABLE
    assert "ani@example.org" not in str(refusal.value)


def test_create_person_allows_many_people_without_email(app):
    operations.create_person(fields(email=None))
    operations.create_person(fields(email=None, name="Someone else"))
    assert _count(Person) == 2


# ------------------------------------------------------------------------- update_person


def test_update_person_saves_and_returns_the_changed_fields(workshop, make):
    person = make.person(name="Ani", email="ani@example.org")
    changed = operations.update_person(
        person,
        profile_of(person, affiliation="CivilNet", consent_to_list=False),
        workshop=workshop,
        version=1,
    )
    db.session.commit()
    assert sorted(changed) == ["affiliation", "consent_to_list"]
    saved = db.session.get(Person, person.id)
    assert (saved.affiliation, saved.consent_to_list, saved.version) == ("CivilNet", False, 2)


def test_update_person_records_field_names_never_the_new_notes(workshop, make, signed_in):
    person = make.person(email="ani@example.org")
    with signed_in(workshop.owner):
        operations.update_person(
            person, profile_of(person, notes=NOTE), workshop=workshop, version=1
        )
        event = only_event("person.updated")
    assert event.details == {"fields": ["notes"]}
    assert (event.record_uid, event.workshop_uid) == (person.uid, workshop.uid)
    assert event.actor_id == workshop.owner_id
    assert_details_never_mention(event, NOTE, "ani@example.org")


def test_update_person_with_nothing_changed_records_nothing(workshop, make):
    person = make.person()
    assert operations.update_person(person, profile_of(person), workshop=workshop, version=1) == []
    db.session.commit()
    assert audit_events("person.updated") == []
    assert db.session.get(Person, person.id).version == 1


def test_update_person_refuses_a_stale_version(workshop, make, refused):
    person = make.person(consent_to_list=True)
    operations.update_person(
        person, profile_of(person, consent_to_list=False), workshop=workshop, version=1
    )
    db.session.commit()
    with refused(EditConflict, match="This person's profile was changed by someone else"):
        operations.update_person(
            person,
            profile_of(person, affiliation="Late edit", consent_to_list=True),
            workshop=workshop,
            version=1,
        )
    assert db.session.get(Person, person.id).consent_to_list is False


def test_update_person_refuses_another_persons_email(workshop, make, refused):
    make.person(email="taken@example.org")
    person = make.person(email="mine@example.org")
    with refused(operations.DuplicateEmail):
        operations.update_person(
            person, profile_of(person, email="Taken@example.org"), workshop=workshop, version=1
        )
    assert db.session.get(Person, person.id).email == "mine@example.org"


def test_update_person_keeps_their_own_email(workshop, make):
    person = make.person(email="mine@example.org")
    changed = operations.update_person(
        person, profile_of(person, affiliation="New"), workshop=workshop, version=1
    )
    assert changed == ["affiliation"]


# ------------------------------------------------------------------------- invite


def test_invite_creates_an_invitation_and_records_person_role_and_status(workshop, make):
    person = make.person(email="ani@example.org")
    invitation = operations.invite(workshop, person, InvitationRole.OBSERVER)
    db.session.commit()
    saved = db.session.get(Invitation, invitation.id)
    assert (saved.workshop_id, saved.person_id) == (workshop.id, person.id)
    assert (saved.role, saved.status) == (InvitationRole.OBSERVER, InvitationStatus.INVITED)
    event = only_event("invitation.created")
    assert (event.record_uid, event.workshop_uid) == (invitation.uid, workshop.uid)
    assert event.details == {"person": person.uid, "role": "observer", "status": "invited"}
    assert_details_never_mention(event, "ani@example.org", person.notes)


def test_invite_does_not_make_open_workshop_forms_stale(workshop, make):
    operations.invite(workshop, make.person())
    db.session.commit()
    assert db.session.get(Workshop, workshop.id).version == 1


def test_invite_refuses_a_person_already_invited(workshop, make, refused):
    person = make.person()
    make.invite(workshop, person)
    with refused(operations.AlreadyInvited, match="already invited to this workshop"):
        operations.invite(workshop, person)


# ------------------------------------------------------------------------- add_person


def test_add_person_creates_the_person_and_invites_them(workshop):
    invitation = operations.add_person(
        workshop, fields(), InvitationRole.PARTICIPANT, InvitationStatus.CONFIRMED
    )
    db.session.commit()
    assert invitation.person.name == "Ani Hakobyan"
    assert invitation.status is InvitationStatus.CONFIRMED
    assert [e.action for e in audit_events()] == ["person.created", "invitation.created"]


def test_add_person_refuses_a_used_email_and_creates_no_one(workshop, make, refused):
    make.person(email="ani@example.org")
    with refused(operations.DuplicateEmail):
        operations.add_person(
            workshop, fields(), InvitationRole.PARTICIPANT, InvitationStatus.INVITED
        )


# ------------------------------------------------------------------------- update_invitation


def test_update_invitation_changes_role_and_status_and_records_both(workshop, make, signed_in):
    invitation = make.invite(workshop, make.person(), status=InvitationStatus.INVITED)
    with signed_in(workshop.owner):
        changed = operations.update_invitation(
            invitation, InvitationRole.RESOURCE_PERSON, InvitationStatus.CONFIRMED, version=1
        )
        event = only_event("invitation.updated")
    db.session.commit()
    assert sorted(changed) == ["role", "status"]
    saved = db.session.get(Invitation, invitation.id)
    assert (saved.role, saved.status, saved.version) == (
        InvitationRole.RESOURCE_PERSON,
        InvitationStatus.CONFIRMED,
        2,
    )
    assert event.details == {
        "role": ["participant", "resource_person"],
        "status": ["invited", "confirmed"],
    }
    assert (event.record_uid, event.workshop_uid) == (invitation.uid, workshop.uid)
    assert event.actor_id == workshop.owner_id


def test_update_invitation_with_nothing_changed_records_nothing(workshop, make):
    invitation = make.invite(workshop, make.person())
    assert (
        operations.update_invitation(
            invitation, invitation.role, invitation.status, version=invitation.version
        )
        == []
    )
    assert audit_events("invitation.updated") == []


def test_update_invitation_refuses_a_stale_version(workshop, make, refused):
    invitation = make.invite(workshop, make.person(), status=InvitationStatus.INVITED)
    operations.update_invitation(
        invitation, InvitationRole.PARTICIPANT, InvitationStatus.DECLINED, version=1
    )
    db.session.commit()
    with refused(EditConflict, match="This invitation was changed"):
        operations.update_invitation(
            invitation, InvitationRole.PARTICIPANT, InvitationStatus.CONFIRMED, version=1
        )
    assert db.session.get(Invitation, invitation.id).status is InvitationStatus.DECLINED


def test_update_invitation_to_withdrew_revokes_the_private_links(workshop, make):
    invitation = make.invite(workshop, make.person())
    invitation.agenda_token_hash = "a" * 64
    invitation.calendar_token_hash = "c" * 64
    db.session.commit()
    operations.update_invitation(
        invitation, invitation.role, InvitationStatus.WITHDREW, version=invitation.version
    )
    db.session.commit()
    saved = db.session.get(Invitation, invitation.id)
    assert (saved.agenda_token_hash, saved.calendar_token_hash) == (None, None)
    assert len(audit_events("invitation.link_revoked")) == 2


# ------------------------------------------------------------------------- remove_invitation


def test_remove_invitation_removes_it_with_the_persons_places_in_groups(workshop, make):
    person = make.person()
    invitation = make.invite(workshop, person)
    session = make.session(workshop, format=SessionFormat.SMALL_GROUPS)
    session.groups.append(SmallGroup(number=1, members=[SmallGroupMember(invitation=invitation)]))
    db.session.commit()
    invitation_uid = invitation.uid
    operations.remove_invitation(invitation)
    db.session.commit()
    assert db.session.scalar(select(Invitation).where(Invitation.uid == invitation_uid)) is None
    assert _count(SmallGroupMember) == 0
    assert db.session.get(Person, person.id) is not None, "the person stays in the directory"
    event = only_event("invitation.removed")
    assert (event.record_uid, event.workshop_uid) == (invitation_uid, workshop.uid)
    assert event.details == {"person": person.uid}


# ------------------------------------------------------------------------- roster import


def roster(*lines: str) -> bytes:
    return ("name,community,email,status\n" + "\n".join(lines) + "\n").encode()


def test_import_roster_creates_new_people_and_invites_them(workshop):
    preview = parse_roster(
        roster("Ani Hakobyan,armenian,ani@example.org,confirmed", "Leyla Məmmədova,azerbaijani,,"),
        {},
    )
    result = operations.import_roster(workshop, preview, workshop.owner)
    db.session.commit()
    assert (result.created, result.invited_existing, result.already_invited) == (2, 0, 0)
    names = sorted(i.person.name for i in db.session.get(Workshop, workshop.id).invitations)
    assert names == ["Ani Hakobyan", "Leyla Məmmədova"]


def test_import_roster_invites_a_person_the_facilitator_knows_and_counts_those_already_here(
    workshop, make
):
    facilitator = workshop.owner
    earlier = make.workshop(owner=facilitator)
    known = make.person(name="Known", email="known@example.org")
    make.invite(earlier, known)
    here = make.person(name="Here", email="here@example.org")
    make.invite(workshop, here)
    preview = parse_roster(
        roster("Known,armenian,KNOWN@example.org,", "Here,armenian,here@example.org,"), {}
    )
    result = operations.import_roster(workshop, preview, facilitator)
    db.session.commit()
    assert (result.created, result.invited_existing, result.already_invited) == (0, 1, 1)
    assert _count(Person) == 2


def test_import_roster_records_the_counts_never_the_emails(workshop, signed_in):
    preview = parse_roster(roster("Ani Hakobyan,armenian,ani@example.org,"), {})
    with signed_in(workshop.owner):
        operations.import_roster(workshop, preview, workshop.owner)
        event = only_event("roster.imported")
    assert event.details == {"created": 1, "invited_existing": 0, "already_invited": 0}
    assert (event.record_uid, event.workshop_uid) == (workshop.uid, workshop.uid)
    assert event.actor_id == workshop.owner_id
    for each in audit_events():
        assert_details_never_mention(each, "ani@example.org", "Ani Hakobyan")


def test_import_roster_refuses_a_file_with_errors(workshop, refused):
    preview = parse_roster(roster("Ani,armenian,ani@example.org,", ",nowhere,,"), {})
    assert preview.errors
    with refused(DomainError, match="nothing was imported"):
        operations.import_roster(workshop, preview, workshop.owner)


def test_import_roster_refuses_an_email_of_someone_the_facilitator_does_not_know(
    workshop, make, refused
):
    make.person(name="Stranger", email="stranger@example.org")
    preview = parse_roster(
        roster("New Person,armenian,new@example.org,", "Stranger,armenian,stranger@example.org,"),
        {},
    )
    with refused(DomainError) as refusal:
        operations.import_roster(workshop, preview, workshop.owner)
    assert str(refusal.value) == f"Line 3: {operations.EMAIL_NOT_USABLE}"


def test_plan_roster_import_carries_no_person_for_a_refused_line(workshop, make):
    make.person(name="Stranger", email="stranger@example.org")
    preview = parse_roster(roster("Stranger,armenian,stranger@example.org,"), {})
    plan = operations.plan_roster_import(workshop, preview, workshop.owner)
    assert [(p.action, p.existing) for p in plan] == [(RosterAction.REFUSED, None)]
    assert [(e.line, e.reason) for e in operations.roster_refusals(plan)] == [
        (2, operations.EMAIL_NOT_USABLE)
    ]


def test_an_organiser_may_invite_anyone_by_email_through_the_roster(workshop, make):
    organiser = make.user(Role.ORGANISER)
    person = make.person(name="Stranger", email="stranger@example.org")
    preview = parse_roster(roster("Stranger,armenian,stranger@example.org,"), {})
    plan = operations.plan_roster_import(workshop, preview, organiser)
    assert [(p.action, p.existing) for p in plan] == [(RosterAction.INVITE_EXISTING, person)]
