"""Account operations (planner.auth.operations), specified without a client.

Accounts are created, signed in, deactivated and reactivated, and their passwords and
sessions changed; every change is audited, and no audit event holds a password or an email.
"""

from __future__ import annotations

import pytest

from planner.auth import operations
from planner.auth.operations import AccountError
from planner.auth.passwords import WeakPassword
from planner.extensions import db
from planner.models import User
from planner.vocabulary import Role
from tests.factories import PASSWORD
from tests.operations.conftest import assert_details_never_mention, only_event

NEW_PASSWORD = "a much longer passphrase of mine"


def test_create_user_creates_an_account_that_can_sign_in(app):
    user = operations.create_user(" Nare@Example.org ", "Nare", Role.FACILITATOR, NEW_PASSWORD)
    db.session.commit()
    saved = db.session.get(User, user.id)
    assert (saved.email, saved.name, saved.role) == ("Nare@Example.org", "Nare", Role.FACILITATOR)
    assert operations.authenticate("nare@example.org", NEW_PASSWORD).id == user.id


def test_create_user_names_the_account_after_the_address_when_no_name_is_given(app):
    assert operations.create_user("nare@example.org", "  ", "participant", NEW_PASSWORD).name == (
        "nare"
    )


def test_create_user_records_the_role_never_the_email_or_password(app, make, signed_in):
    organiser = make.user(Role.ORGANISER)
    with signed_in(organiser):
        user = operations.create_user("nare@example.org", "Nare", Role.ORGANISER, NEW_PASSWORD)
        event = only_event("user.created")
    assert (event.record_type, event.record_uid) == ("user", str(user.id))
    assert event.actor_id == organiser.id
    assert event.details == {"role": "organiser"}
    assert_details_never_mention(event, "nare@example.org", NEW_PASSWORD)


@pytest.mark.parametrize("email", ["not-an-address", "x" * 250 + "@example.org"])
def test_create_user_refuses_what_is_not_an_email_address(app, refused, email):
    with refused(AccountError, match="is not an email address"):
        operations.create_user(email, "Nare", Role.FACILITATOR, NEW_PASSWORD)


def test_create_user_refuses_an_unknown_role(app, refused):
    with refused(AccountError, match="Role must be one of: organiser, facilitator, participant"):
        operations.create_user("nare@example.org", "Nare", "admin", NEW_PASSWORD)


def test_create_user_refuses_an_email_that_has_an_account_in_any_case(make, refused):
    make.user(email="nare@example.org")
    with refused(AccountError, match="already exists"):
        operations.create_user("NARE@example.org", "Nare", Role.FACILITATOR, NEW_PASSWORD)


@pytest.mark.parametrize("password", ["short", "password1234"])
def test_create_user_refuses_a_weak_password(app, refused, password):
    with refused(WeakPassword):
        operations.create_user("nare@example.org", "Nare", Role.FACILITATOR, password)


def test_create_user_without_the_policy_accepts_a_short_password(app):
    user = operations.create_user(
        "demo@example.org", "Demo", "facilitator", "demo", check_policy=False
    )
    assert user.check_password("demo")


# ------------------------------------------------------------------------- authenticate


def test_authenticate_returns_the_user_and_notes_the_sign_in(make):
    user = make.user(email="nare@example.org")
    assert user.last_login_at is None
    assert operations.authenticate(" NARE@example.org ", PASSWORD) is user
    assert user.last_login_at is not None


@pytest.mark.parametrize("case", ["wrong password", "unknown email", "inactive account"])
def test_authenticate_gives_the_same_answer_for_every_failure(make, case):
    make.user(email="nare@example.org", active=case != "inactive account")
    email = "nobody@example.org" if case == "unknown email" else "nare@example.org"
    password = "not the password" if case == "wrong password" else PASSWORD
    assert operations.authenticate(email, password) is None


def test_find_user_by_email_ignores_case_and_spaces(make):
    user = make.user(email="Nare@Example.org")
    assert operations.find_user_by_email("  nare@example.ORG") is user
    assert operations.find_user_by_email("other@example.org") is None


# ------------------------------------------------------------------------- account changes


def test_deactivate_blocks_sign_in_ends_sessions_and_is_audited(make, signed_in):
    organiser = make.user(Role.ORGANISER)
    user = make.user(email="nare@example.org")
    cookie = user.get_id()
    with signed_in(organiser):
        operations.deactivate(user)
        event = only_event("user.deactivated")
    db.session.commit()
    assert operations.authenticate("nare@example.org", PASSWORD) is None
    assert db.session.get(User, user.id).get_id() != cookie
    assert (event.record_uid, event.actor_id) == (str(user.id), organiser.id)


def test_reactivate_lets_the_account_sign_in_again(make):
    user = make.user(email="nare@example.org", active=False)
    operations.reactivate(user)
    db.session.commit()
    assert operations.authenticate("nare@example.org", PASSWORD).id == user.id
    assert only_event("user.reactivated").record_uid == str(user.id)


def test_change_password_replaces_it_ends_other_sessions_and_never_records_it(make, signed_in):
    user = make.user(email="nare@example.org")
    cookie = user.get_id()
    with signed_in(user):
        operations.change_password(user, NEW_PASSWORD)
        event = only_event("user.password_changed")
    db.session.commit()
    assert operations.authenticate("nare@example.org", PASSWORD) is None
    assert operations.authenticate("nare@example.org", NEW_PASSWORD).id == user.id
    assert user.get_id() != cookie
    assert (event.actor_id, event.details) == (user.id, {})
    assert_details_never_mention(event, NEW_PASSWORD)


def test_change_password_refuses_a_weak_one_and_keeps_the_old(make, refused):
    user = make.user(email="nare@example.org")
    with refused(WeakPassword, match="at least 12 characters"):
        operations.change_password(user, "short")
    assert operations.authenticate("nare@example.org", PASSWORD) is not None


def test_sign_out_everywhere_invalidates_every_session_cookie(make):
    user = make.user()
    cookie = user.get_id()
    operations.sign_out_everywhere(user)
    assert user.get_id() != cookie


def test_reset_sessions_signs_someone_out_everywhere_and_is_audited(make, signed_in):
    organiser = make.user(Role.ORGANISER)
    user = make.user()
    cookie = user.get_id()
    with signed_in(organiser):
        operations.reset_sessions(user)
        event = only_event("user.sessions_reset")
    assert user.get_id() != cookie
    assert (event.record_uid, event.actor_id) == (str(user.id), organiser.id)
