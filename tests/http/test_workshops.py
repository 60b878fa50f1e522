"""Workshops: who may open which page, and creating one (PRODUCT §2, §4)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planner.extensions import db
from planner.models import AuditEvent, Workshop
from planner.vocabulary import WorkshopStatus
from tests.http.workshop_fixtures import ROLES, form_data, make_cast, page, reload


@pytest.fixture
def cast(make):
    return make_cast(make)


# --------------------------------------------------------------------------- who may do what

_SHOW = {
    "invited": 302,  # sent to their published agenda (participant.agenda)
    "stranger": 404,
    "outsider": 404,
    "owner": 200,
    "co": 200,
    "organiser": 200,
}
_EDIT = {
    "invited": 403,
    "stranger": 404,
    "outsider": 404,
    "owner": 200,
    "co": 200,
    "organiser": 200,
}
_DELETE = dict(_EDIT, co=403)
_CREATE = {
    "invited": 403,
    "stranger": 403,
    "outsider": 200,
    "owner": 200,
    "co": 200,
    "organiser": 200,
}


def answers_by_role(client, login, cast, fetch) -> dict[str, int]:
    """The status code ``fetch()`` gets for each signed-in role, one role at a time."""
    codes = {}
    for role in ROLES:
        login(getattr(cast, role))
        codes[role] = fetch().status_code
        client.post("/logout")
    return codes


@pytest.mark.parametrize(
    "path",
    [
        "/workshops/",
        "/workshops/new",
        "/workshops/{uid}",
        "/workshops/{uid}/edit",
        "/workshops/{uid}/team",
        "/workshops/{uid}/delete",
    ],
)
def test_anonymous_is_sent_to_sign_in(client, cast, path):
    response = client.get(path.format(uid=cast.uid))
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_anonymous_status_change_is_sent_to_sign_in(client, cast):
    response = client.post(f"/workshops/{cast.uid}/status", data={"status": "planned"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_workshop_page_is_visible_to_team_organisers_and_invited_people_only(client, cast, login):
    codes = answers_by_role(client, login, cast, lambda: client.get(f"/workshops/{cast.uid}"))
    assert codes == _SHOW


def test_edit_page_is_for_the_team_and_organisers(client, cast, login):
    codes = answers_by_role(client, login, cast, lambda: client.get(f"/workshops/{cast.uid}/edit"))
    assert codes == _EDIT


def test_team_page_is_for_the_team_and_organisers(client, cast, login):
    codes = answers_by_role(client, login, cast, lambda: client.get(f"/workshops/{cast.uid}/team"))
    assert codes == _EDIT


def test_delete_page_is_for_the_owner_and_organisers(client, cast, login):
    codes = answers_by_role(
        client, login, cast, lambda: client.get(f"/workshops/{cast.uid}/delete")
    )
    assert codes == _DELETE


def test_new_workshop_page_is_for_facilitators_and_organisers(client, cast, login):
    codes = answers_by_role(client, login, cast, lambda: client.get("/workshops/new"))
    assert codes == _CREATE


def test_status_change_is_for_the_team_and_organisers(client, cast, login):
    def fetch():
        # Back to draft between roles, so each allowed role makes a real change.
        workshop = reload(cast.workshop)
        workshop.status = WorkshopStatus.DRAFT
        db.session.commit()
        return client.post(
            f"/workshops/{cast.uid}/status",
            data={"status": "planned", "version": str(workshop.version)},
        )

    codes = answers_by_role(client, login, cast, fetch)
    assert codes == {role: 302 if code == 200 else code for role, code in _EDIT.items()}
    assert reload(cast.workshop).status == WorkshopStatus.PLANNED  # the organiser's change


def test_unknown_workshop_is_not_found(client, cast, login):
    login(cast.organiser)
    assert client.get("/workshops/no-such-uid").status_code == 404
    assert client.get("/workshops/no-such-uid/edit").status_code == 404
    assert (
        client.post("/workshops/no-such-uid/status", data={"status": "planned"}).status_code == 404
    )


# --------------------------------------------------------------------------- create


def test_facilitator_creates_a_draft_workshop_and_becomes_its_owner(client, cast, login):
    login(cast.outsider)
    response = client.post("/workshops/new", data=form_data(title="Անի's workshop"))
    assert response.status_code == 302
    workshop = db.session.scalar(select(Workshop).where(Workshop.title == "Անի's workshop"))
    assert workshop.owner_id == cast.outsider.id
    assert workshop.status == WorkshopStatus.DRAFT
    assert response.headers["Location"].endswith(f"/workshops/{workshop.uid}")
    assert "Անի&#39;s workshop" in page(client.get(response.headers["Location"]))


def test_organiser_creates_a_workshop(client, cast, login):
    login(cast.organiser)
    assert client.post("/workshops/new", data=form_data()).status_code == 302
    assert db.session.scalar(select(Workshop).where(Workshop.title == "Venice meeting"))


def test_participant_cannot_create_a_workshop(client, cast, login):
    login(cast.invited)
    assert client.post("/workshops/new", data=form_data()).status_code == 403
    assert db.session.scalar(select(Workshop).where(Workshop.title == "Venice meeting")) is None


def test_creating_writes_an_audit_event_with_field_names_not_note_text(client, cast, login):
    login(cast.owner)
    client.post("/workshops/new", data=form_data())
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "workshop.created"))
    assert "context_notes" in event.details["fields"]
    assert "NOTE-TEXT-NEVER-AUDITED" not in str(event.details)


def test_working_languages_are_saved_as_lower_case_codes(client, cast, login):
    login(cast.owner)
    client.post("/workshops/new", data=form_data(working_languages="HY, az ,ru, hy"))
    workshop = db.session.scalar(select(Workshop).where(Workshop.title == "Venice meeting"))
    assert workshop.working_languages == ["hy", "az", "ru"]


def test_timezone_left_blank_takes_the_venues(client, cast, login, make):
    venue = make.venue(
        key="venice", name="Isola", city="Venice", country="IT", timezone="Europe/Rome"
    )
    login(cast.owner)
    client.post("/workshops/new", data=form_data(venue=venue.key, timezone=""))
    workshop = db.session.scalar(select(Workshop).where(Workshop.title == "Venice meeting"))
    assert workshop.timezone == "Europe/Rome"
    assert workshop.venue_id == venue.id


def test_target_segments_are_saved(client, cast, login, make):
    journalists = make.segment("journalists", "Journalists")
    login(cast.owner)
    client.post("/workshops/new", data=form_data(target_segments=["journalists"]))
    workshop = db.session.scalar(select(Workshop).where(Workshop.title == "Venice meeting"))
    assert [s.id for s in workshop.target_segments] == [journalists.id]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_date": "2027-05-31"}, "The last day cannot be before the first day."),
        ({"timezone": "Mars/Olympus_Mons"}, "is not a known timezone"),
        ({"timezone": "../../etc/passwd"}, "is not a known timezone"),
        ({"timezone": ""}, "Enter a timezone, or choose a venue"),
        ({"working_languages": "hy, armenian, xx"}, "Not a two-letter ISO 639-1 language code"),
        ({"title": ""}, "This field is required."),
        ({"start_date": "not a date"}, "Not a valid date value."),
        ({"venue": "no-such-venue"}, "Not a valid choice."),
    ],
)
def test_invalid_input_shows_a_field_error_and_saves_nothing(
    client, cast, login, overrides, message
):
    login(cast.owner)
    response = client.post("/workshops/new", data=form_data(**overrides))
    assert response.status_code == 200
    assert message in page(response)
    assert 'aria-invalid="true"' in page(response)
    assert (
        db.session.scalar(
            select(Workshop).where(
                Workshop.owner_id == cast.owner.id, Workshop.title == "Venice meeting"
            )
        )
        is None
    )


def test_bad_language_error_names_the_bad_entries(client, cast, login):
    login(cast.owner)
    response = client.post("/workshops/new", data=form_data(working_languages="hy, armenian"))
    assert "“armenian”" in page(response)
