"""Results remembered per workshop data (planner.remembered): never stale, forgettable."""

from __future__ import annotations

import dataclasses
from datetime import time

import pytest

from planner import caching, create_app, remembered
from planner.charts import timeline_svg
from planner.readiness import errors_and_warnings, review
from tests.unit.builders import session, workshop


@pytest.fixture(autouse=True)
def _app():
    """An app with the in-process cache (no database needed: the data is built here)."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context():
        yield app


def _counting(monkeypatch, name: str, function) -> list:
    """The calls ``remembered`` really makes to ``function`` (its ``name`` there)."""
    calls = []

    def counted(data):
        calls.append(data)
        return function(data)

    monkeypatch.setattr(remembered, name, counted)
    return calls


@pytest.fixture
def reviews(monkeypatch):
    """How many times the review was really run."""
    return _counting(monkeypatch, "review", review)


def _data(title: str = "Opening circle"):
    return workshop(sessions=(session("s1", title), session("s2", "Closing", start=time(11))))


def test_the_review_is_the_review_and_is_remembered_for_equal_data(reviews):
    first = remembered.readiness(_data())
    assert list(first) == review(_data())
    # Equal data built again (as the next request builds it): the same result, not recomputed.
    assert remembered.readiness(_data()) == first
    assert len(reviews) == 1


def test_any_change_to_the_data_gives_a_fresh_review(reviews):
    before = remembered.readiness(_data())
    changed = dataclasses.replace(_data(), sessions=())
    after = remembered.readiness(changed)
    assert len(reviews) == 2
    assert list(after) == review(changed)
    assert [f.rule_id for f in after] != [f.rule_id for f in before]


@pytest.fixture
def counts(monkeypatch):
    """How many times the list's counts were really worked out."""
    return _counting(monkeypatch, "errors_and_warnings", errors_and_warnings)


def test_the_review_counts_of_several_workshops_are_remembered_together(counts):
    one, other = _data(), _data("Another opening")
    both = remembered.readiness_counts_of_each([one, other])
    for data, (errors, warnings) in zip((one, other), both, strict=True):
        findings = review(data)
        assert errors == sum(f.severity == "error" for f in findings)
        assert warnings == sum(f.severity == "warning" for f in findings)
    assert len(counts) == 2
    assert remembered.readiness_counts_of_each([other, one]) == both[::-1]
    assert len(counts) == 2  # both remembered


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


def test_forget_all_drops_everything(reviews):
    remembered.readiness(_data())
    remembered.timelines(_data())
    key = caching.fingerprint(_data())
    assert caching.cache.get(caching.entry_key("timelines", key)) is not None
    remembered.forget_all()
    assert caching.cache.get(caching.entry_key("timelines", key)) is None
    remembered.readiness(_data())
    assert len(reviews) == 2


def test_the_key_is_the_same_in_every_process():
    """The digest is of the data's repr, not of ``hash()`` (salted per process)."""
    import subprocess
    import sys

    script = (
        "from planner import caching; from tests.unit.test_remembered import _data; "
        "print(caching.fingerprint(_data()))"
    )
    here = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert here == caching.fingerprint(_data())


def test_workshop_data_hashes_by_value_and_keeps_its_hash():
    data = _data()
    again = _data()
    assert data is not again and data == again and hash(data) == hash(again)
    assert hash(data) == hash(data)  # remembered on the object, same answer
    renamed = _data("Another title")
    assert renamed != data and hash(renamed) != hash(data)
    assert hash(dataclasses.replace(data)) == hash(data)


def test_equal_data_seen_again_is_not_digested_again(monkeypatch):
    digested = []
    pickled = caching._pickled_digest
    monkeypatch.setattr(
        caching, "_pickled_digest", lambda parts: digested.append(1) or pickled(parts)
    )
    caching._digest_of.cache_clear()
    first = caching.fingerprint(_data())
    from flask import g

    g.pop("_planner_fingerprints", None)  # the next request: equal data, built anew
    once = len(digested)  # the workshop, and its topic catalogue on its own
    assert caching.fingerprint(_data()) == first
    assert len(digested) == once
    assert caching.fingerprint(_data("Renamed")) != first and len(digested) > once
    remembered.forget_all()  # an erasure: no data kept for its digest any more
    assert caching._digest_of.cache_info().currsize == 0
