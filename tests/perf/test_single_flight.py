"""The first views after a write: threads of one process that miss the same entry make it
once between them (issue 23: eight requests making the same page at once each took as long
as all of them, the tail of `make load`)."""

from __future__ import annotations

import threading
import time

from planner import caching


def _together(app, count: int, ask) -> list:
    """``ask()`` in ``count`` threads at once, each in its own application context."""
    results: list = [None] * count
    start = threading.Barrier(count)

    def run(index: int) -> None:
        with app.app_context():
            start.wait()
            results[index] = ask()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_threads_missing_the_same_entry_make_it_once(app):
    made = []

    def compute():
        made.append(threading.get_ident())
        time.sleep(0.2)  # long enough for every thread to arrive meanwhile
        return {"page": "made once"}

    results = _together(app, 6, lambda: caching.remember("single-flight", "same", compute))
    assert len(made) == 1
    assert results == [{"page": "made once"}] * 6
    assert caching._in_hand == {}  # nothing left behind


def test_different_entries_are_made_side_by_side(app):
    made = []

    def compute(key):
        made.append(key)
        time.sleep(0.2)
        return key

    started = time.perf_counter()
    results = _together(
        app,
        4,
        lambda: caching.remember(
            "single-flight", str(threading.get_ident()), lambda: compute(threading.get_ident())
        ),
    )
    # Four entries of 0.2 s each: made at the same time, not one after another.
    assert len(made) == 4 and sorted(results) == sorted(made)
    assert time.perf_counter() - started < 0.6


def test_a_thread_waits_no_longer_than_its_limit(app, monkeypatch):
    monkeypatch.setattr(caching, "COMPUTING_WAIT", 0.05)
    made = []
    release = threading.Event()

    def slow():
        made.append("slow")
        release.wait(5)
        return "slow"

    def quick():
        made.append("quick")
        return "quick"

    holder = threading.Thread(
        target=lambda: _together(app, 1, lambda: caching.remember("single-flight", "held", slow))
    )
    holder.start()
    while "slow" not in made:
        time.sleep(0.01)
    with app.app_context():
        # The entry is still being made after the limit: this thread makes it itself.
        assert caching.remember("single-flight", "held", quick) == "quick"
    release.set()
    holder.join(timeout=10)
    assert made == ["slow", "quick"]
