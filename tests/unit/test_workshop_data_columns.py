"""One column map per dataclass, one agenda order, and snapshots that give every participant
the same view as the whole workshop did (issue 15, items 4 and 5)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, time

import pytest
from hypothesis import HealthCheck, given, settings

from planner.agenda.publishing import published_workshop, to_snapshot
from planner.models import Session
from planner.models.agenda import AGENDA_ORDER
from planner.redaction import participant_view
from planner.workshop_data import agenda_order
from planner.workshop_loading import (
    CITATION,
    FACILITATOR,
    GROUP,
    INVITATION,
    PERSON,
    PROMPT,
    SESSION,
    TOPIC,
    VENUE,
    WORKSHOP,
    column_map,
)
from tests.unit.builders import session
from tests.unit.redaction_strategies import every_viewer, workshops

MAPS = (TOPIC, VENUE, FACILITATOR, PERSON, INVITATION, GROUP, CITATION, PROMPT, SESSION, WORKSHOP)


@pytest.mark.parametrize("column_map_", MAPS, ids=lambda m: m.kind.__name__)
def test_every_field_of_each_dataclass_is_read_from_a_column_or_given(column_map_):
    mapped = {name for name, _, _ in column_map_.fields}
    assert mapped | column_map_.given == {f.name for f in fields(column_map_.kind)}
    assert not mapped & column_map_.given


def test_a_field_with_no_column_is_refused_when_the_map_is_made():
    @dataclass(frozen=True)
    class VenueWithWebsite:
        name: str
        website: str = ""

    with pytest.raises(LookupError, match="VenueWithWebsite.website"):
        column_map(VenueWithWebsite, VENUE.fields[0][1].table)


def test_the_session_start_is_read_from_its_start_time_column():
    (start,) = [column for name, column, _ in SESSION.fields if name == "start"]
    assert start.name == "start_time"


def test_the_agenda_goes_by_day_then_start_then_position():
    monday, tuesday = date(2027, 5, 10), date(2027, 5, 11)
    later_day = session("a", "Tuesday", day=tuesday, start=time(8, 0), position=0)
    alongside = session("b", "Alongside", day=monday, start=time(10, 0), position=2)
    first = session("c", "First", day=monday, start=time(10, 0), position=1)
    early = session("d", "Early", day=monday, start=time(9, 0), position=5)
    ordered = sorted([later_day, alongside, first, early], key=agenda_order)
    assert [s.uid for s in ordered] == ["d", "c", "b", "a"]


def test_models_sort_by_the_same_key_and_sql_by_the_same_columns():
    models = [
        Session(day=date(2027, 5, 10), start_time=time(10, 0), position=1),
        Session(day=date(2027, 5, 10), start_time=time(9, 0), position=2),
    ]
    assert sorted(models, key=agenda_order) == models[::-1]
    assert [c.key for c in AGENDA_ORDER] == ["day", "start_time", "position", "id"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workshops())
def test_every_participants_view_from_a_snapshot_is_their_view_of_the_workshop(data):
    for viewer in every_viewer(data):
        published = published_workshop(to_snapshot(data), data)
        assert participant_view(published, viewer) == participant_view(data, viewer)
