"""Results remembered per workshop data (planner.remembered): never stale, forgettable."""

from __future__ import annotations

import dataclasses
from datetime import time

import pytest

from planner import remembered
from planner.charts import timeline_svg
from planner.readiness import review
from tests.unit.builders import session, workshop


@pytest.fixture(autouse=True)
def _fresh():
    remembered.forget_all()
    yield
    remembered.forget_all()


def _data(title: str = "Opening circle"):
    return workshop(sessions=(session("s1", title), session("s2", "Closing", start=time(11))))


def test_the_review_is_the_review_and_is_remembered_for_equal_data():
    first = remembered.readiness(_data())
    assert list(first) == review(_data())
    # Equal data built again (as the next request builds it): the same result, not recomputed.
    assert remembered.readiness(_data()) is first


def test_any_change_to_the_data_gives_a_fresh_review():
    before = remembered.readiness(_data())
    changed = dataclasses.replace(_data(), sessions=())
    after = remembered.readiness(changed)
    assert after is not before
    assert list(after) == review(changed)
    assert [f.rule_id for f in after] != [f.rule_id for f in before]


def test_timelines_cover_every_day_and_follow_the_data():
    data = _data()
    pictures = remembered.timelines(data)
    assert list(pictures) == data.days
    assert all(pictures[day] == timeline_svg(data, day) for day in data.days)
    renamed = remembered.timelines(_data("Renamed <b>session</b>"))
    assert "Renamed &lt;b&gt;session&lt;/b&gt;" in renamed[data.days[0]]
    assert "Renamed" not in pictures[data.days[0]]


def test_remembered_timelines_cannot_be_changed_by_a_caller():
    pictures = remembered.timelines(_data())
    with pytest.raises(TypeError):
        pictures[_data().days[0]] = "<svg/>"  # type: ignore[index]


def test_forget_all_drops_everything():
    first = remembered.readiness(_data())
    pictures = remembered.timelines(_data())
    remembered.forget_all()
    assert remembered.readiness(_data()) is not first
    assert remembered.timelines(_data()) is not pictures


def test_workshop_data_hashes_by_value_and_keeps_its_hash():
    data = _data()
    again = _data()
    assert data is not again and data == again and hash(data) == hash(again)
    assert hash(data) == hash(data)  # remembered on the object, same answer
    renamed = _data("Another title")
    assert renamed != data and hash(renamed) != hash(data)
    assert hash(dataclasses.replace(data)) == hash(data)
