"""Migration a7e3c9f15b20: sessions placed after a gap keep their start (issue 17, item 1).

A database from before fixed starts holds evenings typed in by imports and the demo (a
dinner at 19:30 after an afternoon ending at 17:35); upgrading marks exactly those starts
fixed, so the next edit of their day keeps the gap. Downgrading removes the column.
"""

from __future__ import annotations

from datetime import date, time

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from planner.extensions import db
from tests.db.conftest import empty_app  # noqa: F401  (the fixture, on both databases)
from tests.factories import Factories

BEFORE = "f9c2a6d4b8e1"
FIXED_STARTS = "a7e3c9f15b20"


def test_upgrade_fixes_the_starts_that_follow_a_gap_and_downgrade_drops_the_column(
    empty_app,  # noqa: F811
):
    upgrade()
    make = Factories()
    workshop = make.workshop(start_date=date(2027, 5, 12), end_date=date(2027, 5, 13))
    day, next_day = workshop.start_date, workshop.end_date
    plan = [
        ("Plenary", day, time(15), 155, 0),
        ("Caucus A", day, time(15), 60, 1),  # alongside: starts with the plenary
        ("Dinner", day, time(19, 30), 120, 2),  # after a gap
        ("Opening", next_day, time(9), 60, 0),  # the first of its day
        ("Walk", next_day, time(10), 30, 1),  # follows on
    ]
    for title, on, start, minutes, position in plan:
        make.session(
            workshop,
            title=title,
            day=on,
            start_time=start,
            duration_minutes=minutes,
            position=position,
        )
    db.session.commit()
    db.session.remove()

    downgrade(revision=BEFORE)
    assert "fixed_start" not in {c["name"] for c in inspect(db.engine).get_columns("sessions")}
    upgrade(revision=FIXED_STARTS)
    with db.engine.connect() as conn:
        fixed = dict(conn.execute(text("SELECT title, fixed_start FROM sessions")).all())
    assert {title: bool(value) for title, value in fixed.items()} == {
        "Plenary": False,
        "Caucus A": False,
        "Dinner": True,
        "Opening": False,
        "Walk": False,
    }
    upgrade()
