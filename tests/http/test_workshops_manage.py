"""Workshops: status changes, deleting versus cancelling, and the facilitation team."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planner.extensions import db
from planner.models import AuditEvent, Workshop
from planner.vocabulary import Role, WorkshopStatus
from planner.workshops.operations import CANNOT_JOIN_TEAM
from tests.http.workshop_fixtures import form_data, make_cast, page, reload


@pytest.fixture
def cast(make):
    return make_cast(make)


# --------------------------------------------------------------------------- status


def _status(client, cast, status, version):
    return client.post(
        f"/workshops/{cast.uid}/status",
        data={"status": status, "version": str(version)},
        follow_redirects=True,
    )


def test_status_moves_forward_one_step_at_a_time(client, cast, login):
    login(cast.owner)
    for version, status in enumerate(("planned", "confirmed", "held"), start=1):
        _status(client, cast, status, version)
        assert reload(cast.workshop).status == status


def test_status_cannot_skip_ahead(client, cast, login):
    login(cast.owner)
    response = _status(client, cast, "held", 1)
    assert "A workshop that is draft cannot be marked held." in page(response)
    assert reload(cast.workshop).status == WorkshopStatus.DRAFT


def test_a_confirmed_workshop_can_be_cancelled(client, cast, login):
    cast.workshop.status = WorkshopStatus.CONFIRMED
    db.session.commit()
    login(cast.owner)
    _status(client, cast, "cancelled", reload(cast.workshop).version)
    assert reload(cast.workshop).status == WorkshopStatus.CANCELLED


def test_a_cancelled_workshop_can_be_reinstated_as_draft(client, cast, login):
    login(cast.owner)
    _status(client, cast, "cancelled", 1)
    _status(client, cast, "draft", 2)
    assert reload(cast.workshop).status == WorkshopStatus.DRAFT


def test_stale_status_change_is_refused(client, cast, login):
    login(cast.owner)
    client.post(f"/workshops/{cast.uid}/edit", data=form_data(title="Edited"))
    response = _status(client, cast, "planned", 1)
    assert "was changed by someone else" in page(response)
    assert reload(cast.workshop).status == WorkshopStatus.DRAFT


def test_unknown_status_is_refused_with_a_message(client, cast, login):
    login(cast.owner)
    response = _status(client, cast, "exploded", 1)
    assert "could not be understood" in page(response)


def test_status_change_is_audited(client, cast, login):
    login(cast.owner)
    _status(client, cast, "planned", 1)
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "workshop.status_changed")
    )
    assert event.details["to"] == "planned" and event.workshop_uid == cast.uid


# --------------------------------------------------------------------------- delete


def test_workshop_nobody_is_invited_to_can_be_deleted_after_confirming(client, make, login):
    owner = make.user(Role.FACILITATOR)
    workshop = make.workshop(owner=owner)
    make.session(workshop)
    login(owner)
    confirm = client.get(f"/workshops/{workshop.uid}/delete")
    assert "Delete permanently" in page(confirm)
    response = client.post(f"/workshops/{workshop.uid}/delete")
    assert response.status_code == 302
    assert db.session.scalar(select(Workshop).where(Workshop.uid == workshop.uid)) is None
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "workshop.deleted"))


def test_workshop_with_people_invited_cannot_be_deleted_and_the_page_says_cancel(
    client, cast, login
):
    login(cast.owner)
    confirm = page(client.get(f"/workshops/{cast.uid}/delete"))
    assert "cannot be deleted" in confirm and "Cancel workshop" in confirm
    assert "Delete permanently" not in confirm
    response = client.post(f"/workshops/{cast.uid}/delete", follow_redirects=True)
    assert "Cancel it instead" in page(response)
    assert reload(cast.workshop) is not None


def test_co_facilitator_cannot_delete(client, make, login):
    owner, co = make.user(Role.FACILITATOR), make.user(Role.FACILITATOR)
    workshop = make.workshop(owner=owner)
    workshop.co_facilitators.append(co)
    db.session.commit()
    login(co)
    assert client.post(f"/workshops/{workshop.uid}/delete").status_code == 403
    assert reload(workshop) is not None


# --------------------------------------------------------------------------- team


def _team(client, cast, action, email):
    return client.post(
        f"/workshops/{cast.uid}/team",
        data={"action": action, "email": email},
        follow_redirects=True,
    )


def test_owner_adds_a_co_facilitator_by_email_who_then_sees_the_workshop(client, cast, login):
    login(cast.owner)
    response = _team(client, cast, "add", cast.outsider.email.upper())
    assert f"{cast.outsider.name} joined the team." in page(response)
    client.post("/logout")
    login(cast.outsider)
    assert client.get(f"/workshops/{cast.uid}/edit").status_code == 200


def test_owner_removes_a_co_facilitator_who_then_loses_access(client, cast, login):
    login(cast.owner)
    response = _team(client, cast, "remove", cast.co.email)
    assert "Toğrul Bağırov left the team." in page(response)
    client.post("/logout")
    login(cast.co)
    assert client.get(f"/workshops/{cast.uid}").status_code == 404


def test_organiser_can_change_the_team(client, cast, login):
    login(cast.organiser)
    _team(client, cast, "add", cast.outsider.email)
    assert [u.id for u in reload(cast.workshop).co_facilitators] == sorted(
        [cast.co.id, cast.outsider.id]
    )


def test_co_facilitator_cannot_change_the_team(client, cast, login):
    login(cast.co)
    response = client.post(
        f"/workshops/{cast.uid}/team", data={"action": "add", "email": cast.outsider.email}
    )
    assert response.status_code == 403
    assert "Only the workshop's owner or an organiser" in page(
        client.get(f"/workshops/{cast.uid}/team")
    )


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("nobody@example.org", CANNOT_JOIN_TEAM),
        ("invited", CANNOT_JOIN_TEAM),
        ("owner", "already owns this workshop"),
        ("co", "is already on the team"),
        ("not an email", "Invalid email address."),
    ],
)
def test_adding_someone_who_cannot_join_explains_why(client, cast, login, who, message):
    login(cast.owner)
    email = getattr(cast, who).email if hasattr(cast, who) else who
    response = _team(client, cast, "add", email)
    assert message in page(response)
    assert [u.id for u in reload(cast.workshop).co_facilitators] == [cast.co.id]


def test_team_change_is_audited_without_emails(client, cast, login):
    login(cast.owner)
    _team(client, cast, "add", cast.outsider.email)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "workshop.team_added"))
    assert event.details["user_id"] == cast.outsider.id
    assert cast.outsider.email not in str(event.details)


# --------------------------------------------------------------------------- CSRF


def _csrf_token(body: str) -> str:
    return body.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def test_status_buttons_carry_a_working_csrf_token(app, client, cast, login):
    login(cast.owner)
    app.config["WTF_CSRF_ENABLED"] = True
    token = _csrf_token(page(client.get(f"/workshops/{cast.uid}")))
    client.post(
        f"/workshops/{cast.uid}/status",
        data={"status": "planned", "version": "1", "csrf_token": token},
    )
    assert reload(cast.workshop).status == WorkshopStatus.PLANNED


def test_team_change_without_csrf_token_is_refused(app, client, cast, login):
    login(cast.owner)
    app.config["WTF_CSRF_ENABLED"] = True
    response = _team(client, cast, "add", cast.outsider.email)
    assert response.status_code == 400
    assert [u.id for u in reload(cast.workshop).co_facilitators] == [cast.co.id]
