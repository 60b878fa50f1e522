"""The access questions that need no workshop record, asked for every kind of user.

Each answer here follows from the account alone (its role, whether it is active, who owns a
workshop), so these run without a database: a stand-in account is enough.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from flask import Flask

from planner import access
from planner.access import Action, Standing
from planner.vocabulary import InvitationStatus, Role

OWNER_ID = 1


@dataclass
class Account:
    """What access reads of a signed-in ``User``."""

    id: int
    role: Role
    active: bool = True
    is_authenticated: bool = True


#: The kinds of visitor (PRODUCT §2). A participant's invitation, declined or not, does
#: not change a role-only answer; it is asked in tests/http/test_access_questions.py.
KINDS = {
    "organiser": Account(10, Role.ORGANISER),
    "owner": Account(OWNER_ID, Role.FACILITATOR),
    "co-facilitator": Account(11, Role.FACILITATOR),
    "facilitator off the team": Account(12, Role.FACILITATOR),
    "participant invited": Account(13, Role.PARTICIPANT),
    "participant who declined": Account(14, Role.PARTICIPANT),
    "stranger": None,
}
FACILITATORS = {"owner", "co-facilitator", "facilitator off the team"}
PARTICIPANTS = {"participant invited", "participant who declined"}


ROLE_QUESTIONS = {
    access.can_manage_catalogue: {"organiser"},
    access.can_read_audit: {"organiser"},
    access.sees_every_person: {"organiser"},
    access.may_search_by_email: {"organiser"},
    access.may_run_workshops: {"organiser", *FACILITATORS},
    access.can_create_workshop: {"organiser", *FACILITATORS},
    access.can_use_library: {"organiser", *FACILITATORS},
    access.may_use_two_factor: {"organiser", *FACILITATORS},
    access.may_join_team: FACILITATORS,
}


@pytest.mark.parametrize(
    "question, who",
    [(q, who) for q in ROLE_QUESTIONS for who in KINDS],
    ids=[f"{q.__name__}-{who}" for q in ROLE_QUESTIONS for who in KINDS],
)
def test_each_role_question_answers_each_kind_of_user(question, who):
    assert question(KINDS[who]) is (who in ROLE_QUESTIONS[question])


def test_an_inactive_facilitator_may_not_join_a_team():
    assert access.may_join_team(Account(20, Role.FACILITATOR, active=False)) is False


def test_a_signed_out_visitor_is_asked_nothing_about_a_role():
    signed_out = Account(21, Role.ORGANISER, is_authenticated=False)
    assert not access.can_manage_catalogue(signed_out)
    assert not access.may_run_workshops(signed_out)
    assert access.standing(signed_out, SimpleNamespace(id=1, owner_id=21)) == Standing.NONE


@pytest.mark.parametrize("required", [True, False])
@pytest.mark.parametrize("who", list(KINDS))
def test_only_organisers_must_use_two_factor_and_only_when_the_setting_says_so(who, required):
    app = Flask(__name__)
    app.config["REQUIRE_2FA_FOR_ORGANISERS"] = required
    with app.app_context():
        assert access.must_use_two_factor(KINDS[who]) is (required and who == "organiser")


@pytest.mark.parametrize("who", list(KINDS))
def test_a_source_may_be_deleted_by_organisers_and_the_facilitator_who_imported_it(who):
    source = SimpleNamespace(imported_by_id=OWNER_ID)
    assert access.can_delete_source(KINDS[who], source) is (who in {"organiser", "owner"})


@pytest.mark.parametrize(
    "who, expected",
    [("organiser", Standing.ORGANISER), ("owner", Standing.OWNER), ("stranger", Standing.NONE)],
)
def test_standing_known_without_a_query(who, expected):
    workshop = SimpleNamespace(id=5, owner_id=OWNER_ID)
    assert access.standing(KINDS[who], workshop) == expected


def test_only_the_owner_and_organisers_manage_the_team():
    allowed = {level for level in Standing if access.permits(level, Action.MANAGE_TEAM)}
    assert allowed == {Standing.OWNER, Standing.ORGANISER}


def test_the_readiness_review_is_for_the_team_only():
    allowed = {level for level in Standing if access.permits(level, Action.READ_READINESS)}
    assert allowed == {Standing.TEAM, Standing.OWNER, Standing.ORGANISER}


def test_every_action_has_a_minimum_standing():
    for action in Action:
        assert access.permits(Standing.ORGANISER, action), action
        assert not access.permits(Standing.NONE, action), action


@pytest.mark.parametrize("status", list(InvitationStatus))
def test_an_invitation_admits_unless_its_person_declined_or_withdrew(status):
    invitation = SimpleNamespace(status=status)
    expected = status not in (InvitationStatus.DECLINED, InvitationStatus.WITHDREW)
    assert access.invitation_admits(invitation) is expected


@pytest.mark.parametrize("who", list(KINDS))
def test_only_the_invited_person_may_answer_their_invitation(who):
    declined = KINDS["participant who declined"]
    invitation = SimpleNamespace(person=SimpleNamespace(user_id=declined.id))
    assert access.can_answer(KINDS[who], invitation) is (who == "participant who declined")
