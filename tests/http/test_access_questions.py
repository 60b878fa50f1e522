"""The access questions that read the records, asked for every kind of user (PRODUCT §2).

No request is made: each question is asked of ``planner.access`` directly, on the records a
small world holds, and the batch forms are checked against the one-at-a-time answers.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event

from planner import access
from planner.access import Action, Standing
from planner.extensions import db
from planner.vocabulary import InvitationStatus, Role

KINDS = (
    "organiser",
    "owner",
    "co-facilitator",
    "facilitator off the team",
    "participant invited",
    "participant who declined",
    "stranger",
)


@pytest.fixture
def world(make):
    owner = make.user(Role.FACILITATOR, name="Owner")
    co = make.user(Role.FACILITATOR, name="Co")
    workshop = make.workshop(owner=owner)
    workshop.co_facilitators.append(co)
    db.session.commit()
    declined = make.participant_user()
    make.invite(workshop, declined.person, status=InvitationStatus.DECLINED)
    off_team = make.user(Role.FACILITATOR, name="Elsewhere")
    elsewhere = make.workshop(owner=off_team)
    outsider = make.person("Aygün Məmmədova")
    make.invite(elsewhere, outsider)
    users = {
        "organiser": make.user(Role.ORGANISER),
        "owner": owner,
        "co-facilitator": co,
        "facilitator off the team": off_team,
        "participant invited": make.participant_user(workshop),
        "participant who declined": declined,
        "stranger": None,
    }
    member = make.person("Անի Հակոբյան")
    make.invite(workshop, member)
    return dict(workshop=workshop, elsewhere=elsewhere, member=member, outsider=outsider, **users)


STANDING = {
    "organiser": Standing.ORGANISER,
    "owner": Standing.OWNER,
    "co-facilitator": Standing.TEAM,
    "facilitator off the team": Standing.NONE,
    "participant invited": Standing.PARTICIPANT,
    "participant who declined": Standing.NONE,
    "stranger": Standing.NONE,
}


@pytest.mark.parametrize("who", KINDS)
def test_standing_in_the_workshop(world, who):
    assert access.standing(world[who], world["workshop"]) == STANDING[who]


TEAM = {"organiser", "owner", "co-facilitator"}
ALLOWED = {
    Action.VIEW: TEAM | {"participant invited"},
    Action.EXPORT_PARTICIPANT: TEAM | {"participant invited"},
    Action.EDIT: TEAM,
    Action.READ_NOTES: TEAM,
    Action.READ_READINESS: TEAM,
    Action.SEE_ALL_NAMES: TEAM,
    Action.EXPORT_FACILITATOR: TEAM,
    Action.MANAGE_TEAM: {"organiser", "owner"},
    # Issues 18, 20 and 22: what only the facilitation team (and organisers) may do.
    Action.PREPARE_PARTICIPANTS: TEAM,
    Action.MESSAGE_PARTICIPANTS: TEAM,
    Action.RUN_DAY: TEAM,
    Action.RECORD_OUTCOMES: TEAM,
}


def test_every_action_is_specified():
    assert set(ALLOWED) == set(Action)


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("who", KINDS)
def test_each_action_for_each_kind_of_user(world, who, action):
    assert access.can(world[who], action, world["workshop"]) is (who in ALLOWED[action])


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("who", KINDS)
def test_the_batch_form_answers_as_each_question_would(world, who, action):
    workshops = [world["workshop"], world["elsewhere"]]
    one_by_one = {w.id for w in workshops if access.can(world[who], action, w)}
    assert access.can_each(world[who], action, workshops) == one_by_one


def test_the_batch_form_asks_as_many_queries_for_twenty_workshops_as_for_one(world, make):
    co = world["co-facilitator"]
    many = [make.workshop() for _ in range(19)]
    for workshop in many:
        workshop.co_facilitators.append(co)
    db.session.commit()
    page = [world["workshop"], *many]
    for record in (co, *page):  # loaded as a page's query would have loaded them
        db.session.refresh(record)
    few = _statements(lambda: access.can_each(co, Action.READ_READINESS, page[:1]))
    lots = _statements(lambda: access.can_each(co, Action.READ_READINESS, page))
    assert lots == few == 1


def _statements(ask) -> int:
    count = 0

    def counted(*_):
        nonlocal count
        count += 1

    event.listen(db.engine, "before_cursor_execute", counted)
    try:
        ask()
    finally:
        event.remove(db.engine, "before_cursor_execute", counted)
    return count


SEES_WORKSHOP = TEAM | {"participant invited"}


@pytest.mark.parametrize("who", [k for k in KINDS if k != "stranger"])
def test_visible_workshops_for_each_kind_of_user(world, who):
    seen = set(db.session.scalars(access.visible_workshops(world[who])))
    assert (world["workshop"] in seen) is (who in SEES_WORKSHOP)
    assert (world["elsewhere"] in seen) is (who in {"organiser", "facilitator off the team"})


# People: a facilitator sees the people of their team's workshops; organisers everyone.

SEES_MEMBER = {"organiser", "owner", "co-facilitator"}
SEES_OUTSIDER = {"organiser", "facilitator off the team"}


@pytest.mark.parametrize("who", KINDS)
def test_may_see_person_for_each_kind_of_user(world, who):
    assert access.may_see_person(world[who], world["member"]) is (who in SEES_MEMBER)
    assert access.may_see_person(world[who], world["outsider"]) is (who in SEES_OUTSIDER)


@pytest.mark.parametrize("who", KINDS)
def test_may_see_people_answers_a_list_as_may_see_person_would(world, who):
    people = [world["member"], world["outsider"]]
    one_by_one = {p.id for p in people if access.may_see_person(world[who], p)}
    assert access.may_see_people(world[who], people) == one_by_one


@pytest.mark.parametrize("who", KINDS)
def test_visible_person_ids_for_each_kind_of_user(world, who):
    ids = access.visible_person_ids(world[who])
    if who == "organiser":
        assert ids is None  # everyone, without reading them
        return
    assert (world["member"].id in ids) is (who in SEES_MEMBER)
    assert (world["outsider"].id in ids) is (who in SEES_OUTSIDER)


@pytest.mark.parametrize("who", KINDS)
def test_only_organisers_may_search_by_email_or_see_every_person(world, who):
    assert access.may_search_by_email(world[who]) is (who == "organiser")
    assert access.sees_every_person(world[who]) is (who == "organiser")


@pytest.mark.parametrize("who", KINDS)
def test_only_facilitators_may_join_a_team(world, who):
    facilitators = {"owner", "co-facilitator", "facilitator off the team"}
    assert access.may_join_team(world[who]) is (who in facilitators)


@pytest.mark.parametrize("who", ["owner", "co-facilitator"])
def test_a_facilitator_demoted_to_participant_leaves_the_team(world, who):
    user = world[who]
    user.role = Role.PARTICIPANT
    db.session.commit()
    assert access.standing(user, world["workshop"]) == Standing.NONE
    assert access.may_see_person(user, world["member"]) is False
    assert world["workshop"] not in set(db.session.scalars(access.visible_workshops(user)))
