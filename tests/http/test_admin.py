"""Organiser admin pages (issue 9): accounts, the audit log, erasing a person."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from planner import audit
from planner.extensions import db
from planner.models import (
    AgendaPublication,
    AuditEvent,
    Invitation,
    Person,
    SmallGroup,
    SmallGroupMember,
    User,
)
from planner.vocabulary import Role
from tests.factories import PASSWORD

NEW_ACCOUNT_PASSWORD = "a long enough first password"


@pytest.fixture
def organiser(make, login):
    user = make.user(Role.ORGANISER, name="Ольга Смирнова")
    login(user)
    return user


# Who may use the admin pages -------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/users", "/admin/audit"])
def test_anonymous_visitor_is_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.PARTICIPANT])
@pytest.mark.parametrize("path", ["/admin/users", "/admin/audit"])
def test_only_organisers_reach_admin_pages(client, make, login, role, path):
    login(make.user(role))
    assert client.get(path).status_code == 403


def test_facilitator_cannot_erase_a_person(client, make, login):
    person = make.person()
    login(make.user(Role.FACILITATOR))
    assert (
        client.post(f"/admin/people/{person.uid}/erase", data={"confirm": "y"}).status_code == 403
    )
    assert db.session.get(Person, person.id) is not None


# Accounts --------------------------------------------------------------------------------


def test_organiser_sees_every_account(client, make, organiser):
    make.user(Role.FACILITATOR, name="Toğrul Bağırov")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Toğrul Bağırov" in page and "Ольга Смирнова" in page


def test_organiser_creates_an_account_with_an_armenian_name(client, organiser):
    response = client.post(
        "/admin/users",
        data={
            "name": "Անի Հակոբյան",
            "email": "ani@example.org",
            "role": "facilitator",
            "password": NEW_ACCOUNT_PASSWORD,
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "ani@example.org"))
    assert user.name == "Անի Հակոբյան" and user.role == Role.FACILITATOR
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.created"))


def test_new_account_with_a_weak_password_is_refused_with_a_message(client, organiser):
    response = client.post(
        "/admin/users",
        data={
            "name": "Short",
            "email": "short@example.org",
            "role": "facilitator",
            "password": "short",
        },
    )
    assert response.status_code == 400
    assert "at least 12 characters" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "short@example.org")) is None


def test_new_account_with_a_taken_email_is_refused_with_a_message(client, make, organiser):
    taken = make.user()
    response = client.post(
        "/admin/users",
        data={
            "name": "Twin",
            "email": taken.email.upper(),
            "role": "facilitator",
            "password": NEW_ACCOUNT_PASSWORD,
        },
    )
    assert response.status_code == 400
    assert "already exists" in response.get_data(as_text=True)


def test_deactivating_an_account_ends_its_sessions_and_sign_in(app, client, make, login):
    facilitator = make.user(Role.FACILITATOR)
    theirs = app.test_client()
    theirs.post("/login", data={"email": facilitator.email, "password": PASSWORD})
    assert theirs.get("/workshops/").status_code == 200
    login(make.user(Role.ORGANISER))
    assert client.post(f"/admin/users/{facilitator.id}/deactivate").status_code == 302
    assert theirs.get("/workshops/").status_code == 302
    again = theirs.post("/login", data={"email": facilitator.email, "password": PASSWORD})
    assert again.status_code == 200


def test_reactivated_account_can_sign_in_again(app, client, make, organiser):
    facilitator = make.user(Role.FACILITATOR, active=False)
    client.post(f"/admin/users/{facilitator.id}/reactivate")
    theirs = app.test_client()
    response = theirs.post("/login", data={"email": facilitator.email, "password": PASSWORD})
    assert response.status_code == 302


def test_sign_out_everywhere_ends_a_copied_session(app, client, make, login):
    facilitator = make.user(Role.FACILITATOR)
    theirs = app.test_client()
    theirs.post("/login", data={"email": facilitator.email, "password": PASSWORD})
    login(make.user(Role.ORGANISER))
    client.post(f"/admin/users/{facilitator.id}/sign-out")
    assert theirs.get("/workshops/").status_code == 302
    assert db.session.get(User, facilitator.id).active


def test_organiser_cannot_deactivate_their_own_account(client, organiser):
    client.post(f"/admin/users/{organiser.id}/deactivate")
    assert db.session.get(User, organiser.id).active
    assert client.get("/admin/users").status_code == 200


def test_unknown_account_is_not_found(client, organiser):
    assert client.post("/admin/users/987654/deactivate").status_code == 404


# Audit log -------------------------------------------------------------------------------


def _event(action, *, actor=None, workshop_uid=None, at=None, record_uid="r1"):
    event = audit.record(action, "workshop", record_uid, workshop_uid=workshop_uid, actor=actor)
    if at is not None:
        event.at = at
    db.session.commit()
    return event


def test_audit_log_lists_events_newest_first(client, organiser):
    _event("workshop.created", at=datetime(2027, 1, 1, 9))
    _event("workshop.updated", at=datetime(2027, 1, 2, 9))
    page = client.get("/admin/audit").get_data(as_text=True)
    assert page.index("<code>workshop.updated</code>") < page.index("<code>workshop.created</code>")


def test_audit_log_filters_by_action(client, organiser):
    _event("workshop.created")
    _event("session.moved")
    page = client.get("/admin/audit?action=session.moved").get_data(as_text=True)
    assert "<code>session.moved</code>" in page and "<code>workshop.created</code>" not in page


def test_audit_log_filters_by_person(client, make, organiser):
    other = make.user(Role.FACILITATOR, name="Aygün Məmmədova")
    _event("workshop.created", actor=other, record_uid="by-aygun")
    _event("workshop.created", actor=organiser, record_uid="by-olga")
    page = client.get(f"/admin/audit?actor={other.id}").get_data(as_text=True)
    assert "by-aygun" in page and "by-olga" not in page


def test_audit_log_filters_by_workshop_title(client, make, organiser):
    venice = make.workshop(title="Venice follow-up")
    tbilisi = make.workshop(title="Tbilisi round")
    _event("workshop.updated", workshop_uid=venice.uid, record_uid="in-venice")
    _event("workshop.updated", workshop_uid=tbilisi.uid, record_uid="in-tbilisi")
    page = client.get("/admin/audit?workshop=venice").get_data(as_text=True)
    assert "in-venice" in page and "in-tbilisi" not in page


def test_audit_log_filters_by_date_range(client, organiser):
    _event("workshop.updated", at=datetime(2027, 3, 1, 12), record_uid="in-march")
    _event("workshop.updated", at=datetime(2027, 4, 1, 12), record_uid="in-april")
    page = client.get("/admin/audit?date_from=2027-03-01&date_to=2027-03-31").get_data(as_text=True)
    assert "in-march" in page and "in-april" not in page


def test_audit_log_reversed_dates_show_a_message(client, organiser):
    response = client.get("/admin/audit?date_from=2027-03-31&date_to=2027-03-01")
    assert response.status_code == 200
    assert "before the start date" in response.get_data(as_text=True)


def test_audit_log_is_paginated(app, client, organiser):
    app.config["PAGE_SIZE"] = 2
    for n in range(5):
        _event("workshop.updated", record_uid=f"event-{n}", at=datetime(2027, 1, 1, 9, n))
    first = client.get("/admin/audit").get_data(as_text=True)
    last = client.get("/admin/audit?page=3").get_data(as_text=True)
    assert "event-4" in first and "event-0" not in first
    assert "event-0" in last and "Page 3 of 3" in last


def test_audit_events_never_hold_note_text(app):
    event = audit.record(
        "person.updated", "person", "p1", details={"fields": ["notes"], "notes": "SECRET NOTE"}
    )
    db.session.commit()
    assert "SECRET NOTE" not in str(event.details)


# Erasure ---------------------------------------------------------------------------------


@pytest.fixture
def invited_person(make):
    workshop = make.workshop(title="Dialogue in Tbilisi")
    person = make.person(name="Անի Հակոբյան", email="ani@example.org")
    invitation = make.invite(workshop, person)
    return workshop, person, invitation


def test_erasure_asks_for_confirmation_first(client, organiser, invited_person):
    _, person, _ = invited_person
    page = client.get(f"/admin/people/{person.uid}/erase").get_data(as_text=True)
    assert "Erase Անի Հակոբյան?" in page
    response = client.post(f"/admin/people/{person.uid}/erase", data={})
    assert response.status_code == 400
    assert "Tick the box" in response.get_data(as_text=True)
    assert db.session.get(Person, person.id) is not None


def test_erased_person_no_longer_appears_on_the_workshop_page(client, organiser, invited_person):
    workshop, person, _ = invited_person
    assert "Անի Հակոբյան" in client.get(f"/workshops/{workshop.uid}").get_data(as_text=True)
    response = client.post(f"/admin/people/{person.uid}/erase", data={"confirm": "y"})
    assert response.status_code == 302
    assert "Անի Հակոբյան" not in client.get(f"/workshops/{workshop.uid}").get_data(as_text=True)


def test_erasure_removes_invitations_and_small_group_places(
    client, make, organiser, invited_person
):
    workshop, person, invitation = invited_person
    group = SmallGroup(session=make.session(workshop), number=1)
    db.session.add(group)
    db.session.flush()
    db.session.add(SmallGroupMember(group_id=group.id, invitation_id=invitation.id))
    db.session.commit()
    client.post(f"/admin/people/{person.uid}/erase", data={"confirm": "y"})
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    assert db.session.scalar(select(func.count()).select_from(SmallGroupMember)) == 0
    assert db.session.scalar(select(func.count()).select_from(Person)) == 0


def test_erasure_pseudonymises_audit_events_about_the_person(client, organiser, invited_person):
    _, person, _ = invited_person
    audit.record("person.created", "person", person.uid, details={"name": person.name})
    db.session.commit()
    client.post(f"/admin/people/{person.uid}/erase", data={"confirm": "y"})
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "person.created")
    ).all()
    assert len(events) == 1
    assert events[0].record_uid.startswith("erased-")
    assert "Անի" not in str(events[0].details)
    assert person.uid not in str([e.record_uid for e in db.session.scalars(select(AuditEvent))])


def test_erasure_removes_the_name_from_published_agendas(client, organiser, invited_person):
    workshop, person, _ = invited_person
    db.session.add(
        AgendaPublication(workshop=workshop, number=1, snapshot={"groups": [["Անի Հակոբյան", "B"]]})
    )
    db.session.commit()
    client.post(f"/admin/people/{person.uid}/erase", data={"confirm": "y"})
    publication = db.session.scalar(select(AgendaPublication))
    assert "Անի" not in str(publication.snapshot)


def test_erasing_an_unknown_person_is_not_found(client, organiser):
    assert client.get("/admin/people/no-such-person/erase").status_code == 404


def test_organiser_finds_a_person_to_erase_by_name(client, organiser, invited_person):
    _, person, _ = invited_person
    page = client.get("/admin/people?q=Հակոբյան").get_data(as_text=True)
    assert "Անի Հակոբյան" in page
    assert f"/admin/people/{person.uid}/erase" in page


def test_erased_person_is_not_in_the_roster_export(client, organiser, invited_person):
    workshop, person, _ = invited_person
    roster = client.get(f"/workshops/{workshop.uid}/roster.csv")
    assert roster.status_code == 200 and "Անի Հակոբյան" in roster.get_data(as_text=True)
    client.post(f"/admin/people/{person.uid}/erase", data={"confirm": "y"})
    after = client.get(f"/workshops/{workshop.uid}/roster.csv").get_data(as_text=True)
    assert "Անի Հակոբյան" not in after
