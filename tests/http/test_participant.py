"""What participants see: home, agenda, attendance, profile (issue 4, parts 2, 3 and 5)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import time

import pytest

from planner.agenda.publishing import publish_agenda
from planner.extensions import db
from planner.models import AuditEvent, Invitation, SmallGroup, SmallGroupMember, User, Workshop
from planner.redaction import forbidden_strings, viewer_for_invitation
from planner.vocabulary import (
    Audience,
    Community,
    Confidentiality,
    InvitationRole,
    InvitationStatus,
    Role,
    SessionFormat,
)
from planner.workshop_loading import load_workshop, load_workshop_page_data
from tests.sql_statements import statements_for


@dataclass
class World:
    """A workshop with sessions for every audience, a participant and the roles around them."""

    workshop: Workshop
    owner: User
    outsider: User
    organiser: User
    participant: User
    invitation: Invitation


def build_world(make) -> World:
    owner = make.user(Role.FACILITATOR)
    workshop = make.workshop(
        owner=owner, title="Dialogue in Tbilisi", venue=make.venue(name="Hotel Neutral")
    )
    topic = make.topic(participant_note="We keep needs apart from politics.")
    make.session(workshop, title="Opening circle", description="Ground rules and introductions.")
    make.session(workshop, title="Humanitarian needs", start_time=time(10, 0), topics=[topic])
    make.session(
        workshop,
        title="ARMENIAN-CAUCUS-TITLE",
        start_time=time(11, 0),
        format=SessionFormat.CAUCUS,
        audience=Audience.COMMUNITY,
        audience_community=Community.ARMENIAN,
    )
    make.session(
        workshop,
        title="AZERBAIJANI-CAUCUS-TITLE",
        start_time=time(11, 0),
        format=SessionFormat.CAUCUS,
        audience=Audience.COMMUNITY,
        audience_community=Community.AZERBAIJANI,
    )
    make.session(
        workshop, title="TEAM-ONLY-TITLE", start_time=time(12, 0), audience=Audience.FACILITATORS
    )
    participant = make.participant_user(workshop, community=Community.ARMENIAN, name="Անի Հակոբյան")
    make.invite(
        workshop, make.person("Aygün Məmmədova", Community.AZERBAIJANI, consent_to_list=True)
    )
    make.invite(
        workshop, make.person("NOT-CONSENTING-NAME", Community.AZERBAIJANI, consent_to_list=False)
    )
    make.invite(
        workshop,
        make.person("Ольга Смирнова", Community.OTHER, consent_to_list=True),
        role=InvitationRole.INTERPRETER,
    )
    invitation = db.session.query(Invitation).filter_by(person=participant.person).one()
    return World(
        workshop=workshop,
        owner=owner,
        outsider=make.user(Role.FACILITATOR),
        organiser=make.user(Role.ORGANISER),
        participant=participant,
        invitation=invitation,
    )


def publish(world: World, actor: User | None = None):
    workshop = load_workshop(world.workshop.uid)
    publication = publish_agenda(
        workshop, load_workshop_page_data(workshop.uid), actor or world.owner
    )
    db.session.commit()
    return publication


@pytest.fixture
def world(make) -> World:
    return build_world(make)


def agenda_url(world: World) -> str:
    return f"/my/workshops/{world.workshop.uid}"


# Participant home ---------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in_from_participant_home(client):
    response = client.get("/my/")
    assert response.status_code == 302 and "/login" in response.location


def test_participant_home_lists_their_workshop(client, login, world):
    login(world.participant)
    page = client.get("/my/").get_data(as_text=True)
    assert "Dialogue in Tbilisi" in page
    assert agenda_url(world) in page


def test_participant_home_does_not_list_other_workshops(client, login, make, world):
    make.workshop(title="SOMEONE-ELSES-WORKSHOP")
    login(world.participant)
    assert "SOMEONE-ELSES-WORKSHOP" not in client.get("/my/").get_data(as_text=True)


@pytest.mark.parametrize("who", ["owner", "outsider", "organiser"])
def test_staff_without_a_profile_are_sent_to_the_workshop_list(client, login, world, who):
    login(getattr(world, who))
    response = client.get("/my/")
    assert response.status_code == 302 and response.location.endswith("/workshops/")


# Participant agenda -------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in_from_the_agenda(client, world):
    response = client.get(agenda_url(world))
    assert response.status_code == 302 and "/login" in response.location


@pytest.mark.parametrize("who", ["owner", "outsider", "organiser"])
def test_staff_without_an_invitation_get_404_on_the_participant_agenda(client, login, world, who):
    login(getattr(world, who))
    assert client.get(agenda_url(world)).status_code == 404


def test_participant_of_another_workshop_gets_404(client, login, make, world):
    other = make.participant_user(make.workshop())
    login(other)
    assert client.get(agenda_url(world)).status_code == 404


def test_unknown_workshop_gets_404(client, login, world):
    login(world.participant)
    assert client.get("/my/workshops/no-such-workshop").status_code == 404


def test_before_publication_participants_see_not_published_yet(client, login, world):
    login(world.participant)
    page = client.get(agenda_url(world)).get_data(as_text=True)
    assert "The agenda has not been published yet" in page
    assert "Opening circle" not in page


def test_published_agenda_shows_joint_sessions_and_own_caucus(client, login, world):
    publish(world)
    login(world.participant)
    page = client.get(agenda_url(world)).get_data(as_text=True)
    assert "Opening circle" in page and "Ground rules and introductions." in page
    assert "ARMENIAN-CAUCUS-TITLE" in page


def test_participant_never_sees_other_community_caucus_or_team_sessions(client, login, world):
    publish(world)
    login(world.participant)
    page = client.get(agenda_url(world)).get_data(as_text=True)
    assert "AZERBAIJANI-CAUCUS-TITLE" not in page
    assert "TEAM-ONLY-TITLE" not in page


def test_azerbaijani_participant_sees_their_own_caucus_only(client, login, make, world):
    other = make.participant_user(world.workshop, community=Community.AZERBAIJANI)
    publish(world)
    login(other)
    page = client.get(agenda_url(world)).get_data(as_text=True)
    assert "AZERBAIJANI-CAUCUS-TITLE" in page
    assert "ARMENIAN-CAUCUS-TITLE" not in page


def test_agenda_says_which_small_group_one_is_in(client, login, world):
    session = world.workshop.sessions[0]
    aygun = next(i for i in world.workshop.invitations if i.person.name == "Aygün Məmmədova")
    group = SmallGroup(number=2)
    session.groups.append(group)
    group.members.extend(
        [SmallGroupMember(invitation=world.invitation), SmallGroupMember(invitation=aygun)]
    )
    db.session.commit()
    publish(world)
    login(world.participant)
    page = client.get(agenda_url(world)).get_data(as_text=True)
    assert "You are in group 2, with Aygün Məmmədova." in page


def test_agenda_contains_no_confidential_text(client, login, world):
    publish(world)
    login(world.participant)
    page = client.get(agenda_url(world)).get_data(as_text=True)
    data = load_workshop_page_data(world.workshop.uid)
    # The signed-in page: the one output that lists every listed participant.
    viewer = replace(viewer_for_invitation(data, world.invitation.uid), signed_in_page=True)
    secrets = forbidden_strings(data, viewer)
    assert secrets, "the fixture should have confidential texts"
    assert [s for s in secrets if s in page] == []


def test_agenda_shows_topic_participant_note_but_not_handling_guidance(client, login, world):
    publish(world)
    login(world.participant)
    page = client.get(agenda_url(world)).get_data(as_text=True)
    assert "We keep needs apart from politics." in page
    assert "HANDLING-" not in page


def test_agenda_names_the_timezone_and_the_confidentiality_rule(client, login, world):
    publish(world)
    login(world.participant)
    page = client.get(agenda_url(world)).get_data(as_text=True)
    assert "Tbilisi time (Asia/Tbilisi, UTC+04:00)" in page
    assert "you may not reveal who said it" in page


def test_agenda_lists_only_consenting_confirmed_people(client, login, world):
    publish(world)
    login(world.participant)
    page = client.get(agenda_url(world)).get_data(as_text=True)
    assert "Aygün Məmmədova" in page and "Ольга Смирнова" in page
    assert "NOT-CONSENTING-NAME" not in page


def test_off_the_record_workshop_lists_nobody(client, login, world):
    world.workshop.confidentiality = Confidentiality.OFF_THE_RECORD
    db.session.commit()
    publish(world)
    login(world.participant)
    page = client.get(agenda_url(world)).get_data(as_text=True)
    assert "Aygün Məmmədova" not in page
    assert "the list of participants is not shared" in page


def test_participant_sees_the_published_version_not_later_edits(client, login, world):
    publish(world)
    world.workshop.sessions[0].title = "DRAFT-RENAMED-TITLE"
    db.session.commit()
    login(world.participant)
    page = client.get(agenda_url(world)).get_data(as_text=True)
    assert "DRAFT-RENAMED-TITLE" not in page


def test_after_a_republish_the_agenda_says_what_changed_since_last_look(client, login, world):
    publish(world)
    login(world.participant)
    client.get(agenda_url(world))
    opening = next(s for s in world.workshop.sessions if s.title == "Opening circle")
    opening.title = "Welcome circle"
    db.session.commit()
    publish(world)
    page = client.get(agenda_url(world)).get_data(as_text=True)
    assert "What changed since you last looked" in page
    assert "Renamed: “Opening circle” is now “Welcome circle”." in page


def test_what_changed_is_shown_once(client, login, world):
    publish(world)
    login(world.participant)
    client.get(agenda_url(world))
    publish(world)
    client.get(agenda_url(world))
    page = client.get(agenda_url(world)).get_data(as_text=True)
    assert "What changed since you last looked" not in page


def test_looking_at_the_agenda_records_the_version_seen(client, login, world):
    publication = publish(world)
    login(world.participant)
    client.get(agenda_url(world))
    db.session.refresh(world.invitation)
    assert world.invitation.last_seen_publication == publication.number


# Confirm / decline --------------------------------------------------------------------------


def respond_url(world: World) -> str:
    return f"/my/invitations/{world.invitation.uid}/respond"


def test_anonymous_cannot_respond(client, world):
    response = client.post(respond_url(world), data={"answer": "decline"})
    assert response.status_code == 302 and "/login" in response.location
    db.session.refresh(world.invitation)
    assert world.invitation.status == InvitationStatus.CONFIRMED


def test_participant_declines_and_sees_it(client, login, world):
    login(world.participant)
    response = client.post(respond_url(world), data={"answer": "decline"}, follow_redirects=True)
    assert "you are declined" in response.get_data(as_text=True)
    db.session.refresh(world.invitation)
    assert world.invitation.status == InvitationStatus.DECLINED


def test_participant_confirms_an_open_invitation(client, login, world):
    world.invitation.status = InvitationStatus.INVITED
    db.session.commit()
    login(world.participant)
    client.post(respond_url(world), data={"answer": "confirm"})
    db.session.refresh(world.invitation)
    assert world.invitation.status == InvitationStatus.CONFIRMED


def test_responding_writes_an_audit_event(client, login, world):
    login(world.participant)
    client.post(respond_url(world), data={"answer": "decline"})
    event = db.session.query(AuditEvent).filter_by(action="invitation.responded").one()
    assert event.record_uid == world.invitation.uid
    assert event.details == {"from": "confirmed", "to": "declined"}


def test_withdrawn_participant_cannot_confirm_again(client, login, world):
    world.invitation.status = InvitationStatus.WITHDREW
    db.session.commit()
    login(world.participant)
    page = client.post(respond_url(world), data={"answer": "confirm"}, follow_redirects=True)
    assert "please contact the facilitators" in page.get_data(as_text=True)
    db.session.refresh(world.invitation)
    assert world.invitation.status == InvitationStatus.WITHDREW


def test_an_unknown_answer_changes_nothing(client, login, world):
    login(world.participant)
    page = client.post(respond_url(world), data={"answer": "maybe"}, follow_redirects=True)
    assert page.status_code == 200
    assert "Choose whether you will attend or not." in page.get_data(as_text=True)
    db.session.refresh(world.invitation)
    assert world.invitation.status == InvitationStatus.CONFIRMED


@pytest.mark.parametrize("who", ["owner", "outsider", "organiser"])
def test_nobody_else_can_answer_for_a_participant(client, login, world, who):
    login(getattr(world, who))
    assert client.post(respond_url(world), data={"answer": "decline"}).status_code == 404
    db.session.refresh(world.invitation)
    assert world.invitation.status == InvitationStatus.CONFIRMED


def test_another_participant_cannot_answer_for_them(client, login, make, world):
    other = make.participant_user(world.workshop, community=Community.ARMENIAN)
    login(other)
    assert client.post(respond_url(world), data={"answer": "decline"}).status_code == 404


# Profile ------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in_from_the_profile(client):
    response = client.get("/my/profile")
    assert response.status_code == 302 and "/login" in response.location


@pytest.mark.parametrize("who", ["owner", "outsider", "organiser"])
def test_staff_without_a_profile_get_404_on_the_profile(client, login, world, who):
    login(getattr(world, who))
    assert client.get("/my/profile").status_code == 404


def test_profile_shows_the_participants_unicode_name_and_labelled_fields(client, login, world):
    login(world.participant)
    page = client.get("/my/profile").get_data(as_text=True)
    assert "Անի Հակոբյան" in page
    assert '<label for="consent_to_list">' in page or 'id="consent_to_list"' in page
    assert '<label for="languages">' in page


def test_participant_withdraws_consent_and_disappears_from_others_agenda(
    client, login, make, world
):
    publish(world)
    login(world.participant)
    client.post("/my/profile", data={"languages": "hy, en"})  # unchecked box: no consent
    db.session.refresh(world.participant.person)
    assert world.participant.person.consent_to_list is False
    other = make.participant_user(world.workshop, community=Community.ARMENIAN)
    client.post("/logout")
    login(other)
    assert "Անի Հակոբյան" not in client.get(agenda_url(world)).get_data(as_text=True)


def test_profile_saves_languages_lower_cased(client, login, world):
    login(world.participant)
    client.post("/my/profile", data={"consent_to_list": "y", "languages": "HY, ru ,en"})
    db.session.refresh(world.participant.person)
    assert world.participant.person.languages == ["hy", "ru", "en"]


def test_bad_language_codes_show_a_message_and_save_nothing(client, login, world):
    login(world.participant)
    response = client.post("/my/profile", data={"consent_to_list": "y", "languages": "Armenian"})
    assert response.status_code == 200
    assert "two-letter language codes" in response.get_data(as_text=True)
    db.session.refresh(world.participant.person)
    assert world.participant.person.languages == ["en"]


# Planned queries ----------------------------------------------------------------------------


def test_agenda_page_queries_do_not_grow_with_the_workshop(client, login, make, world):
    publish(world)
    login(world.participant)
    client.get(agenda_url(world))  # first look: records the version seen
    small = statements_for(client, agenda_url(world))
    for n in range(6):
        make.session(world.workshop, title=f"Extra {n}", start_time=time(14, n))
        make.invite(world.workshop, make.person(f"Extra person {n}", Community.AZERBAIJANI))
    publish(world)
    client.get(agenda_url(world))
    large = statements_for(client, agenda_url(world))
    assert large == small
