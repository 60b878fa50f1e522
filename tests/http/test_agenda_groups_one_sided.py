"""A one-community small group is saved only when the facilitator says so (issue 17, item 3).

The review (R15) calls such a group an error, so the groups editor does not save it with a
mere warning: the first save shows the problem and a "Save anyway" button, the second saves.
"""

from __future__ import annotations

import re

import pytest

from planner.agenda import operations
from planner.extensions import db
from planner.models import AuditEvent, SmallGroup
from planner.vocabulary import Community, Role, SessionFormat

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
    return [make.invite(workshop, make.person(name, community)) for name, community in NAMES]


@pytest.fixture
def session(make, workshop):
    return make.session(workshop, title="Groups", format=SessionFormat.SMALL_GROUPS, position=0)


def _url(workshop, session) -> str:
    return f"/workshops/{workshop.uid}/sessions/{session.uid}/groups"


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
