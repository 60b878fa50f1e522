"""People are shared across workshops, their profiles are not (review finding, PRODUCT §2).

Facilitator B must not reach facilitator A's participant — name, email, notes, or the
right to edit them — through any of the four ways of attaching an existing person to a
workshop: the name search, inviting by public id, the CSV roster import and the JSON
workshop import. Organisers keep the full behaviour; a co-facilitator of A's workshop
knows A's people.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from planner.extensions import db
from planner.models import Invitation, Person, User, Workshop
from planner.vocabulary import Confidentiality, Role

SECRET = "A-PRIVATE-NOTE-ABOUT-ANI"
EMAIL = "ani.hakobyan@example.org"
REFUSAL = "This email cannot be used here; ask an organiser to invite this person."


@dataclass
class Scene:
    a: User
    b: User
    organiser: User
    workshop_a: Workshop
    workshop_b: Workshop
    ani: Person


@pytest.fixture
def scene(make) -> Scene:
    a = make.user(Role.FACILITATOR, name="Facilitator A")
    b = make.user(Role.FACILITATOR, name="Facilitator B")
    workshop_a = make.workshop(owner=a, title="A's workshop")
    workshop_b = make.workshop(owner=b, title="B's workshop")
    ani = make.person(
        "Անի Հակոբյան",
        name_alt="Ani Hakobyan",
        email=EMAIL,
        notes=SECRET,
        affiliation="YEREVAN-AFFILIATION",
    )
    make.invite(workshop_a, ani)
    return Scene(a, b, make.user(Role.ORGANISER), workshop_a, workshop_b, ani)


def _people(workshop: Workshop, tail: str = "") -> str:
    return f"/workshops/{workshop.uid}/people{tail}"


def _invitations_of(person: Person) -> set[int]:
    return set(
        db.session.scalars(select(Invitation.workshop_id).where(Invitation.person_id == person.id))
    )


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _assert_nothing_about_ani(page: str, *, email_echoed: bool = False) -> None:
    """Nothing of Ani's record in the page (the email only where the form echoes it back)."""
    leaks = ["Անի Հակոբյան", "Ani Hakobyan", "YEREVAN-AFFILIATION", SECRET]
    if not email_echoed:
        leaks.append(EMAIL)
    for leak in leaks:
        assert leak.casefold() not in page.casefold(), leak


# (d) The name search


@pytest.mark.parametrize("query", ["Անի", "ani hakobyan", EMAIL])
def test_facilitator_b_does_not_find_a_participant_of_a(client, login, scene, query):
    login(scene.b)
    response = client.get(_people(scene.workshop_b, "/find"), query_string={"q": query})
    assert response.status_code == 200
    page = response.get_data(as_text=True).replace(f'value="{query}"', "")  # the search field
    _assert_nothing_about_ani(page)
    assert scene.ani.uid not in page


def test_search_hides_people_of_off_the_record_workshops_and_without_consent(
    client, login, make, scene
):
    off_record = make.workshop(confidentiality=Confidentiality.OFF_THE_RECORD)
    make.invite(off_record, make.person("Toğrul OFF-RECORD"))
    make.invite(make.workshop(), make.person("Toğrul NO-CONSENT", consent_to_list=False))
    login(scene.b)
    page = client.get(_people(scene.workshop_b, "/find"), query_string={"q": "toğrul"}).get_data(
        as_text=True
    )
    assert "OFF-RECORD" not in page and "NO-CONSENT" not in page


def test_facilitator_finds_people_of_workshops_they_own_or_co_facilitate(
    client, login, make, scene
):
    co = make.user(Role.FACILITATOR)
    scene.workshop_a.co_facilitators.append(co)
    db.session.commit()
    for user in (scene.a, co):
        client.post("/logout")
        login(user)
        page = client.get(_people(scene.workshop_a, "/find"), query_string={"q": "ani"}).get_data(
            as_text=True
        )
        assert "Անի Հակոբյան" in page and EMAIL in page
        assert SECRET not in page  # notes are never shown in results


def test_organiser_still_finds_everyone(client, login, scene):
    login(scene.organiser)
    page = client.get(_people(scene.workshop_b, "/find"), query_string={"q": EMAIL}).get_data(
        as_text=True
    )
    assert "Անի Հակոբյան" in page and EMAIL in page


def test_add_page_does_not_offer_a_participant_of_a_as_a_possible_duplicate(client, login, scene):
    login(scene.b)
    response = client.post(
        _people(scene.workshop_b, "/new"),
        data={"name": "Անի Հակոբյան", "community": "armenian", "segment": "", "languages": "hy"},
    )
    page = response.get_data(as_text=True)
    assert scene.ani.uid not in page and "YEREVAN-AFFILIATION" not in page
    assert "Invite this existing person instead" not in page


def test_add_page_with_a_participant_of_as_email_shows_nobody(client, login, scene):
    login(scene.b)
    response = client.post(
        _people(scene.workshop_b, "/new"),
        data={
            "name": "Someone New",
            "community": "armenian",
            "segment": "",
            "languages": "hy",
            "email": EMAIL.upper(),
            "create_anyway": "None of these: create a new person",
        },
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    _assert_nothing_about_ani(page, email_echoed=True)
    assert scene.ani.uid not in page
    assert _invitations_of(scene.ani) == {scene.workshop_a.id}


# (c) Inviting by public id


def test_facilitator_b_cannot_invite_a_participant_of_a(client, login, scene):
    login(scene.b)
    response = client.post(
        _people(scene.workshop_b, "/invite"), data={"person": scene.ani.uid, "role": "participant"}
    )
    assert response.status_code == 404
    assert _invitations_of(scene.ani) == {scene.workshop_a.id}
    # ...and so can neither open nor change the profile from B's workshop.
    edit = _people(scene.workshop_b, f"/person/{scene.ani.uid}/edit")
    assert client.get(edit).status_code == 404
    assert (
        client.post(edit, data={"name": "X", "community": "other", "version": "1"}).status_code
        == 404
    )
    db.session.refresh(scene.ani)
    assert scene.ani.notes == SECRET and scene.ani.name == "Անի Հակոբյան"


def test_organiser_may_invite_anyone(client, login, scene):
    login(scene.organiser)
    response = client.post(
        _people(scene.workshop_b, "/invite"), data={"person": scene.ani.uid, "role": "participant"}
    )
    assert response.status_code == 302
    assert _invitations_of(scene.ani) == {scene.workshop_a.id, scene.workshop_b.id}


def test_a_may_invite_their_participant_to_another_of_their_workshops(client, login, make, scene):
    second = make.workshop(owner=scene.a)
    login(scene.a)
    response = client.post(
        _people(second, "/invite"), data={"person": scene.ani.uid, "role": "participant"}
    )
    assert response.status_code == 302
    assert second.id in _invitations_of(scene.ani)


# (b) The CSV roster import

ROSTER = (
    "name,community,segment,affiliation,languages,email,consent,role,status\r\n"
    "Olga Smirnova,international,,OSCE,ru,olga@example.org,yes,participant,invited\r\n"
    "Made Up Name,armenian,,,hy,{email},yes,participant,invited\r\n"
)


def _upload(client, workshop, content: str):
    return client.post(
        _people(workshop, "/import"),
        data={"file": (io.BytesIO(content.encode()), "roster.csv")},
        content_type="multipart/form-data",
    )


def _payload(page: str) -> str:
    match = re.search(r'name="payload"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="payload"', page
    )
    assert match, "the preview has no confirm form"
    return match.group(1)


def test_csv_line_with_a_participant_of_as_email_is_refused_neutrally(client, login, scene):
    login(scene.b)
    page = _upload(client, scene.workshop_b, ROSTER.format(email=EMAIL.upper())).get_data(
        as_text=True
    )
    assert "The file cannot be imported" in page
    assert re.search(r'<th scope="row">3</th><td>' + re.escape(REFUSAL), page)
    assert "Import these people" not in page
    _assert_nothing_about_ani(page)
    assert _count(Person) == 1 and _invitations_of(scene.ani) == {scene.workshop_a.id}


def test_csv_confirmed_after_the_email_was_taken_is_refused(client, login, make, scene):
    login(scene.b)
    payload = _payload(
        _upload(client, scene.workshop_b, ROSTER.format(email="new@example.org")).get_data(
            as_text=True
        )
    )
    taken = make.person("Registered by A", email="NEW@example.org", notes="A-ONLY")
    make.invite(scene.workshop_a, taken)
    page = client.post(
        _people(scene.workshop_b, "/import"), data={"payload": payload}, follow_redirects=True
    ).get_data(as_text=True)
    assert REFUSAL in page
    assert "A-ONLY" not in page and "Registered by A" not in page
    assert _invitations_of(taken) == {scene.workshop_a.id}
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 2  # A's two


def test_organiser_csv_import_invites_the_existing_person(client, login, scene):
    login(scene.organiser)
    page = _upload(client, scene.workshop_b, ROSTER.format(email=EMAIL)).get_data(as_text=True)
    assert "Invite Անի Հակոբյան (same email)" in page
    response = client.post(_people(scene.workshop_b, "/import"), data={"payload": _payload(page)})
    assert response.status_code == 302
    assert _invitations_of(scene.ani) == {scene.workshop_a.id, scene.workshop_b.id}


# (a) The JSON workshop import


def _document_naming(client, login, make, scene, email: str) -> bytes:
    """B's own workshop brief, with one invitation's email changed to ``email``."""
    make.invite(scene.workshop_b, make.person("Made Up Name", email="made.up@example.org"))
    login(scene.b)
    document = json.loads(
        client.get(f"/workshops/{scene.workshop_b.uid}/brief.json?audience=facilitator").data
    )
    (invitation,) = document["invitations"]
    invitation["email"] = email
    return json.dumps(document).encode()


def _import(client, raw: bytes):
    return client.post(
        "/workshops/import",
        data={"document": (io.BytesIO(raw), "brief.json")},
        content_type="multipart/form-data",
    )


def test_json_import_naming_a_participant_of_a_is_refused_neutrally(client, login, make, scene):
    raw = _document_naming(client, login, make, scene, EMAIL.upper())
    before = _count(Workshop)
    response = _import(client, raw)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Invitation 1 (Made Up Name): " + REFUSAL in page
    _assert_nothing_about_ani(page)
    assert _count(Workshop) == before
    assert _invitations_of(scene.ani) == {scene.workshop_a.id}


def test_json_import_from_the_command_line_as_b_is_refused(
    client, login, make, runner, scene, tmp_path
):
    path = tmp_path / "brief.json"
    path.write_bytes(_document_naming(client, login, make, scene, EMAIL))
    result = runner.invoke(args=["import-workshop", str(path), "--owner", scene.b.email])
    assert result.exit_code != 0 and REFUSAL in result.output
    assert _invitations_of(scene.ani) == {scene.workshop_a.id}


def test_organiser_json_import_reuses_the_existing_person(client, login, make, scene):
    raw = _document_naming(client, login, make, scene, EMAIL)
    client.post("/logout")
    login(scene.organiser)
    assert _import(client, raw).status_code == 302
    assert len(_invitations_of(scene.ani)) == 2
    assert _count(Person) == 2  # Ani and the made-up person of B's workshop, nobody new


def test_json_import_by_a_reuses_their_own_participant(client, login, make, scene):
    raw = _document_naming(client, login, make, scene, EMAIL)
    client.post("/logout")
    login(scene.a)
    assert _import(client, raw).status_code == 302
    assert len(_invitations_of(scene.ani)) == 2


# B's brief


def test_bs_briefs_never_hold_as_participant_after_every_attempt(client, login, make, scene):
    raw = _document_naming(client, login, make, scene, EMAIL)
    _import(client, raw)
    _upload(client, scene.workshop_b, ROSTER.format(email=EMAIL))
    client.post(
        _people(scene.workshop_b, "/invite"), data={"person": scene.ani.uid, "role": "participant"}
    )
    for workshop in db.session.scalars(select(Workshop).where(Workshop.owner_id == scene.b.id)):
        for fmt in ("md", "json"):
            response = client.get(f"/workshops/{workshop.uid}/brief.{fmt}?audience=facilitator")
            assert response.status_code == 200
            body = response.get_data(as_text=True)
            assert SECRET not in body and EMAIL not in body and "Անի" not in body
        roster = client.get(f"/workshops/{workshop.uid}/roster.csv").get_data(as_text=True)
        assert EMAIL not in roster and SECRET not in roster
    assert _invitations_of(scene.ani) == {scene.workshop_a.id}


def test_a_participant_of_a_stays_listed_in_as_brief(client, login, scene):
    login(scene.a)
    body = client.get(f"/workshops/{scene.workshop_a.uid}/brief.md?audience=facilitator").get_data(
        as_text=True
    )
    assert "Անի Հակոբյան" in body
