"""Issue 21, item 6 through the pages: a person's gender and age band, the workshop's
format, target share of women and "parity between whom" are entered in the forms, shown
to the team in the composition, carried through the JSON brief, and never reach a
participant's page or file."""

from __future__ import annotations

import io
import json

import pytest
from pdfminer.high_level import extract_text
from sqlalchemy import select

from planner.extensions import db
from planner.models import AuditEvent, Invitation, Workshop
from planner.vocabulary import AgeBand, Community, InvitationStatus, Role, WorkshopFormat
from tests.http.test_participant import build_world, publish

GENDER = "Qadın-GENDER-WORD"  # self-described: free text, unique enough to search for


@pytest.fixture
def world(make):
    world = build_world(make)
    for invitation in world.workshop.invitations:
        invitation.person.gender = GENDER
        invitation.person.age_band = AgeBand.YOUTH
        invitation.per_diem = 77
    world.workshop.women_target_percent = 45
    db.session.commit()
    return world


def _workshop_form(workshop: Workshop, **overrides) -> dict:
    data = {
        "title": workshop.title,
        "start_date": workshop.start_date.isoformat(),
        "end_date": workshop.end_date.isoformat(),
        "timezone": workshop.timezone,
        "track": workshop.track.value,
        "confidentiality": workshop.confidentiality.value,
        "working_languages": "en",
        "venue": "",
        "version": str(workshop.version),
        "format": "problem_solving",
        "women_target_percent": "40",
        "parity_sides": ["armenian", "azerbaijani", "international"],
    }
    data.update(overrides)
    return data


def test_person_form_saves_gender_and_age_band_and_the_audit_names_fields_only(client, login, make):
    owner = make.user(Role.FACILITATOR)
    workshop = make.workshop(owner=owner)
    person = make.person(name="Nərmin Əliyeva", community=Community.AZERBAIJANI)
    make.invite(workshop, person)
    login(owner)
    url = f"/workshops/{workshop.uid}/people/person/{person.uid}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "Gender, as the person describes it" in page and "Age band" in page
    response = client.post(
        url,
        data={
            "name": person.name,
            "community": "azerbaijani",
            "segment": "",
            "languages": "az",
            "gender": "  qadın  ",
            "age_band": "18_29",
            "version": str(person.version),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(person)
    assert (person.gender, person.age_band) == ("qadın", AgeBand.YOUTH)
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "person.updated")
    ).one()
    assert set(event.details["fields"]) >= {"gender", "age_band"}
    assert "qadın" not in json.dumps(event.details, ensure_ascii=False)
    page = client.get(url).get_data(as_text=True)
    assert 'value="qadın"' in page and '<option selected value="18_29">' in page


def test_an_unknown_age_band_is_refused_and_nothing_is_saved(client, login, make):
    owner = make.user(Role.FACILITATOR)
    workshop = make.workshop(owner=owner)
    person = make.person(name="Armen Petrosyan")
    make.invite(workshop, person)
    login(owner)
    response = client.post(
        f"/workshops/{workshop.uid}/people/person/{person.uid}/edit",
        data={
            "name": "Renamed",
            "community": "armenian",
            "languages": "hy",
            "age_band": "12_17",
            "version": str(person.version),
        },
    )
    assert response.status_code in (200, 422)
    assert "Not a valid choice" in response.get_data(as_text=True)
    db.session.refresh(person)
    assert person.name == "Armen Petrosyan" and person.age_band is None


def test_workshop_form_saves_format_women_target_and_parity_sides(client, login, make):
    owner = make.user(Role.FACILITATOR)
    workshop = make.workshop(owner=owner)
    login(owner)
    page = client.get(f"/workshops/{workshop.uid}/edit").get_data(as_text=True)
    assert "Communities whose numbers must balance" in page and "Target share of women" in page
    response = client.post(f"/workshops/{workshop.uid}/edit", data=_workshop_form(workshop))
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(workshop)
    assert workshop.format == WorkshopFormat.PROBLEM_SOLVING
    assert workshop.women_target_percent == 40
    assert workshop.parity_sides == ["armenian", "azerbaijani", "international"]
    # None ticked: the two sides of the conflict again.
    data = _workshop_form(workshop, women_target_percent="")
    del data["parity_sides"]
    assert client.post(f"/workshops/{workshop.uid}/edit", data=data).status_code == 302
    db.session.refresh(workshop)
    assert workshop.parity_sides == ["armenian", "azerbaijani"]
    assert workshop.women_target_percent is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("women_target_percent", "140", "Enter a share from 0 to 100."),
        ("parity_sides", ["armenian"], "Choose at least two communities to balance"),
        ("format", "marathon", "Not a valid choice"),
    ],
)
def test_workshop_form_refuses_bad_settings_and_saves_nothing(
    client, login, make, field, value, message
):
    owner = make.user(Role.FACILITATOR)
    workshop = make.workshop(owner=owner, title="Unchanged title")
    login(owner)
    data = _workshop_form(workshop, title="Changed title", **{field: value})
    response = client.post(f"/workshops/{workshop.uid}/edit", data=data)
    assert response.status_code in (200, 422)
    assert message in response.get_data(as_text=True)
    db.session.refresh(workshop)
    assert workshop.title == "Unchanged title" and workshop.women_target_percent is None


def test_the_team_sees_gender_and_age_band_per_community(client, login, world):
    login(world.owner)
    page = client.get(f"/workshops/{world.workshop.uid}").get_data(as_text=True)
    assert "Gender and age band by community" in page
    assert "Aged 18–29 (youth)" in page
    # R20 and R22 run in the review shown to the team.
    assert "Fewer women than the target" in page


def test_participant_pages_and_files_never_show_gender_age_band_or_support(client, login, world):
    publish(world)
    login(world.participant)
    uid = world.workshop.uid
    texts = [client.get(f"/my/workshops/{uid}").get_data(as_text=True)]
    for fmt in ("md", "ics", "json", "docx"):
        url = f"/workshops/{uid}/brief.{fmt}?audience=participant"
        if fmt == "ics":
            url = f"/workshops/{uid}/agenda.ics"
        response = client.get(url)
        assert response.status_code == 200, url
        if fmt == "docx":
            from docx import Document

            document = Document(io.BytesIO(response.data))
            texts.append("\n".join(p.text for p in document.paragraphs))
        else:
            texts.append(response.get_data(as_text=True))
    pdf = client.get(f"/workshops/{uid}/brief.pdf?audience=participant")
    assert pdf.status_code == 200
    texts.append(extract_text(io.BytesIO(pdf.data)))
    participant_json = json.loads(texts[3])
    for item in participant_json["invitations"]:
        assert item["gender"] == "" and item["age_band"] is None and item["per_diem"] is None
    assert participant_json["workshop"]["women_target_percent"] is None
    for text in texts:
        assert GENDER not in text
        assert "18–29" not in text and "Per diem" not in text and "Fewer women" not in text


def test_json_brief_round_trips_the_inclusion_fields(client, login, make):
    owner = make.user(Role.FACILITATOR)
    workshop = make.workshop(
        owner=owner,
        format=WorkshopFormat.ROUNDTABLE,
        women_target_percent=30,
        parity_sides=["armenian", "azerbaijani", "international"],
    )
    person = make.person(name="Լուսինե Սարգսյան", gender="կին", age_band=AgeBand.MIDDLE)
    make.invite(workshop, person, status=InvitationStatus.CONFIRMED)
    invitation = db.session.scalars(select(Invitation)).one()
    invitation.per_diem, invitation.travel_support, invitation.room = 40, 250, True
    db.session.commit()
    login(owner)
    exported = json.loads(
        client.get(f"/workshops/{workshop.uid}/brief.json?audience=facilitator").data
    )
    assert exported["workshop"]["parity_sides"] == ["armenian", "azerbaijani", "international"]
    [item] = exported["invitations"]
    assert (item["gender"], item["age_band"], item["per_diem"], item["room"]) == (
        "կին",
        "45_59",
        40,
        True,
    )
    item["email"] = "lusine@example.org"  # a new person, not matched to the one exported
    item["name"] = "Լուսինե Սարգսյան-Նոր"
    response = client.post(
        "/workshops/import",
        data={"document": (io.BytesIO(json.dumps(exported).encode()), "brief.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    imported = db.session.scalar(
        select(Workshop).where(Workshop.owner_id == owner.id, Workshop.id != workshop.id)
    )
    assert imported.format == WorkshopFormat.ROUNDTABLE
    assert imported.women_target_percent == 30
    assert imported.parity_sides == ["armenian", "azerbaijani", "international"]
    [copy] = imported.invitations
    assert (copy.person.gender, copy.person.age_band) == ("կին", AgeBand.MIDDLE)
    assert (copy.per_diem, copy.travel_support, copy.room) == (40, 250, True)
    again = json.loads(
        client.get(f"/workshops/{imported.uid}/brief.json?audience=facilitator").data
    )
    for key in ("format", "women_target_percent", "parity_sides"):
        assert again["workshop"][key] == exported["workshop"][key]
    for key in ("gender", "age_band", "per_diem", "travel_support", "room"):
        assert again["invitations"][0][key] == item[key]
