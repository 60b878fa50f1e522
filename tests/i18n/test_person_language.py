"""A person's preferred language (issue 19): chosen on the person forms, it is the language of
their e-mails and of their printed card of private links."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest

from planner.extensions import db
from planner.models import Person
from planner.outbox import cards, operations
from planner.people.csv_import import parse_roster
from planner.workshop_loading import load_workshop_head
from tests.http.test_participant import build_world

PDFTOTEXT = shutil.which("pdftotext")


def _profile(person, **changes) -> dict:
    data = {
        "name": person.name,
        "community": person.community.value,
        "segment": "",
        "languages": "hy, ru",
        "email": person.email or "",
        "risk_level": "standard",
        "age_band": "",
        "preferred_language": "",
        "version": str(person.version),
    }
    data.update(changes)
    return data


@pytest.fixture
def world(make):
    return build_world(make)


def _edit_url(world, person) -> str:
    return f"/workshops/{world.workshop.uid}/people/person/{person.uid}/edit"


def test_the_profile_form_saves_the_language_of_their_e_mails(client, login, world):
    person = world.participant.person
    login(world.owner)
    page = client.get(_edit_url(world, person)).get_data(as_text=True)
    assert "Language of their e-mails and documents" in page
    assert '<option value="hy">Հայերեն</option>' in page
    response = client.post(_edit_url(world, person), data=_profile(person, preferred_language="hy"))
    assert response.status_code == 302
    assert db.session.get(Person, person.id).preferred_language == "hy"
    again = client.get(_edit_url(world, person)).get_data(as_text=True)
    assert '<option selected value="hy">' in again
    listed = client.get(f"/workshops/{world.workshop.uid}/people").get_data(as_text=True)
    row = re.search(rf'<tr id="invitation-{world.invitation.uid}">.*?</tr>', listed, re.S)
    assert "<td>Հայերեն</td>" in row.group(0)


def test_no_choice_leaves_it_to_the_workshop(client, login, world):
    person = world.participant.person
    person.preferred_language = "ru"
    db.session.commit()
    login(world.owner)
    response = client.post(_edit_url(world, person), data=_profile(person))
    assert response.status_code == 302
    assert db.session.get(Person, person.id).preferred_language == ""


def test_a_language_without_an_interface_is_refused_and_nothing_is_saved(client, login, world):
    person = world.participant.person
    login(world.owner)
    response = client.post(_edit_url(world, person), data=_profile(person, preferred_language="de"))
    assert response.status_code == 200
    assert "Not a valid choice." in response.get_data(as_text=True)
    assert db.session.get(Person, person.id).preferred_language == ""


def test_adding_a_person_records_their_language(client, login, world):
    login(world.owner)
    response = client.post(
        f"/workshops/{world.workshop.uid}/people/new",
        data={
            "name": "Rəşad Əliyev",
            "community": "azerbaijani",
            "segment": "",
            "risk_level": "standard",
            "age_band": "",
            "preferred_language": "az",
            "role": "participant",
            "status": "invited",
            "create_anyway": "y",
        },
    )
    assert response.status_code == 302
    assert db.session.query(Person).filter_by(name="Rəşad Əliyev").one().preferred_language == "az"


def test_the_language_of_a_message_follows_the_person_then_the_account_then_the_workshop(world):
    person = world.participant.person
    head = load_workshop_head(world.workshop.uid)
    invitation = operations.invitations_for(
        head.id, operations.Recipients.SELECTION, [world.invitation.uid]
    )[0]
    person.user.preferred_language = "az"
    assert operations.recipient_language(invitation, ["ru", "en"]) == "az"
    person.preferred_language = "hy"
    assert operations.recipient_language(invitation, ["ru", "en"]) == "hy"
    # An account language the interface lacks: the workshop's first one that it has.
    person.preferred_language, person.user.preferred_language = "", "fr"
    assert operations.recipient_language(invitation, ["de", "ru", "en"]) == "ru"
    assert operations.recipient_language(invitation, ["de", "ka"]) == "en"


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) missing")
def test_each_printed_card_is_in_its_persons_language(app, world, tmp_path):
    invitations = {i.person.name: i for i in world.workshop.invitations}
    armenian, russian = invitations["Անի Հակոբյան"], invitations["Ольга Смирнова"]
    armenian.person.preferred_language = "hy"
    russian.person.preferred_language = "ru"
    db.session.commit()
    head = load_workshop_head(world.workshop.uid)
    with app.test_request_context("/"):
        made = cards.make_cards(head, [armenian, russian], actor=world.owner)
        pdf = cards.render_cards(head, made)
    assert [c.language for c in made] == ["hy", "ru"]
    path = tmp_path / "cards.pdf"
    path.write_bytes(pdf)
    text = " ".join(
        subprocess.run(
            [PDFTOTEXT, str(path), "-"], capture_output=True, check=True, text=True
        ).stdout.split()
    )
    assert "ԳԱՂՏՆԻ · միայն այս անձի համար" in text
    assert "КОНФИДЕНЦИАЛЬНО · только для этого человека" in text
    assert "CONFIDENTIAL · for this person only" not in text


def test_a_roster_line_may_name_the_language_of_the_persons_e_mails():
    header = "name,community,email,language\n"
    preview = parse_roster(
        (header + "Անի,armenian,ani@example.org,HY\nOlga,other,,\n").encode(), {}
    )
    assert preview.errors == ()
    assert [row.language for row in preview.rows] == ["hy", ""]
    refused = parse_roster((header + "Nino,other,,ka\n").encode(), {})
    assert [e.line for e in refused.errors] == [2]
    assert "language “ka” is not one of: en, ru, hy, az." in refused.errors[0].reason


def test_an_imported_person_keeps_the_language_of_their_line(client, login, world):
    login(world.owner)
    data = "name,community,language\nRəşad Əliyev,azerbaijani,az\n".encode()
    url = f"/workshops/{world.workshop.uid}/people/import"
    preview = client.post(url, data={"file": (io.BytesIO(data), "roster.csv")})
    page = preview.get_data(as_text=True)
    assert "Azərbaycanca" in page  # the preview says in which language they will be written to
    payload = re.search(r'name="payload" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post(url, data={"payload": payload}).status_code == 302
    assert db.session.query(Person).filter_by(name="Rəşad Əliyev").one().preferred_language == "az"
