"""Who may open each people route (issue 3, items 2 and 8): team and organisers only.

Every route is tried for every role: anonymous visitors are sent to sign in, participants
are refused, a facilitator outside the team cannot tell the workshop exists, the owner and
organisers get the page (or their change is made).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from planner.vocabulary import Role

ROLES = ("anonymous", "participant", "outsider", "owner", "organiser")


@dataclass
class Scene:
    workshop_uid: str
    invitation_uid: str
    person_uid: str
    stranger_uid: str
    users: dict


@pytest.fixture
def scene(make):
    owner = make.user(Role.FACILITATOR)
    workshop = make.workshop(owner=owner)
    person = make.person("Անի Հակոբյան")
    invitation = make.invite(workshop, person)
    stranger = make.person("Aygün Məmmədova")
    # Known to the owner from another of their workshops: only such people may be invited.
    make.invite(make.workshop(owner=owner), stranger)
    users = {
        "anonymous": None,
        "participant": make.participant_user(workshop),
        "outsider": make.user(Role.FACILITATOR),
        "owner": owner,
        "organiser": make.user(Role.ORGANISER),
    }
    return Scene(workshop.uid, invitation.uid, person.uid, stranger.uid, users)


def _routes(s: Scene):
    base = f"/workshops/{s.workshop_uid}/people"
    profile = {"name": "Անի Հակոբյան", "community": "armenian", "segment": "", "languages": "hy"}
    return {
        "index": ("GET", base, None),
        "add_form": ("GET", f"{base}/new", None),
        "add": (
            "POST",
            f"{base}/new",
            {
                "name": "Ольга Смирнова",
                "community": "international",
                "segment": "",
                "languages": "ru",
                "role": "observer",
                "status": "invited",
            },
        ),
        "search": ("GET", f"{base}/find?q=Aygün", None),
        "invite": ("POST", f"{base}/invite", {"person": s.stranger_uid, "role": "participant"}),
        "edit_invitation_form": ("GET", f"{base}/{s.invitation_uid}/edit", None),
        "edit_invitation": (
            "POST",
            f"{base}/{s.invitation_uid}/edit",
            {"role": "observer", "status": "declined", "version": "1"},
        ),
        "edit_person_form": ("GET", f"{base}/person/{s.person_uid}/edit", None),
        "edit_person": ("POST", f"{base}/person/{s.person_uid}/edit", dict(profile, version="1")),
        "remove_invitation_form": ("GET", f"{base}/{s.invitation_uid}/remove", None),
        "remove_invitation": ("POST", f"{base}/{s.invitation_uid}/remove", {}),
        "import_form": ("GET", f"{base}/import", None),
        "import": ("POST", f"{base}/import", {"payload": "forged"}),
    }


ROUTE_NAMES = tuple(_routes(Scene("w", "i", "p", "s", {})).keys())


def _request(client, login, scene, role, route):
    method, url, data = _routes(scene)[route]
    user = scene.users[role]
    if user is not None:
        login(user)
    if method == "GET":
        return client.get(url)
    return client.post(url, data=data)


@pytest.mark.parametrize("route", ROUTE_NAMES)
def test_anonymous_visitor_is_sent_to_sign_in(client, login, scene, route):
    response = _request(client, login, scene, "anonymous", route)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("route", ROUTE_NAMES)
def test_invited_participant_is_refused(client, login, scene, route):
    response = _request(client, login, scene, "participant", route)
    assert response.status_code == 403


@pytest.mark.parametrize("route", ROUTE_NAMES)
def test_facilitator_outside_the_team_gets_not_found(client, login, scene, route):
    response = _request(client, login, scene, "outsider", route)
    assert response.status_code == 404


@pytest.mark.parametrize("role", ("owner", "organiser"))
@pytest.mark.parametrize("route", ROUTE_NAMES)
def test_owner_and_organiser_may_use_every_route(client, login, scene, role, route):
    response = _request(client, login, scene, role, route)
    assert response.status_code in (200, 302), response.get_data(as_text=True)[:2000]


def test_refused_participant_changes_nothing(client, login, scene):
    from planner.extensions import db
    from planner.models import Invitation

    _request(client, login, scene, "participant", "remove_invitation")
    assert db.session.query(Invitation).filter_by(uid=scene.invitation_uid).count() == 1


def test_co_facilitator_may_open_the_people_page(client, login, make):
    workshop = make.workshop()
    co = make.user(Role.FACILITATOR)
    workshop.co_facilitators.append(co)
    from planner.extensions import db

    db.session.commit()
    login(co)
    assert client.get(f"/workshops/{workshop.uid}/people").status_code == 200


def test_unknown_workshop_is_not_found_even_for_organisers(client, login, make):
    login(make.user(Role.ORGANISER))
    assert client.get("/workshops/no-such-workshop/people").status_code == 404
