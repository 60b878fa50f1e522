"""No lost update on a person's profile or an invitation (review finding: optimistic locking).

A facilitator's form carries the version it was opened on; a participant's own change
(consent, languages, confirm/decline) raises the version, so the stale form is refused with
the EditConflict message and nothing is saved. Recording which agenda version a participant
has seen does not raise it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from planner.agenda.publishing import publish_agenda
from planner.extensions import db
from planner.models import AuditEvent, Invitation, Person, User, Workshop
from planner.vocabulary import Community, InvitationRole, InvitationStatus, Role
from planner.workshop_loading import load_workshop, load_workshop_page_data
from tests.factories import PASSWORD

PERSON_CONFLICT = "This person&#39;s profile was changed by someone else since you opened it."
INVITATION_CONFLICT = "This invitation was changed by someone else since you opened it."


@dataclass
class Scene:
    owner: User
    participant: User
    workshop: Workshop
    person: Person
    invitation: Invitation


@pytest.fixture
def scene(make) -> Scene:
    owner = make.user(Role.FACILITATOR)
    workshop = make.workshop(owner=owner)
    participant = make.participant_user(workshop, name="Aygün Məmmədova")
    person = participant.person
    person.community = Community.AZERBAIJANI
    person.languages = ["az", "en"]
    person.consent_to_list = True
    invitation = db.session.scalar(select(Invitation).where(Invitation.person_id == person.id))
    invitation.status = InvitationStatus.INVITED
    db.session.commit()
    return Scene(owner, participant, workshop, person, invitation)


@pytest.fixture
def facilitator(app, scene):
    """The owner's browser."""
    browser = app.test_client()
    _sign_in(browser, scene.owner)
    return browser


@pytest.fixture
def participant(app, scene):
    """The participant's browser, open at the same time."""
    browser = app.test_client()
    _sign_in(browser, scene.participant)
    return browser


def _sign_in(browser, user: User) -> None:
    response = browser.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def _version_in(page: str) -> str:
    match = re.search(r'name="version"[^>]*value="(\d+)"', page) or re.search(
        r'value="(\d+)"[^>]*name="version"', page
    )
    assert match, "the form carries no version"
    return match.group(1)


def _person_url(scene: Scene) -> str:
    return f"/workshops/{scene.workshop.uid}/people/person/{scene.person.uid}/edit"


def _invitation_url(scene: Scene) -> str:
    return f"/workshops/{scene.workshop.uid}/people/{scene.invitation.uid}/edit"


def _profile(version: str, **overrides) -> dict:
    data = {
        "name": "Aygün Məmmədova",
        "name_alt": "",
        "community": "azerbaijani",
        "segment": "",
        "affiliation": "Baku",
        "languages": "az, en",
        "email": "",
        "consent_to_list": "y",
        "notes": "Met in Venice.",
        "version": version,
    }
    data.update(overrides)
    return data


def _reload(record):
    db.session.expire_all()
    return db.session.get(type(record), record.id)


# A person's profile


def test_stale_profile_form_does_not_list_again_a_participant_who_withdrew_consent(
    scene, facilitator, participant
):
    form = facilitator.get(_person_url(scene)).get_data(as_text=True)
    version = _version_in(form)
    assert version == "1"

    # Meanwhile the participant withdraws consent on their own profile page.
    participant.post("/my/profile", data={"languages": "az, en"})  # box unticked
    assert _reload(scene.person).consent_to_list is False

    # The facilitator saves the form opened before, consent still ticked there.
    response = facilitator.post(_person_url(scene), data=_profile(version))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert PERSON_CONFLICT in page
    person = _reload(scene.person)
    assert person.consent_to_list is False
    assert person.affiliation == "" and person.notes != "Met in Venice."
    # The page shows the current profile: consent unticked, the new version to save on.
    assert not re.search(r'<input[^>]*checked[^>]*id="consent_to_list"', page)
    assert not re.search(r'<input[^>]*id="consent_to_list"[^>]*checked', page)
    assert _version_in(page) == str(person.version) == "2"
    actions = list(db.session.scalars(select(AuditEvent.action)))
    assert "person.updated" not in actions


def test_profile_saved_on_the_current_version_is_saved_and_raises_it(scene, facilitator):
    response = facilitator.post(_person_url(scene), data=_profile("1", consent_to_list=""))
    assert response.status_code == 302
    person = _reload(scene.person)
    assert (person.consent_to_list, person.affiliation, person.version) == (False, "Baku", 2)


def test_unchanged_profile_keeps_its_version(scene, facilitator):
    data = _profile("1", affiliation="", notes=scene.person.notes, email=scene.person.email)
    assert facilitator.post(_person_url(scene), data=data).status_code == 302
    assert _reload(scene.person).version == 1


def test_second_of_two_facilitators_on_the_same_version_is_refused(app, make, scene, facilitator):
    co = make.user(Role.FACILITATOR)
    scene.workshop.co_facilitators.append(co)
    db.session.commit()
    other = app.test_client()
    _sign_in(other, co)
    assert facilitator.post(_person_url(scene), data=_profile("1")).status_code == 302
    response = other.post(_person_url(scene), data=_profile("1", affiliation="Stale"))
    assert response.status_code == 409
    assert _reload(scene.person).affiliation == "Baku"


@pytest.mark.parametrize("version", [None, "", "abc", "99"])
def test_profile_post_without_the_right_version_saves_nothing(scene, facilitator, version):
    data = _profile("1", affiliation="Never saved")
    if version is None:
        del data["version"]
    else:
        data["version"] = version
    response = facilitator.post(_person_url(scene), data=data)
    assert response.status_code == 409
    assert _reload(scene.person).affiliation == ""


def test_participant_profile_change_raises_the_version_only_when_something_changed(
    scene, participant
):
    participant.post("/my/profile", data={"consent_to_list": "y", "languages": "az, en"})
    assert _reload(scene.person).version == 1
    participant.post("/my/profile", data={"consent_to_list": "y", "languages": "az, ru"})
    assert _reload(scene.person).version == 2


# An invitation


def test_stale_invitation_form_does_not_overwrite_the_participants_answer(
    scene, facilitator, participant
):
    form = facilitator.get(_invitation_url(scene)).get_data(as_text=True)
    version = _version_in(form)

    participant.post(f"/my/invitations/{scene.invitation.uid}/respond", data={"answer": "decline"})
    assert _reload(scene.invitation).status == InvitationStatus.DECLINED

    response = facilitator.post(
        _invitation_url(scene),
        data={"role": "observer", "status": "confirmed", "version": version},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert INVITATION_CONFLICT in page
    invitation = _reload(scene.invitation)
    assert (invitation.status, invitation.role) == (
        InvitationStatus.DECLINED,
        InvitationRole.PARTICIPANT,
    )
    assert _version_in(page) == str(invitation.version) == "2"
    assert re.search(r'<option selected value="declined"|<option value="declined" selected', page)


def test_invitation_saved_on_the_current_version_is_saved_and_raises_it(scene, facilitator):
    response = facilitator.post(
        _invitation_url(scene), data={"role": "observer", "status": "confirmed", "version": "1"}
    )
    assert response.status_code == 302
    invitation = _reload(scene.invitation)
    assert (invitation.role, invitation.status, invitation.version) == (
        InvitationRole.OBSERVER,
        InvitationStatus.CONFIRMED,
        2,
    )


def test_participant_looking_at_the_agenda_does_not_invalidate_the_form(
    scene, facilitator, participant
):
    workshop = load_workshop(scene.workshop.uid)
    publish_agenda(workshop, load_workshop_page_data(workshop.uid), scene.owner)
    db.session.commit()
    version = _version_in(facilitator.get(_invitation_url(scene)).get_data(as_text=True))

    assert participant.get(f"/my/workshops/{scene.workshop.uid}").status_code == 200
    assert _reload(scene.invitation).last_seen_publication is not None

    response = facilitator.post(
        _invitation_url(scene),
        data={"role": "participant", "status": "withdrew", "version": version},
    )
    assert response.status_code == 302
    assert _reload(scene.invitation).status == InvitationStatus.WITHDREW


def test_participant_answer_raises_the_invitation_version(scene, participant):
    participant.post(f"/my/invitations/{scene.invitation.uid}/respond", data={"answer": "confirm"})
    invitation = _reload(scene.invitation)
    assert (invitation.status, invitation.version) == (InvitationStatus.CONFIRMED, 2)
    # The same answer again changes nothing, so the version stays.
    participant.post(f"/my/invitations/{scene.invitation.uid}/respond", data={"answer": "confirm"})
    assert _reload(scene.invitation).version == 2


def test_invitation_post_without_a_version_saves_nothing(scene, facilitator):
    response = facilitator.post(
        _invitation_url(scene), data={"role": "observer", "status": "attended"}
    )
    assert response.status_code == 409
    assert _reload(scene.invitation).status == InvitationStatus.INVITED
