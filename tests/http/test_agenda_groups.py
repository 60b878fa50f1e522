"""Small groups for a small-groups session: propose, move people, save (issue 3, item 6)."""

from __future__ import annotations

import re

import pytest

from planner.agenda import operations
from planner.extensions import db
from planner.models import AuditEvent, SmallGroup, SmallGroupMember
from planner.vocabulary import Community, InvitationStatus, Role, SessionFormat

NAMES = [
    ("Անի Հակոբյան", Community.ARMENIAN),
    ("Արամ Պետրոսյան", Community.ARMENIAN),
    ("Aygün Məmmədova", Community.AZERBAIJANI),
    ("Toğrul Bağırov", Community.AZERBAIJANI),
]


@pytest.fixture
def owner(make):
    return make.user(Role.FACILITATOR)


@pytest.fixture
def workshop(make, owner):
    return make.workshop(owner=owner)


@pytest.fixture
def invitations(make, workshop):
    experts = make.segment("experts", "Experts")
    return [
        make.invite(workshop, make.person(name, community, segment=experts))
        for name, community in NAMES
    ]


@pytest.fixture
def session(make, workshop):
    return make.session(workshop, title="Groups", format=SessionFormat.SMALL_GROUPS, position=0)


def _url(workshop, session) -> str:
    return f"/workshops/{workshop.uid}/sessions/{session.uid}/groups"


def _saved_groups(session) -> list[set[str]]:
    db.session.expire_all()
    groups = db.session.query(SmallGroup).filter_by(session_id=session.id).order_by("number")
    return [{m.invitation.uid for m in g.members} for g in groups]


def test_proposal_shows_mixed_groups_with_community_and_segment(
    client, login, owner, workshop, session, invitations
):
    login(owner)
    page = client.post(_url(workshop, session), data={"groups": "2", "propose": "1"}).get_data(
        as_text=True
    )
    assert "Group 1" in page and "Group 2" in page
    assert "Toğrul Bağırov" in page and "Armenian · Experts" in page
    assert "This is a proposal" in page
    assert "has no" not in page  # both groups mix the two sides
    assert db.session.query(SmallGroup).count() == 0


def test_saving_moved_people_replaces_the_groups(
    client, login, owner, workshop, session, invitations
):
    ani, aram, aygun, togrul = invitations
    login(owner)
    data = {"groups": "2", "save": "1"}
    data.update({f"member-{inv.uid}": "1" for inv in (ani, aygun)})
    data.update({f"member-{inv.uid}": "2" for inv in (aram, togrul)})
    response = client.post(_url(workshop, session), data=data)
    assert response.status_code == 302
    assert _saved_groups(session) == [{ani.uid, aygun.uid}, {aram.uid, togrul.uid}]
    data.update({f"member-{ani.uid}": "2"})
    client.post(_url(workshop, session), data=data)
    assert _saved_groups(session) == [{aygun.uid}, {ani.uid, aram.uid, togrul.uid}]
    assert db.session.query(AuditEvent).filter_by(action="session.groups_save").count() == 2


def test_one_sided_group_shows_a_warning(client, login, owner, workshop, session, invitations):
    ani, aram, aygun, togrul = invitations
    login(owner)
    data = {"groups": "2", "save": "1"}
    data.update({f"member-{inv.uid}": "1" for inv in (ani, aram)})
    data.update({f"member-{inv.uid}": "2" for inv in (aygun, togrul)})
    client.post(_url(workshop, session), data={**data, "confirm_one_sided": "1"})
    page = client.get(_url(workshop, session)).get_data(as_text=True)
    assert "Group 1 has no Azerbaijani member." in page
    assert "Group 2 has no Armenian member." in page
    review = client.get(f"/workshops/{workshop.uid}/readiness").get_data(as_text=True)
    assert "One-sided small group" in review


def test_declined_people_are_not_grouped(
    client, make, login, owner, workshop, session, invitations
):
    declined = make.invite(
        workshop,
        make.person("Ольга Смирнова", Community.INTERNATIONAL),
        status=InvitationStatus.DECLINED,
    )
    login(owner)
    page = client.post(_url(workshop, session), data={"groups": "2", "propose": "1"}).get_data(
        as_text=True
    )
    assert "Ольга Смирнова" not in page
    assert declined.uid not in page


def test_more_groups_than_people_shows_a_message(
    client, login, owner, workshop, session, invitations
):
    login(owner)
    page = client.post(_url(workshop, session), data={"groups": "5", "propose": "1"}).get_data(
        as_text=True
    )
    assert "Cannot make 5 groups from 4 participants" in page


def test_leaving_someone_out_is_refused_and_saves_nothing(
    client, login, owner, workshop, session, invitations
):
    login(owner)
    data = {"groups": "2", "save": "1"}
    data.update({f"member-{inv.uid}": "1" for inv in invitations[:3]})
    client.post(_url(workshop, session), data=data)
    assert db.session.query(SmallGroupMember).count() == 0


def test_groups_page_only_exists_for_small_groups_sessions(client, make, login, owner, workshop):
    plenary = make.session(workshop, format=SessionFormat.PLENARY)
    login(owner)
    assert client.get(_url(workshop, plenary)).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(client, workshop, session):
    assert client.get(_url(workshop, session)).status_code == 302


def test_participant_cannot_see_or_change_groups(client, make, login, workshop, session):
    login(make.participant_user(workshop))
    assert client.get(_url(workshop, session)).status_code == 403


def test_facilitator_not_on_the_team_gets_not_found(client, make, login, workshop, session):
    login(make.user(Role.FACILITATOR))
    assert client.get(_url(workshop, session)).status_code == 404


def test_organiser_may_propose_groups(client, make, login, workshop, session, invitations):
    login(make.user(Role.ORGANISER))
    response = client.post(_url(workshop, session), data={"groups": "2", "propose": "1"})
    assert response.status_code == 200
    assert "Անի Հակոբյան" in response.get_data(as_text=True)


def test_a_one_member_group_gets_no_warning_as_in_the_readiness_review(
    client, login, owner, workshop, session, invitations
):
    # The editor used to warn about a group of one that the review (R15) accepts.
    ani, aram, aygun, togrul = invitations
    login(owner)
    data = {"groups": "2", "save": "1"}
    data.update({f"member-{inv.uid}": "1" for inv in (ani, aram, aygun)})
    data.update({f"member-{togrul.uid}": "2"})
    client.post(_url(workshop, session), data=data)
    page = client.get(_url(workshop, session)).get_data(as_text=True)
    assert "has no" not in page
    review = client.get(f"/workshops/{workshop.uid}/readiness").get_data(as_text=True)
    assert "One-sided small group" not in review


# A one-community group is saved only when the facilitator says so (issue 17, item 3): the
# review (R15) calls it an error, so the first save shows the problem and "Save anyway".


def _one_sided(invitations) -> dict[str, str]:
    ani, aram, aygun, togrul = invitations
    data = {"groups": "2", "save": "1"}
    data.update({f"member-{inv.uid}": "1" for inv in (ani, aram)})
    data.update({f"member-{inv.uid}": "2" for inv in (aygun, togrul)})
    return data


def _saved_group_count() -> int:
    db.session.expire_all()
    return db.session.query(SmallGroup).count()


def test_saving_a_one_sided_group_first_shows_the_error_and_saves_nothing(
    client, login, owner, workshop, session, invitations
):
    login(owner)
    response = client.post(_url(workshop, session), data=_one_sided(invitations))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Groups saved." not in page
    assert "Group 1 has no Azerbaijani member." in page
    assert "Group 2 has no Armenian member." in page
    assert _saved_group_count() == 0
    assert db.session.query(AuditEvent).filter_by(action="session.groups_save").count() == 0


def test_the_save_anyway_button_is_a_labelled_submit_carrying_the_confirmation(
    client, login, owner, workshop, session, invitations
):
    login(owner)
    page = client.post(_url(workshop, session), data=_one_sided(invitations)).get_data(as_text=True)
    button = re.search(r"<button[^>]*name=\"confirm_one_sided\"[^>]*>(.*?)</button>", page, re.S)
    assert button, "no Save anyway button"
    assert 'type="submit"' in button.group(0) and 'value="1"' in button.group(0)
    assert "Save anyway" in button.group(1)
    described_by = re.search(r'aria-describedby="([^"]+)"', button.group(0)).group(1)
    assert f'id="{described_by}"' in page
    # The people stay where they were put, so saving anyway saves what was shown.
    ani = invitations[0]
    assert re.search(rf'id="member-{ani.uid}"[^>]*>.*?<option selected value="1">', page, re.S)


def test_saving_anyway_saves_the_one_sided_groups(
    client, login, owner, workshop, session, invitations
):
    login(owner)
    data = {**_one_sided(invitations), "confirm_one_sided": "1"}
    response = client.post(_url(workshop, session), data=data)
    assert response.status_code == 302
    assert _saved_group_count() == 2
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Groups saved." in page
    assert "Group 1 has no Azerbaijani member." in page  # still shown, as the review says
    assert 'name="confirm_one_sided"' not in page


def test_mixed_groups_save_at_once_without_asking(
    client, login, owner, workshop, session, invitations
):
    ani, aram, aygun, togrul = invitations
    login(owner)
    data = {"groups": "2", "save": "1"}
    data.update({f"member-{inv.uid}": "1" for inv in (ani, aygun)})
    data.update({f"member-{inv.uid}": "2" for inv in (aram, togrul)})
    assert client.post(_url(workshop, session), data=data).status_code == 302
    assert _saved_group_count() == 2


def test_the_operation_refuses_unconfirmed_one_sided_groups(workshop, session, invitations):
    ani, aram, aygun, togrul = invitations
    groups = [[ani.uid, aram.uid], [aygun.uid, togrul.uid]]
    with pytest.raises(operations.OneSidedGroups) as refused:
        operations.save_groups(workshop, session, groups, invitations, one_sided_confirmed=False)
    assert [w.number for w in refused.value.warnings] == [1, 2]
    assert "Group 1 has no Azerbaijani member." in str(refused.value)
