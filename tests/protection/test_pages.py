"""The protection pages (issue 20): risk level on the person form, names in files on the
workshop form, preparation records and their readiness findings, the retention page.
Who may open each page is in tests/http/test_access_matrix.py."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from planner.extensions import db
from planner.models import AuditEvent, Preparation, RetentionPolicy
from planner.readiness import review
from planner.vocabulary import RiskLevel, Role
from planner.workshop_loading import load_workshop_page_data
from tests.http.workshop_fixtures import form_data, make_cast, reload


@pytest.fixture
def owner(make):
    return make.user(Role.FACILITATOR, name="Owner Facilitator")


@pytest.fixture
def workshop(make, owner):
    return make.workshop(owner=owner, title="Tbilisi dialogue")


def _profile_form(person, **overrides) -> dict:
    data = {
        "name": person.name,
        "name_alt": "",
        "community": person.community.value,
        "segment": "",
        "affiliation": "",
        "languages": "en",
        "email": "",
        "notes": "",
        "version": str(person.version),
    }
    data.update(overrides)
    return data


def _edit_url(workshop, person) -> str:
    return f"/workshops/{workshop.uid}/people/person/{person.uid}/edit"


def test_a_high_risk_level_needs_a_reason(client, login, make, workshop, owner):
    person = make.person("Günel İsmayılova")
    make.invite(workshop, person)
    login(owner)
    response = client.post(
        _edit_url(workshop, person), data=_profile_form(person, risk_level="high")
    )
    assert response.status_code == 200
    assert "Say why this person is at elevated or high risk." in response.get_data(as_text=True)
    db.session.expire_all()
    assert person.risk_level == RiskLevel.STANDARD


def test_the_risk_level_and_its_encrypted_reason_are_saved_and_audited_by_name(
    client, login, make, workshop, owner
):
    person = make.person("Günel İsmayılova")
    make.invite(workshop, person)
    login(owner)
    reason = "Foundation searched in 2025 — REASON-SECRET-q7"
    response = client.post(
        _edit_url(workshop, person),
        data=_profile_form(person, risk_level="high", risk_reason=reason),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert person.risk_level == RiskLevel.HIGH
    assert person.risk_reason == reason
    stored = db.session.execute(
        text("SELECT risk_reason FROM people WHERE id = :id"), {"id": person.id}
    ).scalar()
    assert reason not in stored and stored.startswith("gAAAAA")
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "person.updated")
    ).one()
    assert set(event.details["fields"]) >= {"risk_level", "risk_reason"}
    assert "REASON-SECRET" not in str(event.details)


def test_the_profile_form_shows_the_risk_level(client, login, make, workshop, owner):
    person = make.person("Günel", risk_level=RiskLevel.ELEVATED, risk_reason="why")
    make.invite(workshop, person)
    login(owner)
    html = client.get(_edit_url(workshop, person)).get_data(as_text=True)
    assert '<option selected value="elevated">' in html
    assert "Protection (facilitators only)" in html


def test_the_workshop_form_turns_names_in_files_on_and_off(client, login, make):
    cast = make_cast(make)
    login(cast.owner)
    assert reload(cast.workshop).names_in_files is False
    response = client.post(f"/workshops/{cast.uid}/edit", data=form_data(names_in_files="y"))
    assert response.status_code == 302
    assert reload(cast.workshop).names_in_files is True
    page = client.get(f"/workshops/{cast.uid}/edit").get_data(as_text=True)
    assert 'checked id="names_in_files"' in page
    version = str(reload(cast.workshop).version)
    client.post(f"/workshops/{cast.uid}/edit", data=form_data(version=version))
    assert reload(cast.workshop).names_in_files is False


def _prep_url(workshop, invitation) -> str:
    return f"/workshops/{workshop.uid}/people/{invitation.uid}/preparation"


def test_a_preparation_record_is_saved_and_audited_without_its_values(
    client, login, make, workshop, owner
):
    invitation = make.invite(workshop, make.person("Ani"))
    login(owner)
    response = client.post(
        _prep_url(workshop, invitation),
        data={
            "conversation_on": "2027-04-20",
            "conversation_by": "Elena Varga-PREP",
            "risk_assessed": "y",
            "consent_asked_on": "2027-04-20",
            "travel_arranged": "y",
        },
    )
    assert response.status_code == 302
    record = db.session.scalars(select(Preparation)).one()
    assert record.conversation_on == date(2027, 4, 20)
    assert record.conversation_by == "Elena Varga-PREP"
    assert record.risk_assessed and record.travel_arranged and not record.visa_arranged
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "invitation.preparation_recorded")
    ).one()
    assert "conversation_by" in event.details["fields"]
    assert "Elena" not in str(event.details)


def test_a_conversation_without_who_held_it_is_refused_and_nothing_saved(
    client, login, make, workshop, owner
):
    invitation = make.invite(workshop, make.person("Ani"))
    login(owner)
    response = client.post(_prep_url(workshop, invitation), data={"conversation_on": "2027-04-20"})
    assert response.status_code == 400
    assert "Say who held the pre-workshop conversation." in response.get_data(as_text=True)
    assert db.session.scalars(select(Preparation)).all() == []


def test_a_bad_date_gets_a_message_not_a_500(client, login, make, workshop, owner):
    invitation = make.invite(workshop, make.person("Ani"))
    login(owner)
    response = client.post(
        _prep_url(workshop, invitation),
        data={"conversation_on": "not a date", "conversation_by": "X"},
    )
    assert response.status_code == 400
    assert "Not a valid date value." in response.get_data(as_text=True)


def test_an_invitation_of_another_workshop_is_not_found(client, login, make, workshop, owner):
    other = make.workshop(owner=owner)
    invitation = make.invite(other, make.person("Ani"))
    login(owner)
    assert client.get(_prep_url(workshop, invitation)).status_code == 404


def test_readiness_warns_about_unprepared_and_refuses_an_unprepared_high_risk_person(
    client, login, make, workshop, owner
):
    make.invite(workshop, make.person("Ani"))
    high = make.invite(
        workshop, make.person("Günel", risk_level=RiskLevel.HIGH, risk_reason="searched")
    )
    ids = {f.rule_id for f in review(load_workshop_page_data(workshop.uid))}
    assert {"R23", "R24"} <= ids
    login(owner)
    client.post(
        _prep_url(workshop, high),
        data={"conversation_on": "2027-04-20", "conversation_by": "Elena", "risk_assessed": "y"},
    )
    findings = {f.rule_id: f for f in review(load_workshop_page_data(workshop.uid))}
    assert "R24" not in findings
    assert findings["R23"].person_uids == (workshop.invitations[0].person.uid,)


def test_the_organiser_sets_the_retention_period_and_sees_what_is_due(client, login, make):
    organiser = make.user(Role.ORGANISER)
    old = make.workshop(title="Long ago", start_date=date(2020, 1, 1), end_date=date(2020, 1, 2))
    make.invite(old, make.person("Ani", email="ani@example.org"))
    login(organiser)
    assert "No period is set" in client.get("/admin/retention").get_data(as_text=True)
    response = client.post("/admin/retention", data={"days": "180"})
    assert response.status_code == 302
    assert db.session.get(RetentionPolicy, 1).days == 180
    page = client.get("/admin/retention").get_data(as_text=True)
    assert "Long ago" in page and "2020-01-02" in page
    # The page only shows: nothing was removed.
    db.session.expire_all()
    assert old.invitations[0].person.email == "ani@example.org"


def test_a_negative_retention_period_is_refused(client, login, make):
    login(make.user(Role.ORGANISER))
    response = client.post("/admin/retention", data={"days": "-3"})
    assert response.status_code == 400
    assert "Enter a number of days from 0 to" in response.get_data(as_text=True)
    assert db.session.get(RetentionPolicy, 1) is None


def _linked(make, workshop, risk: RiskLevel):
    from planner.participant.tokens import hash_token

    person = make.person(f"Linked {risk.value}", risk_level=risk, risk_reason="why")
    invitation = make.invite(workshop, person)
    token = f"{risk.value}-{workshop.uid}-".ljust(43, "t")
    invitation.agenda_token_hash = hash_token(token)
    invitation.calendar_token_hash = hash_token(token + "c")
    db.session.commit()
    return token


def test_a_high_risk_persons_private_links_end_with_the_workshop(client, make):
    from datetime import timedelta

    from planner.models._columns import utcnow

    today = utcnow().date()
    ended = make.workshop(start_date=today - timedelta(days=5), end_date=today - timedelta(days=2))
    running = make.workshop(
        start_date=today - timedelta(days=1), end_date=today + timedelta(days=2)
    )
    high_ended = _linked(make, ended, RiskLevel.HIGH)
    standard_ended = _linked(make, ended, RiskLevel.STANDARD)
    high_running = _linked(make, running, RiskLevel.HIGH)
    assert client.get(f"/a/{high_ended}").status_code == 404
    assert client.get(f"/c/{high_ended}c.ics").status_code == 404
    assert client.get(f"/a/{standard_ended}").status_code == 200
    assert client.get(f"/a/{high_running}").status_code == 200
