"""The day's timeline picture shows free time before a fixed start (issue 17, item 1)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, time

from planner.charts import timeline_svg
from planner.vocabulary import SessionFormat
from planner.workshop_data import SessionData, WorkshopData

SVG = "{http://www.w3.org/2000/svg}"
DAY = date(2027, 5, 12)


def session(uid: str, start: time, minutes: int, title: str) -> SessionData:
    return SessionData(
        uid=uid,
        day=DAY,
        start=start,
        duration_minutes=minutes,
        title=title,
        format=SessionFormat.PLENARY,
    )


def workshop(*sessions: SessionData) -> WorkshopData:
    return WorkshopData(
        uid="w1",
        title="Venice",
        start_date=DAY,
        end_date=DAY,
        timezone="Europe/Rome",
        sessions=tuple(sessions),
    )


def test_free_time_before_a_dinner_is_drawn_and_described_but_is_not_a_session_link():
    svg = str(
        timeline_svg(
            workshop(
                session("a", time(15), 155, "Plenary"),
                session("b", time(19, 30), 120, "Dinner"),
            ),
            DAY,
        )
    )
    root = ET.fromstring(svg)
    links = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert links == ["#session-a", "#session-b"]
    free = [g for g in root.iter(f"{SVG}g") if g.get("class") == "free-time"]
    assert [g.find(f"{SVG}title").text for g in free] == ["Free time 17:35–19:30"]
    description = root.find(f"{SVG}desc").text
    assert "15:00–17:35 Plenary; free time 17:35–19:30; 19:30–21:30 Dinner" in description


def test_a_packed_day_has_no_free_time():
    svg = str(
        timeline_svg(workshop(session("a", time(9), 60, "A"), session("b", time(10), 60, "B")), DAY)
    )
    assert "free-time" not in svg and "free time" not in svg
