"""Workshops: editing, with optimistic locking and field-name-only audit events."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planner.extensions import db
from planner.models import AuditEvent
from tests.http.workshop_fixtures import form_data, make_cast, page, reload


@pytest.fixture
def cast(make):
    return make_cast(make)


# --------------------------------------------------------------------------- edit


def test_edit_form_shows_the_current_values(client, cast, login):
    login(cast.co)
    body = page(client.get(f"/workshops/{cast.uid}/edit"))
    assert 'value="Tbilisi dialogue"' in body
    assert 'name="version" type="hidden" value="1"' in body


def test_co_facilitator_saves_an_edit(client, cast, login):
    login(cast.co)
    response = client.post(f"/workshops/{cast.uid}/edit", data=form_data(title="Renamed"))
    assert response.status_code == 302
    assert reload(cast.workshop).title == "Renamed"


def test_edit_audit_event_lists_only_the_changed_field_names(client, cast, login):
    login(cast.owner)
    client.post(
        f"/workshops/{cast.uid}/edit",
        data=form_data(
            title="Tbilisi dialogue",
            start_date="2027-05-10",
            end_date="2027-05-11",
            timezone="Asia/Tbilisi",
            working_languages="",
            objectives="",
            context_notes="Changed secret",
        ),
    )
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "workshop.updated"))
    assert event.details == {"fields": ["context_notes"]}


def test_second_edit_opened_on_the_same_version_is_refused_and_the_first_remains(
    client, cast, login
):
    login(cast.owner)
    first = client.post(f"/workshops/{cast.uid}/edit", data=form_data(title="First", version="1"))
    assert first.status_code == 302
    second = client.post(
        f"/workshops/{cast.uid}/edit",
        data=form_data(title="Second", version="1"),
        follow_redirects=True,
    )
    assert "was changed by someone else since you opened it" in page(second)
    assert 'value="First"' in page(second)  # the page shows the current version
    assert reload(cast.workshop).title == "First"


def test_a_change_to_segments_alone_still_refuses_an_older_form(client, cast, login, make):
    make.segment("youth", "Youth")
    login(cast.owner)
    base = form_data(
        title="Tbilisi dialogue",
        start_date="2027-05-10",
        end_date="2027-05-11",
        timezone="Asia/Tbilisi",
    )
    client.post(f"/workshops/{cast.uid}/edit", data=dict(base, target_segments=["youth"]))
    assert reload(cast.workshop).version == 2
    client.post(f"/workshops/{cast.uid}/edit", data=dict(base, title="Stale"))
    assert reload(cast.workshop).title == "Tbilisi dialogue"


def test_edit_with_invalid_dates_saves_nothing(client, cast, login):
    login(cast.owner)
    response = client.post(f"/workshops/{cast.uid}/edit", data=form_data(end_date="2027-01-01"))
    assert "The last day cannot be before the first day." in page(response)
    assert reload(cast.workshop).title == "Tbilisi dialogue"


def test_participant_cannot_post_an_edit(client, cast, login):
    login(cast.invited)
    assert client.post(f"/workshops/{cast.uid}/edit", data=form_data()).status_code == 403
    assert reload(cast.workshop).title == "Tbilisi dialogue"
