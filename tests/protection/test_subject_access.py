"""Subject access (issue 20, item 5): every field stored about the person, nothing about
anyone else; the organiser's complete copy, the participant's own copy."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date

import pytest
from sqlalchemy import inspect

from planner.extensions import db
from planner.models import (
    Invitation,
    OutboxMessage,
    Person,
    Preparation,
    SmallGroup,
    SmallGroupMember,
    User,
)
from planner.outbox.kinds import MessageKind
from planner.protection.preparation import PreparationValues, record_preparation
from planner.protection.subject_access import (
    LINK_COLUMNS,
    WITHHELD_ACCOUNT_COLUMNS,
    WITHHELD_FROM_PARTICIPANT,
    subject_access,
)
from planner.vocabulary import AgeBand, Community, RiskLevel, Role, SessionFormat


def _columns(model) -> set[str]:
    return {attr.key for attr in inspect(model).column_attrs}


@pytest.fixture
def world(make):
    owner = make.user(Role.FACILITATOR, name="Owner Facilitator-ZZ")
    workshop = make.workshop(owner=owner, title="Tbilisi dialogue")
    experts = make.segment("experts", "Experts")
    user = make.participant_user(workshop, name="Günel İsmayılova", email="gunel@example.org")
    person = user.person
    person.segment = experts
    person.affiliation = "Community foundation, Sumgait"
    person.risk_level = RiskLevel.HIGH
    person.risk_reason = "RISK-REASON-SECRET"
    person.gender = "woman"
    person.age_band = AgeBand.ADULT
    other = make.person(
        "Other Person-YY", Community.ARMENIAN, email="other@example.org", notes="OTHER-NOTE"
    )
    other_invitation = make.invite(workshop, other)
    invitation = person.invitations[0]
    invitation.per_diem = 40
    invitation.agenda_token_hash = "f" * 64
    record_preparation(
        invitation,
        PreparationValues(
            conversation_on=date(2027, 4, 1), conversation_by="Elena", risk_assessed=True
        ),
    )
    session = make.session(workshop, format=SessionFormat.SMALL_GROUPS, title="Groups-XX")
    group = SmallGroup(session=session, number=2)
    db.session.add(group)
    db.session.flush()
    for inv in (invitation, other_invitation):
        db.session.add(SmallGroupMember(group_id=group.id, invitation_id=inv.id))
    db.session.add(
        OutboxMessage(
            workshop_id=workshop.id,
            invitation_id=invitation.id,
            kind=MessageKind.INVITATION,
            subject="Invitation",
            body="Dear Günel, MESSAGE-BODY-q3",
            message_id="<sar@planner.test>",
            sent_to="gunel@example.org",
        )
    )
    db.session.add(
        OutboxMessage(
            workshop_id=workshop.id,
            invitation_id=other_invitation.id,
            kind=MessageKind.INVITATION,
            subject="Invitation",
            body="Dear Other, OTHER-MESSAGE-q4",
            message_id="<sar-other@planner.test>",
            sent_to="other@example.org",
        )
    )
    db.session.commit()
    return user, person, invitation, other, owner


def test_the_complete_copy_holds_every_column_of_every_record_about_the_person(app, world):
    user, person, invitation, other, owner = world
    data = subject_access(person)
    # A column added to a model later and not exported fails here.
    assert _columns(Person) <= set(data["person"])
    (entry,) = data["invitations"]
    assert _columns(Invitation) <= set(entry)
    assert _columns(Preparation) <= set(entry["preparation"])
    (message,) = entry["messages"]
    assert _columns(OutboxMessage) <= set(message)
    assert message["body"] == "Dear Günel, MESSAGE-BODY-q3"
    assert _columns(User) - set(WITHHELD_ACCOUNT_COLUMNS) <= set(data["account"])
    assert set(data["account"]["withheld"]) == set(WITHHELD_ACCOUNT_COLUMNS)
    assert data["person"]["email"] == "gunel@example.org"
    assert data["person"]["risk_level"] == "high"
    assert data["person"]["risk_reason"] == "RISK-REASON-SECRET"
    assert data["person"]["segment_name"] == "Experts"
    assert entry["per_diem"] == 40
    assert entry["preparation"]["conversation_by"] == "Elena"
    assert entry["small_groups"] == [
        {"session": "Groups-XX", "day": invitation.workshop.start_date.isoformat(), "group": 2}
    ]
    assert entry["workshop"]["title"] == "Tbilisi dialogue"
    assert {c: entry[c] for c in LINK_COLUMNS} == {
        "agenda_token_hash": "set",
        "calendar_token_hash": None,
    }
    assert any(e["action"] == "invitation.preparation_recorded" for e in data["audit_events"])


def test_the_copy_holds_nothing_about_anyone_else(app, world):
    user, person, invitation, other, owner = world
    text = json.dumps(subject_access(person), ensure_ascii=False)
    foreign_texts = (other.name, other.email, other.notes, other.uid, owner.name, owner.email)
    for foreign in (*foreign_texts, "OTHER-MESSAGE-q4"):
        assert foreign not in text
    assert user.password_hash not in text and user.session_token not in text
    assert "f" * 64 not in text


def test_the_participants_own_copy_withholds_the_teams_fields_by_name(app, world):
    user, person, invitation, other, owner = world
    data = subject_access(person, for_participant=True)
    assert _columns(Person) <= set(data["person"])
    for column in WITHHELD_FROM_PARTICIPANT:
        assert data["person"][column].startswith("kept by the organisers")
    text = json.dumps(data, ensure_ascii=False)
    assert "RISK-REASON-SECRET" not in text
    assert data["invitations"][0]["preparation"].startswith("kept by the organisers")
    assert data["person"]["email"] == "gunel@example.org"


def test_a_signed_in_participant_downloads_their_own_data(client, login, world):
    user, person, invitation, other, owner = world
    login(user)
    response = client.get("/my/data.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert person.uid in response.headers["Content-Disposition"]
    assert "Günel" not in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["copy"] == "participant" and data["person"]["uid"] == person.uid
    assert "RISK-REASON-SECRET" not in response.get_data(as_text=True)


def test_the_organiser_downloads_the_complete_copy(client, login, make, world):
    user, person, invitation, other, owner = world
    login(make.user(Role.ORGANISER))
    page = client.get(f"/admin/people/{person.uid}/data").get_data(as_text=True)
    assert "Download as JSON" in page and "Correct the profile" in page and "Erase" in page
    data = client.get(f"/admin/people/{person.uid}/data.json").get_json()
    assert data["copy"] == "complete"
    assert data["person"]["risk_reason"] == "RISK-REASON-SECRET"


def test_an_unknown_person_is_not_found(client, login, make, world):
    login(make.user(Role.ORGANISER))
    assert client.get("/admin/people/nobody-here/data.json").status_code == 404


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_the_pdf_shows_the_same_data_in_every_script(client, login, make, world, tmp_path):
    user, person, invitation, other, owner = world
    login(make.user(Role.ORGANISER))
    response = client.get(f"/admin/people/{person.uid}/data.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    path = tmp_path / "data.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Günel İsmayılova" in text
    assert "RISK-REASON-SECRET" in text
    assert "Other Person-YY" not in text
