"""Issue 14: forms and exports that told someone more than they may know.

Every answer here must be the same whether or not an account or an email exists, and an
off-the-record workshop's participant exports must name no participant at all.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from types import SimpleNamespace

import pytest
from docx import Document
from sqlalchemy import func, select

from planner.agenda.publishing import publish_agenda
from planner.extensions import db
from planner.models import Invitation, Person, SmallGroup, SmallGroupMember
from planner.people.operations import EMAIL_NOT_USABLE
from planner.redaction import GENERIC_PARTICIPANT, forbidden_strings, viewer_for_invitation
from planner.vocabulary import Community, Confidentiality, Role, SessionFormat
from planner.workshop_loading import load_workshop_page_data
from planner.workshops.operations import CANNOT_JOIN_TEAM
from tests.http.workshop_fixtures import make_cast, page, reload

# --------------------------------------------------------------------------- the team form


@pytest.fixture
def cast(make):
    return make_cast(make)


def _add_to_team(client, uid: str, email: str):
    return client.post(
        f"/workshops/{uid}/team", data={"action": "add", "email": email}, follow_redirects=True
    )


def _who_cannot_join(make, cast) -> dict[str, str]:
    """One address of every kind that cannot join the team."""
    return {
        "unknown": "nobody-at-all@example.org",
        "participant": make.participant_user(name="Անի Հակոբյան").email,
        "invited participant": cast.invited.email,
        "organiser": make.user(Role.ORGANISER, name="Organiser Orsolya").email,
        "inactive facilitator": make.user(
            Role.FACILITATOR, name="Inactive Ilham", active=False
        ).email,
    }


def test_adding_someone_who_cannot_join_gives_one_answer_whoever_holds_the_address(
    client, login, make, cast
):
    addresses = _who_cannot_join(make, cast)
    login(cast.owner)
    answers = {}
    for kind, email in addresses.items():
        body = page(_add_to_team(client, cast.uid, email))
        assert CANNOT_JOIN_TEAM in body, kind
        # Whatever surrounds the message may differ only by the address typed in the form.
        answers[kind] = body.replace(email, "<address>")
    assert len(set(answers.values())) == 1
    assert [u.id for u in reload(cast.workshop).co_facilitators] == [cast.co.id]


def test_the_refusal_names_nobody(client, login, make, cast):
    addresses = _who_cannot_join(make, cast)
    names = ["Անի Հակոբյան", "Organiser Orsolya", "Inactive Ilham", cast.invited.name]
    login(cast.owner)
    for email in addresses.values():
        body = page(_add_to_team(client, cast.uid, email))
        assert not [name for name in names if name in body], email


def test_the_added_colleague_is_named_once_they_are_on_the_team(client, login, cast):
    login(cast.owner)
    assert f"{cast.outsider.name} joined the team." in page(
        _add_to_team(client, cast.uid, cast.outsider.email)
    )


@pytest.fixture
def throttled(throttled_app):
    return throttled_app(TEAM_ADD_LIMIT="3 per minute")


def _signed_in(application, user):
    from tests.factories import PASSWORD

    client = application.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _throttled_cast():
    from tests.factories import Factories

    return make_cast(Factories())


def test_trying_addresses_on_the_team_form_is_throttled_per_user(throttled):
    cast = _throttled_cast()
    client = _signed_in(throttled, cast.owner)
    for n in range(3):
        assert _add_to_team(client, cast.uid, f"guess{n}@example.org").status_code == 200
    blocked = _add_to_team(client, cast.uid, cast.outsider.email)
    assert blocked.status_code == 429
    assert [u.id for u in reload(cast.workshop).co_facilitators] == [cast.co.id]


def test_the_team_throttle_counts_each_user_separately(throttled):
    cast = _throttled_cast()
    owner = _signed_in(throttled, cast.owner)
    for n in range(4):
        _add_to_team(owner, cast.uid, f"guess{n}@example.org")
    organiser = _signed_in(throttled, cast.organiser)
    assert f"{cast.outsider.name} joined the team." in page(
        _add_to_team(organiser, cast.uid, cast.outsider.email)
    )


def test_removing_and_viewing_the_team_are_not_throttled(throttled):
    cast = _throttled_cast()
    client = _signed_in(throttled, cast.owner)
    for n in range(3):
        _add_to_team(client, cast.uid, f"guess{n}@example.org")
    assert client.get(f"/workshops/{cast.uid}/team").status_code == 200
    removed = client.post(
        f"/workshops/{cast.uid}/team",
        data={"action": "remove", "email": cast.co.email},
        follow_redirects=True,
    )
    assert removed.status_code == 200 and "left the team." in page(removed)


# --------------------------------------------------------------------------- people forms


def _profile(**overrides) -> dict:
    data = {
        "name": "Ольга Смирнова",
        "name_alt": "",
        "community": Community.INTERNATIONAL.value,
        "segment": "",
        "affiliation": "OSCE",
        "languages": "ru, en",
        "email": "",
        "notes": "",
        "role": "participant",
        "status": "invited",
        "create_anyway": "None of these: create a new person",
    }
    data.update(overrides)
    return data


def _people_named(name: str) -> int:
    return db.session.scalar(select(func.count()).select_from(Person).where(Person.name == name))


def test_add_person_with_a_taken_email_gives_the_import_wording(client, login, make, cast):
    make.person("Secret Stranger", email="stranger@example.org", notes="STRANGER-NOTE")
    login(cast.owner)
    response = client.post(
        f"/workshops/{cast.uid}/people/new", data=_profile(email="STRANGER@example.org")
    )
    body = page(response)
    assert response.status_code == 200
    assert EMAIL_NOT_USABLE in body
    assert "already registered" not in body and "already has this email" not in body
    assert "Secret Stranger" not in body and "STRANGER-NOTE" not in body
    assert _people_named("Ольга Смирнова") == 0


def test_edit_person_to_a_taken_email_gives_the_import_wording(client, login, make, cast):
    make.person("Secret Stranger", email="stranger@example.org")
    person = make.person("Ольга Смирнова", community=Community.INTERNATIONAL)
    make.invite(cast.workshop, person)
    login(cast.owner)
    data = _profile(email="stranger@example.org", version="1")
    response = client.post(f"/workshops/{cast.uid}/people/person/{person.uid}/edit", data=data)
    body = page(response)
    assert response.status_code == 200
    assert EMAIL_NOT_USABLE in body
    assert "already has this email" not in body and "already registered" not in body
    db.session.refresh(person)
    assert person.email is None


# --------------------------------------------------------------------------- off the record


OWN_NAME = "Անի Հակոբյան-OWN"
OWN_EMAIL = "ani.own-record@example.org"
OTHER_NAME = "Aygün Məmmədova-OTHER"
pdftotext = shutil.which("pdftotext")


@pytest.fixture
def off_record(make):
    """A published off-the-record workshop: Ani (signed in) and Aygün, who consented,
    share a small group of the first session."""
    workshop = make.workshop(title="Quiet meeting", confidentiality=Confidentiality.OFF_THE_RECORD)
    session = make.session(workshop, title="Small groups", format=SessionFormat.SMALL_GROUPS)
    ani = make.participant_user(
        workshop, community=Community.ARMENIAN, name=OWN_NAME, email=OWN_EMAIL
    )
    aygun = make.person(
        OTHER_NAME, community=Community.AZERBAIJANI, email="aygun.other@example.org"
    )
    make.invite(workshop, aygun)
    own = db.session.scalar(
        select(Invitation).join(Invitation.person).where(Person.user_id == ani.id)
    )
    group = SmallGroup(number=2)
    session.groups.append(group)
    group.members.extend(
        [SmallGroupMember(invitation=own), SmallGroupMember(invitation=aygun.invitations[0])]
    )
    db.session.commit()
    publish_agenda(workshop, load_workshop_page_data(workshop.uid), None)
    db.session.commit()
    return SimpleNamespace(
        workshop=workshop,
        session=session,
        participant=ani,
        own=own,
        organiser=make.user(Role.ORGANISER),
    )


def _text(fmt: str, content: bytes) -> str:
    if fmt == "pdf":
        if pdftotext is None:
            pytest.skip("pdftotext (poppler-utils) missing")
        result = subprocess.run(
            [pdftotext, "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
        )
        return " ".join(result.stdout.decode("utf-8").split())
    if fmt == "docx":
        document = Document(io.BytesIO(content))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    return content.decode("utf-8").replace("\\", "")  # Markdown escapes


def _assert_names_no_participant(world, text: str, viewer_uid: str | None) -> None:
    assert not re.search(r"\bParticipants\b", text), "a Participants section"
    for secret in (OWN_NAME, OWN_EMAIL, OTHER_NAME, "aygun.other@example.org"):
        assert secret not in text
    data = load_workshop_page_data(world.workshop.uid)
    viewer = viewer_for_invitation(data, viewer_uid) if viewer_uid else GENERIC_PARTICIPANT
    assert [s for s in forbidden_strings(data, viewer) if s in text] == []


WORKSHOP_FORMATS = ["pdf", "docx", "md", "json"]


@pytest.mark.parametrize("fmt", WORKSHOP_FORMATS)
def test_off_the_record_participant_brief_names_not_even_its_reader(client, login, off_record, fmt):
    login(off_record.participant)
    response = client.get(f"/workshops/{off_record.workshop.uid}/brief.{fmt}?audience=participant")
    assert response.status_code == 200
    text = _text(fmt, response.data)
    assert "Small groups" in text  # the agenda is there
    _assert_names_no_participant(off_record, text, off_record.own.uid)


@pytest.mark.parametrize("fmt", ["pdf", "md"])
def test_off_the_record_participant_session_brief_names_nobody(client, login, off_record, fmt):
    login(off_record.participant)
    response = client.get(
        f"/workshops/{off_record.workshop.uid}/sessions/{off_record.session.uid}"
        f"/brief.{fmt}?audience=participant"
    )
    assert response.status_code == 200
    text = _text(fmt, response.data)
    assert "group 2" in text.lower()  # they still learn which group they are in
    _assert_names_no_participant(off_record, text, off_record.own.uid)


def test_off_the_record_json_brief_has_no_invitations(client, login, off_record):
    login(off_record.participant)
    response = client.get(f"/workshops/{off_record.workshop.uid}/brief.json?audience=participant")
    document = json.loads(response.data)
    assert document["invitations"] == []
    assert all(g["members"] == [] for s in document["sessions"] for g in s["groups"])


@pytest.mark.parametrize("fmt", WORKSHOP_FORMATS)
def test_off_the_record_organisers_participant_copy_names_nobody(client, login, off_record, fmt):
    login(off_record.organiser)
    response = client.get(f"/workshops/{off_record.workshop.uid}/brief.{fmt}?audience=participant")
    assert response.status_code == 200
    _assert_names_no_participant(off_record, _text(fmt, response.data), None)


@pytest.mark.parametrize("fmt", WORKSHOP_FORMATS)
def test_off_the_record_command_line_participant_copy_names_nobody(
    runner, off_record, tmp_path, fmt
):
    out = tmp_path / f"brief.{fmt}"
    result = runner.invoke(
        args=[
            "export",
            off_record.workshop.uid,
            "--format",
            fmt,
            "--audience",
            "participant",
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    _assert_names_no_participant(off_record, _text(fmt, out.read_bytes()), None)


def test_off_the_record_agenda_page_still_answers_the_participant(client, login, off_record):
    login(off_record.participant)
    body = page(client.get(f"/my/workshops/{off_record.workshop.uid}"))
    assert "You are in group 2." in body
    assert OTHER_NAME not in body
    assert "the list of participants is not shared" in body
