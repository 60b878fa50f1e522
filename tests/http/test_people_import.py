"""Bulk adding people from a CSV roster (issue 3, item 8): preview, then confirm, all or nothing."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from planner.extensions import db
from planner.models import AuditEvent, Invitation, Person
from planner.vocabulary import Community, InvitationRole, InvitationStatus, Role

GOOD = (
    "name,community,segment,affiliation,languages,email,consent,role,status\r\n"
    'Անի Հակոբյան,Armenian,experts,Yerevan State University,"hy, ru",ani@example.org,yes,participant,confirmed\r\n'
    "Aygün Məmmədova,azerbaijani,Experts,Baku,az,aygun@example.org,no,observer,invited\r\n"
    # Labels are read like values ("Resource person"); a co-facilitator needs an account.
    "Ольга Смирнова,international,,OSCE,ru,,1,Resource person,Confirmed\r\n"
)


@pytest.fixture
def owner(make):
    return make.user(Role.FACILITATOR)


@pytest.fixture
def workshop(make, owner):
    make.segment("experts", "Experts")
    return make.workshop(owner=owner)


@pytest.fixture
def as_owner(login, owner):
    login(owner)
    return owner


def _url(workshop) -> str:
    return f"/workshops/{workshop.uid}/people/import"


def _upload(client, workshop, content: str | bytes, filename: str = "roster.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return client.post(
        _url(workshop),
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _payload(page: str) -> str:
    match = re.search(r'name="payload"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="payload"', page
    )
    assert match, "the preview has no confirm form"
    return match.group(1)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_import_page_explains_the_columns(client, workshop, as_owner):
    page = client.get(_url(workshop)).get_data(as_text=True)
    assert "name,community,segment,affiliation,languages,email,consent,role,status" in page
    assert '<label for="file">' in page


def test_upload_shows_a_preview_and_saves_nothing(client, workshop, as_owner):
    page = _upload(client, workshop, GOOD).get_data(as_text=True)
    assert "Preview: 3 people" in page
    assert "Անի Հակոբյան" in page and "Aygün Məmmədova" in page and "Ольга Смирнова" in page
    assert "Import these people" in page
    assert _count(Person) == 0 and _count(Invitation) == 0


def test_confirming_imports_every_person_and_invitation(client, workshop, as_owner):
    payload = _payload(_upload(client, workshop, GOOD).get_data(as_text=True))
    response = client.post(_url(workshop), data={"payload": payload})
    assert response.status_code == 302
    people = {p.name: p for p in db.session.scalars(select(Person))}
    assert set(people) == {"Անի Հակոբյան", "Aygün Məmmədova", "Ольга Смирнова"}
    ani = people["Անի Հակոբյան"]
    assert (ani.community, ani.segment.key, ani.languages) == (
        Community.ARMENIAN,
        "experts",
        ["hy", "ru"],
    )
    assert ani.consent_to_list is True
    olga_invitation = people["Ольга Смирнова"].invitations[0]
    assert olga_invitation.workshop_id == workshop.id
    assert (olga_invitation.role, olga_invitation.status) == (
        InvitationRole.RESOURCE_PERSON,
        InvitationStatus.CONFIRMED,
    )
    page = client.get(f"/workshops/{workshop.uid}/people").get_data(as_text=True)
    assert "Imported: 3 new people" in page


def test_import_is_audited_per_record_and_as_a_whole(client, workshop, as_owner):
    client.post(
        _url(workshop),
        data={"payload": _payload(_upload(client, workshop, GOOD).get_data(as_text=True))},
    )
    actions = list(db.session.scalars(select(AuditEvent.action)))
    assert actions.count("person.created") == 3
    assert actions.count("invitation.created") == 3
    assert actions.count("roster.imported") == 1


def test_bad_lines_are_listed_with_line_number_and_reason_and_nothing_is_saved(
    client, workshop, as_owner
):
    content = GOOD + "Bad Person,martian,,,,,,,\r\nNo Email,armenian,,,,not-an-email,,,\r\n"
    page = _upload(client, workshop, content).get_data(as_text=True)
    assert "The file cannot be imported" in page
    assert re.search(r"<th scope=\"row\">5</th><td>community “martian”", page)
    assert re.search(r"<th scope=\"row\">6</th><td>Not a valid email", page)
    assert "Import these people" not in page
    assert _count(Person) == 0


def test_non_utf8_file_is_refused_with_a_message(client, workshop, as_owner):
    page = _upload(client, workshop, "name,community\nСмирнова,other\n".encode("cp1251")).get_data(
        as_text=True
    )
    assert "not UTF-8" in page
    assert _count(Person) == 0


def test_file_over_one_megabyte_is_refused_with_a_message(client, workshop, as_owner):
    content = b"name,community\n" + b"Ani,armenian\n" * 90_000
    response = _upload(client, workshop, content)
    assert response.status_code == 200
    assert "larger than 1024 KB" in response.get_data(as_text=True)


def test_upload_without_a_file_asks_for_one(client, workshop, as_owner):
    response = client.post(_url(workshop), data={}, content_type="multipart/form-data")
    assert "Choose a CSV file." in response.get_data(as_text=True)


def test_a_tampered_confirmation_is_refused_and_saves_nothing(client, workshop, as_owner):
    payload = _payload(_upload(client, workshop, GOOD).get_data(as_text=True))
    tampered = payload[:10] + ("A" if payload[10] != "A" else "B") + payload[11:]
    page = client.post(_url(workshop), data={"payload": tampered}).get_data(as_text=True)
    assert "The confirmation has expired or was changed" in page
    assert _count(Person) == 0


def test_a_confirmation_made_for_another_workshop_is_refused(
    client, make, owner, workshop, as_owner
):
    other = make.workshop(owner=owner)
    payload = _payload(_upload(client, other, GOOD).get_data(as_text=True))
    page = client.post(_url(workshop), data={"payload": payload}).get_data(as_text=True)
    assert "The confirmation has expired or was changed" in page
    assert _count(Invitation) == 0


def test_person_with_a_known_email_is_invited_not_duplicated(
    client, make, owner, workshop, as_owner
):
    existing = make.person("Ani Hakobyan", email="ANI@example.org", affiliation="Kept as it was")
    earlier = make.workshop(owner=owner)  # known to the facilitator from an earlier workshop
    make.invite(earlier, existing)
    page = _upload(client, workshop, GOOD).get_data(as_text=True)
    assert "Invite Ani Hakobyan (same email)" in page
    client.post(_url(workshop), data={"payload": _payload(page)})
    assert _count(Person) == 3
    db.session.refresh(existing)
    assert existing.affiliation == "Kept as it was"
    assert sorted(i.workshop_id for i in existing.invitations) == sorted([earlier.id, workshop.id])


def test_person_already_invited_is_left_as_is(client, make, workshop, as_owner):
    existing = make.person("Ani", email="ani@example.org")
    make.invite(workshop, existing, status=InvitationStatus.DECLINED)
    page = _upload(client, workshop, GOOD).get_data(as_text=True)
    assert "Nothing: already invited" in page
    client.post(_url(workshop), data={"payload": _payload(page)})
    assert _count(Invitation) == 3
    assert existing.invitations[0].status == InvitationStatus.DECLINED


def test_someone_registered_between_preview_and_confirm_is_invited_not_duplicated(
    client, make, owner, workshop, as_owner
):
    payload = _payload(_upload(client, workshop, GOOD).get_data(as_text=True))
    meanwhile = make.person("Registered meanwhile", email="aygun@example.org")
    make.invite(make.workshop(owner=owner), meanwhile)  # by the same facilitator
    client.post(_url(workshop), data={"payload": payload})
    assert _count(Person) == 3
    assert (
        db.session.scalar(
            select(func.count()).select_from(Person).where(Person.name == "Aygün Məmmədova")
        )
        == 0
    )


def test_a_semicolon_file_from_european_excel_previews_and_imports(client, workshop, as_owner):
    semicolons = (
        "name;community;segment;languages;email\r\n"
        "Անի Հակոբյան;Armenian;experts;hy, ru;ani@example.org\r\n"
        "Aygün Məmmədova;azerbaijani;;az;aygun@example.org\r\n"
    )
    page = _upload(client, workshop, semicolons).get_data(as_text=True)
    assert "Preview: 2 people" in page and "Unknown column" not in page
    client.post(_url(workshop), data={"payload": _payload(page)})
    assert {p.name for p in db.session.scalars(select(Person))} == {
        "Անի Հակոբյան",
        "Aygün Məmmədova",
    }


def test_a_misread_file_says_which_separator_it_was_read_with(client, workshop, as_owner):
    page = _upload(client, workshop, "name;community;colour\r\nAni;armenian;blue\r\n")
    assert "(read as semicolon-separated)" in page.get_data(as_text=True)
