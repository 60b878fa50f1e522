"""Inputs an attacker (or a slip of the keyboard) sends, refused with a message (issue 14).

Finding 3: dates at the edges of the calendar; 4: inputs that used to answer 500
(duplicate segments, deeply nested or huge JSON numbers); 5: unknown venue timezones;
6: a facilitator's import creating catalogue venues. Every refusal is a message on the
page (or in the CLI) and saves nothing.
"""

from __future__ import annotations

import io
import json
import shutil
from datetime import date, time

import pytest
from sqlalchemy import func, select

from planner.exceptions import DomainError
from planner.extensions import db
from planner.models import Venue, Workshop
from planner.vocabulary import Confidentiality, Role, Track
from planner.workshops import operations
from planner.workshops.dates import MAX_WORKSHOP_DAYS
from planner.workshops.forms import WorkshopValues
from tests.http.workshop_fixtures import form_data, page, reload


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _switch(client, login, user) -> None:
    client.post("/logout")
    login(user)


def _brief(client, login, user, workshop) -> dict:
    """The facilitator JSON brief of ``workshop``, exported by ``user``."""
    login(user)
    response = client.get(f"/workshops/{workshop.uid}/brief.json?audience=facilitator")
    assert response.status_code == 200
    return json.loads(response.data)


def _import(client, raw: bytes):
    return client.post(
        "/workshops/import",
        data={"document": (io.BytesIO(raw), "brief.json")},
        content_type="multipart/form-data",
    )


@pytest.fixture
def facilitator(make):
    return make.user(Role.FACILITATOR)


@pytest.fixture
def exported(client, login, make, facilitator) -> dict:
    """A facilitator's workshop at a catalogue venue, with one session, as a JSON brief."""
    venue = make.venue(name="Tbilisi conference centre")
    workshop = make.workshop(owner=facilitator, venue=venue)
    make.session(workshop, start_time=time(9, 0))
    return _brief(client, login, facilitator, workshop)


def _values(**overrides) -> WorkshopValues:
    values = dict(
        title="Venice meeting",
        objectives="",
        context_notes="",
        venue=None,
        start_date=date(2027, 6, 1),
        end_date=date(2027, 6, 3),
        timezone="Europe/Rome",
        track=Track.TRACK_TWO,
        confidentiality=Confidentiality.CHATHAM_HOUSE,
        working_languages=["en"],
        target_segments=[],
    )
    values.update(overrides)
    return WorkshopValues(**values)


# --------------------------------------------------------------------------- 3. dates


@pytest.mark.parametrize(
    "start, end, message",
    [
        ("2027-06-01", "9999-12-31", "2100"),
        ("1000-01-01", "1000-01-02", "2000"),
        ("2027-06-01", "2027-07-15", "31 days"),
    ],
)
def test_workshop_form_refuses_dates_out_of_bounds_and_saves_nothing(
    client, login, facilitator, start, end, message
):
    login(facilitator)
    response = client.post("/workshops/new", data=form_data(start_date=start, end_date=end))
    assert response.status_code == 200
    assert message in page(response)
    assert _count(Workshop) == 0


def test_workshop_edit_refuses_a_last_day_in_9999(client, login, make, facilitator):
    workshop = make.workshop(owner=facilitator)
    login(facilitator)
    response = client.post(
        f"/workshops/{workshop.uid}/edit",
        data=form_data(end_date="9999-12-31", version=str(workshop.version)),
    )
    assert response.status_code == 200 and "2100" in page(response)
    assert reload(workshop).end_date == date(2027, 5, 11)


def test_create_workshop_operation_refuses_dates_out_of_bounds(app, facilitator):
    with pytest.raises(DomainError, match="2100"):
        operations.create_workshop(facilitator, _values(end_date=date(9999, 12, 31)))
    with pytest.raises(DomainError, match="31 days"):
        operations.create_workshop(facilitator, _values(end_date=date(2027, 8, 1)))


def test_update_workshop_operation_refuses_dates_out_of_bounds(app, make, facilitator):
    workshop = make.workshop(owner=facilitator)
    with pytest.raises(DomainError, match="2100"):
        operations.update_workshop(
            workshop, _values(end_date=date(9999, 12, 31)), str(workshop.version)
        )


def test_import_refuses_a_workshop_ending_in_9999_and_saves_nothing(client, exported):
    exported["workshop"]["end_date"] = "9999-12-31"
    response = _import(client, json.dumps(exported).encode())
    assert response.status_code == 200 and "2100" in page(response)
    assert _count(Workshop) == 1


def test_import_refuses_a_session_on_a_day_in_9999(client, exported):
    exported["sessions"][0]["day"] = "9999-12-31"
    response = _import(client, json.dumps(exported).encode())
    assert response.status_code == 200 and "9999-12-31" in page(response)
    assert _count(Workshop) == 1


def test_workshop_list_answers_for_a_workshop_already_ending_in_9999(
    client, login, make, facilitator
):
    # Saved before the bounds existed: the list's readiness review must still answer.
    workshop = make.workshop(owner=facilitator, end_date=date(9999, 12, 31))
    make.session(workshop, start_time=time(9, 0))
    organiser = make.user(Role.ORGANISER)
    for user in (facilitator, organiser):
        login(user)
        assert client.get("/workshops/").status_code == 200
        client.post("/logout")


def test_pages_of_a_workshop_already_ending_in_9999_list_at_most_a_month_of_days(
    client, login, make, facilitator
):
    # Saved before the bounds existed: its pages must not try to list millions of days.
    workshop = make.workshop(
        owner=facilitator, start_date=date(2027, 5, 10), end_date=date(9999, 12, 31)
    )
    make.session(workshop, start_time=time(9, 0))
    login(facilitator)
    assert client.get(f"/workshops/{workshop.uid}").status_code == 200
    response = client.get(f"/workshops/{workshop.uid}/agenda")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    # The editor shows one section per day: the first 31, and no later one.
    assert page.count('class="agenda-day"') == MAX_WORKSHOP_DAYS
    assert 'id="day-2027-06-09"' in page and 'id="day-2027-06-10"' not in page


# --------------------------------------------------------------------------- 4. 500s


def test_duplicate_target_segments_on_new_are_saved_once(client, login, make, facilitator):
    make.segment("experts", "Experts")
    login(facilitator)
    response = client.post("/workshops/new", data=form_data(target_segments=["experts", "experts"]))
    assert response.status_code == 302
    workshop = db.session.scalar(select(Workshop))
    assert [s.key for s in workshop.target_segments] == ["experts"]


def test_duplicate_target_segments_on_edit_are_saved_once(client, login, make, facilitator):
    make.segment("experts", "Experts")
    workshop = make.workshop(owner=facilitator)
    login(facilitator)
    response = client.post(
        f"/workshops/{workshop.uid}/edit",
        data=form_data(target_segments=["experts", "experts"], version=str(workshop.version)),
    )
    assert response.status_code == 302
    assert [s.key for s in reload(workshop).target_segments] == ["experts"]


def test_import_refuses_deeply_nested_arrays_with_a_message(client, exported):
    raw = json.dumps(exported).encode()
    nested = b"[" * 100_000 + b"]" * 100_000
    raw = raw.replace(b'"context": [', b'"context": [' + nested + b",", 1)
    response = _import(client, raw)
    assert response.status_code == 200 and "nested" in page(response)
    assert _count(Workshop) == 1


def _with_position(document: dict, number: str) -> str:
    """The document with its first session's position (an unbounded integer) as ``number``."""
    document["sessions"][0]["position"] = 123456789
    raw = json.dumps(document).replace('"position": 123456789', f'"position": {number}', 1)
    assert number in raw
    return raw


@pytest.mark.parametrize(
    "number", ["1" + "0" * 5000, str(10**30), "1e30", "-" + "9" * 40, "Infinity", "NaN"]
)
def test_import_refuses_huge_numbers_with_a_message(client, exported, number):
    raw = _with_position(exported, number)
    venues = _count(Venue)
    response = _import(client, raw.encode())
    assert response.status_code == 200 and "number" in page(response)
    assert _count(Workshop) == 1 and _count(Venue) == venues


def test_cli_import_refuses_huge_numbers_and_deep_nesting(runner, app, exported, tmp_path):
    exported_owner = db.session.scalar(select(Workshop)).owner
    text = json.dumps(exported)
    for body, words in [
        (_with_position(exported, "9" * 5000), "number"),
        (
            text.replace('"context": [', '"context": [' + "[" * 50_000 + "]" * 50_000 + ",", 1),
            "nested",
        ),
    ]:
        path = tmp_path / "brief.json"
        path.write_text(body, encoding="utf-8")
        result = runner.invoke(args=["import-workshop", str(path), "--owner", exported_owner.email])
        assert result.exit_code == 1 and words in result.output
        assert "Traceback" not in result.output
    assert _count(Workshop) == 1


# --------------------------------------------------------------------------- 5. timezones


def test_import_refuses_a_new_venue_with_an_unknown_timezone(client, login, make, exported):
    _switch(client, login, make.user(Role.ORGANISER))
    exported["workshop"]["venue"].update(name="Olympus base", timezone="Mars/Olympus")
    response = _import(client, json.dumps(exported).encode())
    assert response.status_code == 200 and "Mars/Olympus" in page(response)
    assert _count(Venue) == 1 and _count(Workshop) == 1


def test_venue_edit_refuses_an_unknown_timezone(client, login, make):
    venue = make.venue()
    login(make.user(Role.ORGANISER))
    response = client.post(
        f"/venues/{venue.id}/edit",
        data={"name": venue.name, "city": "Tbilisi", "country": "GE", "timezone": "Mars/Olympus"},
    )
    assert response.status_code == 200 and "timezone" in page(response)
    db.session.expire_all()
    assert db.session.get(Venue, venue.id).timezone == "Asia/Tbilisi"


def test_workshop_form_refuses_a_venue_whose_timezone_is_unknown(client, login, make, facilitator):
    # A venue saved before its timezone was checked: the workshop would inherit the zone.
    make.venue(key="olympus", name="Olympus base", timezone="Mars/Olympus")
    login(facilitator)
    response = client.post("/workshops/new", data=form_data(venue="olympus", timezone=""))
    assert response.status_code == 200 and "Mars/Olympus" in page(response)
    assert _count(Workshop) == 0


def test_seed_loader_refuses_a_venue_with_an_unknown_timezone(app, tmp_path):
    from planner.seeding import SEEDS_DIR, SeedError, load_seeds

    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, folder)
    venues = folder / "venues.yaml"
    venues.write_text(
        venues.read_text(encoding="utf-8").replace("Asia/Tbilisi", "Mars/Olympus", 1),
        encoding="utf-8",
    )
    with pytest.raises(SeedError, match="Mars/Olympus"):
        load_seeds(folder)
    assert _count(Venue) == 0


# --------------------------------------------------------------------------- 6. venues


def test_facilitator_import_naming_an_unknown_venue_is_refused(client, exported):
    exported["workshop"]["venue"]["name"] = "Secret dacha"
    response = _import(client, json.dumps(exported).encode())
    assert response.status_code == 200
    assert "Secret dacha" in page(response) and "organiser" in page(response)
    assert _count(Venue) == 1 and _count(Workshop) == 1


def test_cli_import_by_a_facilitator_naming_an_unknown_venue_is_refused(
    runner, app, exported, facilitator, tmp_path
):
    exported["workshop"]["venue"]["name"] = "Secret dacha"
    path = tmp_path / "brief.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    result = runner.invoke(args=["import-workshop", str(path), "--owner", facilitator.email])
    assert result.exit_code == 1 and "Secret dacha" in result.output
    assert _count(Venue) == 1 and _count(Workshop) == 1


def test_facilitator_import_at_a_catalogue_venue_uses_it(client, exported):
    response = _import(client, json.dumps(exported).encode())
    assert response.status_code == 302
    assert _count(Venue) == 1 and _count(Workshop) == 2


def test_organiser_import_naming_an_unknown_venue_creates_it(client, login, make, exported):
    _switch(client, login, make.user(Role.ORGANISER))
    exported["workshop"]["venue"]["name"] = "Secret dacha"
    response = _import(client, json.dumps(exported).encode())
    assert response.status_code == 302
    assert db.session.scalar(select(Venue).where(Venue.name == "Secret dacha")) is not None
