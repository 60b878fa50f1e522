"""People and invitations of a workshop (issue 3, item 2): listing, adding, finding, editing.

Access per role is in test_people_access.py; the CSV import in test_people_import.py.
"""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import select

from planner.extensions import db
from planner.models import AuditEvent, Invitation, Person, SmallGroup, SmallGroupMember
from planner.people.operations import EMAIL_NOT_USABLE
from planner.vocabulary import (
    Community,
    InvitationRole,
    InvitationStatus,
    Role,
    SessionFormat,
)
from tests.sql_statements import statements_for


@pytest.fixture
def owner(make):
    return make.user(Role.FACILITATOR, name="Owner Facilitator")


@pytest.fixture
def workshop(make, owner):
    return make.workshop(owner=owner, title="Tbilisi dialogue")


@pytest.fixture
def as_owner(login, owner):
    login(owner)
    return owner


def _url(workshop, tail: str = "") -> str:
    return f"/workshops/{workshop.uid}/people{tail}"


def _profile(**overrides) -> dict:
    data = {
        "name": "Ольга Смирнова",
        "name_alt": "",
        "community": "international",
        "segment": "",
        "affiliation": "OSCE",
        "languages": "ru, en",
        "email": "",
        "notes": "",
        "role": "participant",
        "status": "invited",
    }
    data.update(overrides)
    return data


def _people_named(name: str) -> list[Person]:
    return list(db.session.scalars(select(Person).where(Person.name == name)))


def _audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


# The people page


def test_people_page_lists_each_invitation_with_profile_role_status_and_consent(
    client, make, workshop, as_owner
):
    experts = make.segment("experts", "Experts")
    person = make.person(
        "Անի Հակոբյան",
        segment=experts,
        affiliation="Yerevan Press Club",
        languages=["hy", "ru"],
        consent_to_list=False,
    )
    make.invite(workshop, person, role=InvitationRole.OBSERVER, status=InvitationStatus.DECLINED)
    page = client.get(_url(workshop)).get_data(as_text=True)
    for text in (
        "Անի Հակոբյան",
        "Armenian",
        "Experts",
        "Yerevan Press Club",
        "hy, ru",
        "Observer",
        "Declined",
    ):
        assert text in page
    assert "<td>No</td>" in page  # not listed to other participants


def test_people_page_counts_invitations_by_status(client, make, workshop, as_owner):
    for status in (
        InvitationStatus.CONFIRMED,
        InvitationStatus.CONFIRMED,
        InvitationStatus.DECLINED,
    ):
        make.invite(workshop, make.person(), status=status)
    page = client.get(_url(workshop)).get_data(as_text=True)
    assert "<dt>Confirmed</dt><dd>2</dd>" in page
    assert "<dt>Declined</dt><dd>1</dd>" in page
    assert "<dt>Total</dt><dd>3</dd>" in page


def test_people_page_does_not_list_other_workshops_invitations(client, make, workshop, as_owner):
    make.invite(make.workshop(), make.person("Toğrul Bağırov"))
    assert "Toğrul Bağırov" not in client.get(_url(workshop)).get_data(as_text=True)


def test_people_page_runs_the_same_number_of_queries_for_few_and_many_people(
    app, client, make, workshop, as_owner
):
    segment = make.segment()
    make.invite(workshop, make.person(segment=segment))
    few = statements_for(client, _url(workshop))
    for _ in range(8):
        make.invite(workshop, make.person(segment=segment))
    assert statements_for(client, _url(workshop)) == few


# Adding a person


def test_add_person_creates_the_person_and_invites_them_with_the_chosen_role(
    client, make, workshop, as_owner
):
    make.segment("journalists", "Journalists")
    response = client.post(
        _url(workshop, "/new"),
        data=_profile(
            name="Aygün Məmmədova",
            community="azerbaijani",
            segment="journalists",
            languages="AZ, ru",
            email="Aygun@Example.org",
            consent_to_list="y",
            role="resource_person",
            status="confirmed",
        ),
    )
    assert response.status_code == 302
    (person,) = _people_named("Aygün Məmmədova")
    assert person.community == Community.AZERBAIJANI
    assert person.segment.key == "journalists"
    assert person.languages == ["az", "ru"]
    assert person.consent_to_list is True
    (invitation,) = person.invitations
    assert invitation.workshop_id == workshop.id
    assert (invitation.role, invitation.status) == (
        InvitationRole.RESOURCE_PERSON,
        InvitationStatus.CONFIRMED,
    )
    assert "Aygün Məmmədova was added and invited." in client.get(_url(workshop)).get_data(
        as_text=True
    )


def test_add_person_stores_the_name_nfc_normalised_and_trimmed(client, workshop, as_owner):
    decomposed = unicodedata.normalize("NFD", "  Toğrul Bağırov  ")
    client.post(_url(workshop, "/new"), data=_profile(name=decomposed, community="azerbaijani"))
    assert len(_people_named("Toğrul Bağırov")) == 1


def test_add_person_writes_audit_events_without_the_notes(client, workshop, as_owner):
    client.post(
        _url(workshop, "/new"), data=_profile(notes="Was detained in 2021; handle with care")
    )
    assert _audit_actions()[-2:] == ["person.created", "invitation.created"]
    events = db.session.scalars(select(AuditEvent)).all()
    assert all("detained" not in str(e.details) for e in events)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "   ", "Name is required."),
        ("name", "Ա" * 201, "at most 200 characters"),
        ("languages", "hy, armenian", "Not a two-letter ISO 639-1 language code: “armenian”"),
        ("email", "olga-at-example", "Not a valid email address"),
        ("community", "martian", "Not a valid choice"),
    ],
)
def test_add_person_with_bad_input_shows_the_reason_and_saves_nothing(
    client, workshop, as_owner, field, value, message
):
    response = client.post(_url(workshop, "/new"), data=_profile(**{field: value}))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(Person.id)) is None


def test_add_person_offers_the_existing_person_with_the_same_name_in_another_case(
    client, make, workshop, as_owner
):
    existing = make.person("Ольга Смирнова", community=Community.INTERNATIONAL)
    make.invite(make.workshop(owner=as_owner), existing)  # known to the facilitator
    response = client.post(_url(workshop, "/new"), data=_profile(name="ОЛЬГА смирнова"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Invite this existing person instead" in page
    assert f'value="{existing.uid}"' in page
    assert len(_people_named("ОЛЬГА смирнова")) == 0


def test_add_person_offers_the_existing_person_known_by_an_alternative_spelling(
    client, make, workshop, as_owner
):
    existing = make.person("Անի Հակոբյան", name_alt="Ani Hakobyan")
    make.invite(make.workshop(owner=as_owner), existing)  # known to the facilitator
    page = client.post(_url(workshop, "/new"), data=_profile(name="ani hakobyan")).get_data(
        as_text=True
    )
    assert f'value="{existing.uid}"' in page


def test_create_anyway_adds_a_second_person_with_the_same_name(client, make, workshop, as_owner):
    make.person("Ольга Смирнова")
    data = _profile(create_anyway="None of these: create a new person")
    assert client.post(_url(workshop, "/new"), data=data).status_code == 302
    assert len(_people_named("Ольга Смирнова")) == 2


def test_add_person_with_an_email_already_registered_in_another_case_is_refused(
    client, make, workshop, as_owner
):
    make.person("Someone Else", email="olga@example.org")
    data = _profile(email="OLGA@example.org", create_anyway="None of these: create a new person")
    response = client.post(_url(workshop, "/new"), data=data)
    assert response.status_code == 200
    assert EMAIL_NOT_USABLE in response.get_data(as_text=True)
    assert _people_named("Ольга Смирнова") == []


# Inviting an existing person


def test_invite_existing_person_creates_an_invitation_with_the_role(
    client, make, workshop, as_owner
):
    person = make.person("Toğrul Bağırov", community=Community.AZERBAIJANI)
    make.invite(make.workshop(owner=as_owner), person)  # known to the facilitator
    response = client.post(
        _url(workshop, "/invite"), data={"person": person.uid, "role": "interpreter"}
    )
    assert response.status_code == 302
    invitation = db.session.scalar(
        select(Invitation).where(
            Invitation.person_id == person.id, Invitation.workshop_id == workshop.id
        )
    )
    assert invitation.workshop_id == workshop.id
    assert invitation.role == InvitationRole.INTERPRETER
    assert invitation.status == InvitationStatus.INVITED
    assert _audit_actions()[-1] == "invitation.created"


def test_inviting_someone_already_invited_says_so_and_adds_nothing(
    client, make, workshop, as_owner
):
    person = make.person()
    make.invite(workshop, person)
    client.post(_url(workshop, "/invite"), data={"person": person.uid, "role": "participant"})
    page = client.get(_url(workshop)).get_data(as_text=True)
    assert "already invited to this workshop" in page
    assert len(db.session.scalars(select(Invitation)).all()) == 1


def test_inviting_an_unknown_person_is_not_found(client, workshop, as_owner):
    response = client.post(
        _url(workshop, "/invite"), data={"person": "nobody", "role": "participant"}
    )
    assert response.status_code == 404


# Finding people


def test_search_finds_a_person_by_part_of_the_name_in_any_case(client, make, workshop, as_owner):
    make.invite(workshop, make.person("Toğrul Bağırov", community=Community.AZERBAIJANI))
    make.invite(workshop, make.person("Անի Հակոբյան"))
    page = client.get(_url(workshop, "/find"), query_string={"q": "TOĞRUL"}).get_data(as_text=True)
    assert "Toğrul Bağırov" in page
    assert "Անի Հակոբյան" not in page


def test_search_finds_armenian_script_by_lower_case(client, make, workshop, as_owner):
    make.invite(workshop, make.person("Անի Հակոբյան"))
    page = client.get(_url(workshop, "/find"), query_string={"q": "անի"}).get_data(as_text=True)
    assert "Անի Հակոբյան" in page


def test_facilitator_does_not_find_people_outside_their_workshops(client, make, workshop, as_owner):
    # PRODUCT §2: facilitators see people only for workshops they own or co-facilitate
    # (more in test_people_confidentiality.py).
    experts = make.segment()
    make.person(
        "Ольга Смирнова",
        email="olga@example.org",
        notes="SECRET-NOTE",
        segment=experts,
        affiliation="Moscow Institute",
    )
    page = client.get(_url(workshop, "/find"), query_string={"q": "ольга"}).get_data(as_text=True)
    assert "Ольга Смирнова" not in page and "Moscow Institute" not in page
    assert "olga@example.org" not in page
    assert "SECRET-NOTE" not in page


def test_facilitator_sees_the_email_of_people_in_their_own_workshops(
    client, make, owner, workshop, as_owner
):
    person = make.person("Ольга Смирнова", email="olga@example.org")
    make.invite(make.workshop(owner=owner), person)
    page = client.get(_url(workshop, "/find"), query_string={"q": "ольга"}).get_data(as_text=True)
    assert "olga@example.org" in page


def test_facilitator_cannot_find_a_person_by_email(client, make, workshop, as_owner):
    make.person("Ольга Смирнова", email="olga@example.org")
    page = client.get(_url(workshop, "/find"), query_string={"q": "olga@example.org"}).get_data(
        as_text=True
    )
    assert "Ольга Смирнова" not in page


def test_organiser_finds_by_email_and_sees_it(client, make, login, workshop):
    make.person("Ольга Смирнова", email="olga@example.org")
    login(make.user(Role.ORGANISER))
    page = client.get(_url(workshop, "/find"), query_string={"q": "OLGA@example.org"}).get_data(
        as_text=True
    )
    assert "Ольга Смирнова" in page and "olga@example.org" in page


def test_search_marks_people_already_invited(client, make, workshop, as_owner):
    make.invite(workshop, make.person("Անի Հակոբյան"))
    page = client.get(_url(workshop, "/find"), query_string={"q": "Անի"}).get_data(as_text=True)
    assert "Already invited to this workshop" in page


# Changing an invitation


def test_edit_invitation_changes_role_and_status_and_is_audited(client, make, workshop, as_owner):
    invitation = make.invite(workshop, make.person(), status=InvitationStatus.INVITED)
    response = client.post(
        _url(workshop, f"/{invitation.uid}/edit"),
        data={"role": "observer", "status": "withdrew", "version": "1"},
    )
    assert response.status_code == 302
    db.session.refresh(invitation)
    assert (invitation.role, invitation.status) == (
        InvitationRole.OBSERVER,
        InvitationStatus.WITHDREW,
    )
    event_ = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "invitation.updated"))
    assert event_.details["status"] == ["invited", "withdrew"]


def test_edit_invitation_with_an_unknown_status_saves_nothing(client, make, workshop, as_owner):
    invitation = make.invite(workshop, make.person(), status=InvitationStatus.INVITED)
    response = client.post(
        _url(workshop, f"/{invitation.uid}/edit"), data={"role": "observer", "status": "lost"}
    )
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    db.session.refresh(invitation)
    assert invitation.role == InvitationRole.PARTICIPANT


def test_another_workshops_invitation_is_not_found(client, make, workshop, as_owner):
    elsewhere = make.invite(make.workshop(owner=as_owner), make.person())
    assert client.get(_url(workshop, f"/{elsewhere.uid}/edit")).status_code == 404
    assert client.post(_url(workshop, f"/{elsewhere.uid}/remove")).status_code == 404


# Editing a person's profile


def test_edit_person_form_shows_the_current_profile(client, make, workshop, as_owner):
    person = make.person("Aygün Məmmədova", languages=["az", "en"], notes="PRIVATE-NOTE")
    make.invite(workshop, person)
    page = client.get(_url(workshop, f"/person/{person.uid}/edit")).get_data(as_text=True)
    assert 'value="Aygün Məmmədova"' in page
    assert 'value="az, en"' in page
    assert "PRIVATE-NOTE" in page  # the team reads notes


def test_edit_person_changes_profile_and_consent_and_audits_field_names_only(
    client, make, workshop, as_owner
):
    person = make.person("Aygün Məmmədova", community=Community.AZERBAIJANI, consent_to_list=True)
    make.invite(workshop, person)
    data = _profile(
        name="Aygün Məmmədova",
        community="azerbaijani",
        affiliation="Baku",
        languages="az",
        notes="NEW-SECRET",
        version="1",
    )
    response = client.post(
        _url(workshop, f"/person/{person.uid}/edit"), data=data
    )  # consent unticked
    assert response.status_code == 302
    db.session.refresh(person)
    assert person.consent_to_list is False
    assert person.affiliation == "Baku"
    event_ = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "person.updated"))
    assert "consent_to_list" in event_.details["fields"] and "notes" in event_.details["fields"]
    assert "NEW-SECRET" not in str(event_.details)


def test_edit_person_to_an_email_someone_else_has_is_refused(client, make, workshop, as_owner):
    make.person("Other", email="taken@example.org")
    person = make.person("Ольга Смирнова", community=Community.INTERNATIONAL)
    make.invite(workshop, person)
    response = client.post(
        _url(workshop, f"/person/{person.uid}/edit"),
        data=_profile(email="TAKEN@example.org", version="1"),
    )
    assert response.status_code == 200
    assert EMAIL_NOT_USABLE in response.get_data(as_text=True)
    db.session.refresh(person)
    assert person.email is None


def test_edit_person_not_invited_to_this_workshop_is_not_found(client, make, workshop, as_owner):
    stranger = make.person()
    assert client.get(_url(workshop, f"/person/{stranger.uid}/edit")).status_code == 404


# Uninviting


def test_remove_confirmation_page_asks_first_and_changes_nothing(client, make, workshop, as_owner):
    invitation = make.invite(workshop, make.person("Անի Հակոբյան"))
    page = client.get(_url(workshop, f"/{invitation.uid}/remove")).get_data(as_text=True)
    assert "Uninvite Անի Հակոբյան?" in page
    assert db.session.scalar(select(Invitation.id).where(Invitation.uid == invitation.uid))


def test_uninvite_removes_the_invitation_and_small_group_places_but_keeps_the_person(
    client, make, workshop, as_owner
):
    person = make.person("Անի Հակոբյան")
    invitation = make.invite(workshop, person)
    session = make.session(workshop, format=SessionFormat.SMALL_GROUPS)
    group = SmallGroup(session=session, number=1)
    db.session.add(group)
    db.session.flush()
    db.session.add(SmallGroupMember(group_id=group.id, invitation_id=invitation.id))
    db.session.commit()

    response = client.post(_url(workshop, f"/{invitation.uid}/remove"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(Invitation.id).where(Invitation.uid == invitation.uid)) is None
    assert db.session.scalar(select(SmallGroupMember.group_id)) is None
    assert db.session.get(Person, person.id) is not None
    assert _audit_actions()[-1] == "invitation.removed"


def test_changes_without_a_csrf_token_are_refused(app, client, make, workshop, as_owner):
    invitation = make.invite(workshop, make.person())
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(_url(workshop, f"/{invitation.uid}/remove"))
    assert response.status_code == 400
    assert db.session.scalar(select(Invitation.id).where(Invitation.uid == invitation.uid))
