"""The permission table of PRODUCT §2, asked through the one access API, for every role."""

from __future__ import annotations

import pytest

from planner import access
from planner.access import Action, Standing
from planner.extensions import db
from planner.vocabulary import Role


@pytest.fixture
def world(make):
    owner = make.user(Role.FACILITATOR, name="Owner")
    co = make.user(Role.FACILITATOR, name="Co")
    stranger = make.user(Role.FACILITATOR, name="Stranger")
    organiser = make.user(Role.ORGANISER)
    workshop = make.workshop(owner=owner)
    workshop.co_facilitators.append(co)
    db.session.commit()
    invited = make.participant_user(workshop)
    uninvited = make.participant_user()
    return dict(
        workshop=workshop,
        owner=owner,
        co=co,
        stranger=stranger,
        organiser=organiser,
        invited=invited,
        uninvited=uninvited,
    )


EXPECTED = {
    # role: standing, then the actions allowed on the workshop
    "organiser": (Standing.ORGANISER, set(Action)),
    "owner": (Standing.OWNER, set(Action)),
    "co": (Standing.TEAM, set(Action) - {Action.MANAGE_TEAM}),
    "stranger": (Standing.NONE, set()),
    "invited": (Standing.PARTICIPANT, {Action.VIEW, Action.EXPORT_PARTICIPANT}),
    "uninvited": (Standing.NONE, set()),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_workshop_actions_follow_the_permission_table(world, who):
    standing, allowed = EXPECTED[who]
    user = world[who]
    assert access.standing(user, world["workshop"]) == standing
    for action in Action:
        assert access.can(user, action, world["workshop"]) == (action in allowed), action


def test_anonymous_visitors_may_do_nothing(world):
    assert access.standing(None, world["workshop"]) == Standing.NONE


@pytest.mark.parametrize(
    "who, catalogue, create, library, audit",
    [
        ("organiser", True, True, True, True),
        ("owner", False, True, True, False),
        ("invited", False, False, False, False),
    ],
)
def test_capabilities_without_a_workshop(world, who, catalogue, create, library, audit):
    user = world[who]
    assert access.can_manage_catalogue(user) is catalogue
    assert access.can_create_workshop(user) is create
    assert access.can_use_library(user) is library
    assert access.can_read_audit(user) is audit


@pytest.mark.parametrize(
    "who, sees",
    [
        ("organiser", True),
        ("owner", True),
        ("co", True),
        ("stranger", False),
        ("invited", True),
        ("uninvited", False),
    ],
)
def test_workshop_list_shows_only_what_each_role_may_see(world, client, login, who, sees):
    login(world[who])
    page = client.get("/workshops/").get_data(as_text=True)
    assert (world["workshop"].title in page) is sees


@pytest.mark.parametrize(
    "who, status",
    [
        ("organiser", 200),
        ("owner", 200),
        ("co", 200),
        ("stranger", 404),
        ("invited", 302),
        ("uninvited", 404),
    ],
)
def test_workshop_page_answers_each_role(world, client, login, who, status):
    login(world[who])
    assert client.get(f"/workshops/{world['workshop'].uid}").status_code == status


def test_participants_are_sent_to_their_published_agenda(world, client, login):
    login(world["invited"])
    response = client.get(f"/workshops/{world['workshop'].uid}")
    assert response.headers["Location"].endswith(f"/my/workshops/{world['workshop'].uid}")


def test_participant_workshop_page_never_shows_facilitator_notes(world, client, login, make):
    session = make.session(world["workshop"], facilitator_notes="Watch Armen closely")
    login(world["invited"])
    page = client.get(f"/workshops/{world['workshop'].uid}", follow_redirects=True).get_data(
        as_text=True
    )
    assert "Watch Armen closely" not in page
    assert world["workshop"].context_notes not in page
    assert session.title not in page  # nothing is published yet: the draft stays with the team


def test_guessing_an_integer_id_finds_nothing(world, client, login):
    login(world["organiser"])
    assert client.get(f"/workshops/{world['workshop'].id}").status_code == 404
