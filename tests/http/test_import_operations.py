"""The JSON import is built on the pages' operations (issue 15, item 2).

An imported brief is held to the agenda editor's and the add-person form's rules, writes the
audit events those operations write, refuses a participant copy, and reports, line by line,
what it did not take from the file.
"""

from __future__ import annotations

import io
import json
from datetime import time

import pytest
from sqlalchemy import func, select

from planner.crypto import email_hash
from planner.extensions import db
from planner.models import AuditEvent, Person, Session, Workshop
from planner.vocabulary import Community, Role


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _import(client, document: dict, *, follow: bool = False):
    return client.post(
        "/workshops/import",
        data={"document": (io.BytesIO(json.dumps(document).encode()), "brief.json")},
        content_type="multipart/form-data",
        follow_redirects=follow,
    )


@pytest.fixture
def facilitator(make):
    return make.user(Role.FACILITATOR)


@pytest.fixture
def workshop(make, facilitator):
    """A facilitator's workshop at a catalogue venue: one session, one invited person."""
    venue = make.venue(name="Tbilisi conference centre", capacity=40)
    workshop = make.workshop(owner=facilitator, venue=venue)
    make.session(workshop, title="Opening", start_time=time(9, 0), position=0)
    make.invite(workshop, make.person(name="Ani Hakobyan", email="ani@example.org"))
    return workshop


@pytest.fixture
def exported(client, login, facilitator, workshop) -> dict:
    """``workshop`` as its facilitator JSON brief, exported (and signed in) by its owner."""
    login(facilitator)
    response = client.get(f"/workshops/{workshop.uid}/brief.json?audience=facilitator")
    assert response.status_code == 200
    return json.loads(response.data)


def _imported(facilitator, workshop) -> Workshop | None:
    return db.session.scalar(
        select(Workshop).where(Workshop.owner_id == facilitator.id, Workshop.id != workshop.id)
    )


def _new_person(name: str = "  Gor   Avetisyan ", **overrides) -> dict:
    item = {
        "invitation_uid": "new-1",
        "person_uid": "p-new-1",
        "name": name,
        "community": "armenian",
        "segment_key": None,
        "segment_name": "",
        "affiliation": " Gyumri\ntraders ",
        "languages": ["HY", "ru", "hy"],
        "email": " Gor.Avetisyan@Example.ORG ",
        "consent_to_list": True,
        "notes": "  Speaks first.  ",
        "role": "participant",
        "status": "confirmed",
    }
    item.update(overrides)
    return item


# The defects of issue 15: what the pages refuse, the import used to take.


def test_import_refuses_two_sessions_for_everyone_at_nine_and_saves_nothing(
    client, exported, facilitator, workshop
):
    second = dict(exported["sessions"][0], uid="second", title="Also at nine", position=1)
    exported["sessions"].append(second)
    response = _import(client, exported)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "overlaps" in text and "Also at nine" in text
    assert _imported(facilitator, workshop) is None and _count(Session) == 1


def test_import_writes_the_audit_events_of_the_operations_it_calls(client, exported):
    before = _count(AuditEvent)
    assert _import(client, exported).status_code == 302
    actions = list(
        db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id).offset(before))
    )
    for action in ("workshop.created", "invitation.created", "session.create", "workshop.imported"):
        assert action in actions, actions


def test_import_normalises_a_new_person_as_the_add_person_form_does(
    client, exported, facilitator, workshop
):
    exported["invitations"].append(_new_person())
    assert _import(client, exported).status_code == 302
    person = db.session.scalar(select(Person).where(Person.name.like("%Avetisyan%")))
    assert person.name == "Gor Avetisyan"
    assert person.affiliation == "Gyumri traders"
    assert person.languages == ["hy", "ru"]
    assert person.email == "Gor.Avetisyan@example.org"
    assert person.notes == "Speaks first."


def test_import_refuses_a_person_with_an_unknown_language_naming_the_line(client, exported):
    exported["invitations"].append(_new_person(languages=["klingon"]))
    response = _import(client, exported)
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "Invitation 2" in text and "klingon" in text
    assert _count(Workshop) == 1


def test_import_refuses_a_participant_copy(client, exported):
    exported["audience"] = "participant"
    response = _import(client, exported)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This is a participant copy; import the facilitator brief." in text
    assert _count(Workshop) == 1


# What the import did not take, line by line.


def test_import_reports_a_matched_persons_other_community_and_keeps_theirs(client, exported):
    exported["invitations"][0]["community"] = "azerbaijani"
    response = _import(client, exported, follow=True)
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and response.request.path == "/workshops/import"
    assert "Invitation 1 (Ani Hakobyan)" in text and "community" in text
    assert "Azerbaijani" in text and "Armenian" in text
    # Addresses are encrypted at rest (issue 20): found through their keyed hash.
    person = db.session.scalar(
        select(Person).where(Person.email_hash == email_hash("ani@example.org"))
    )
    assert person.community == Community.ARMENIAN
    assert _count(Workshop) == 2


def test_import_reports_a_matched_venues_other_capacity(client, exported):
    exported["workshop"]["venue"]["capacity"] = 120
    text = _import(client, exported, follow=True).get_data(as_text=True)
    assert "Tbilisi conference centre" in text and "capacity" in text
    assert "40" in text and "120" in text


def test_import_reports_an_end_that_disagrees_with_the_duration(client, exported):
    exported["sessions"][0]["end"] = "11:15"
    text = _import(client, exported, follow=True).get_data(as_text=True)
    assert "Opening" in text and "11:15" in text and "10:00" in text
    imported = db.session.scalars(select(Session).order_by(Session.id.desc())).first()
    assert imported.duration_minutes == 60


def test_import_page_links_to_the_workshop_it_reports_on(client, exported, facilitator, workshop):
    exported["sessions"][0]["end"] = "11:15"
    text = _import(client, exported, follow=True).get_data(as_text=True)
    assert f'href="/workshops/{_imported(facilitator, workshop).uid}"' in text


def test_import_report_is_shown_once(client, exported):
    exported["sessions"][0]["end"] = "11:15"
    assert "11:15" in _import(client, exported, follow=True).get_data(as_text=True)
    assert "11:15" not in client.get("/workshops/import").get_data(as_text=True)


def test_import_without_a_report_goes_to_the_workshop(client, exported, facilitator, workshop):
    response = _import(client, exported)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/workshops/{_imported(facilitator, workshop).uid}"


def test_cli_import_prints_what_it_did_not_take(runner, exported, facilitator, tmp_path):
    exported["workshop"]["venue"]["capacity"] = 120
    path = tmp_path / "brief.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    result = runner.invoke(args=["import-workshop", str(path), "--owner", facilitator.email])
    assert result.exit_code == 0, result.output
    assert "Imported" in result.output and "capacity" in result.output
