"""Dates, weekdays, times and numbers in the reader's language, by Babel from CLDR
(issue 19, item 2), on the pages and in the functions the renderers share."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, time

import pytest
from flask_babel import refresh

from planner.extensions import db
from planner.i18n import (
    date_range,
    format_date,
    format_number,
    format_time,
    format_weekday,
    timezone_city,
)
from tests.factories import PASSWORD
from tests.http.test_participant import build_world, publish

MONDAY = date(2026, 12, 14)


@pytest.fixture
def in_language(app):
    """Run the formatting functions as a request in ``code`` would."""

    @contextmanager
    def _in(code: str):
        with app.test_request_context("/", headers={"Accept-Language": code}):
            refresh()  # the test's application context outlives each request
            yield

    return _in


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("hy", "Երկուշաբթի, 14 դեկտեմբերի 2026"),
        ("ru", "Понедельник, 14 декабря 2026"),
        ("az", "Bazar ertəsi, 14 dekabr 2026"),
        ("en", "Monday 14 December 2026"),
    ],
)
def test_weekday_and_date_in_each_language(in_language, code, expected):
    with in_language(code):
        assert format_weekday(MONDAY) == expected
        assert format_date(MONDAY, "weekday") == expected


@pytest.mark.parametrize(
    ("code", "long", "short"),
    [
        ("hy", "14 դեկտեմբերի 2026", "14 դեկ"),
        ("ru", "14 декабря 2026", "14 дек."),
        ("az", "14 dekabr 2026", "14 dek"),
        ("en", "14 December 2026", "14 Dec"),
    ],
)
def test_long_and_short_dates(in_language, code, long, short):
    with in_language(code):
        assert format_date(MONDAY) == long
        assert format_date(MONDAY, "short") == short


@pytest.mark.parametrize(
    ("code", "same_month", "two_months", "two_years"),
    [
        (
            "hy",
            "14–16 դեկտեմբերի 2026",
            "30 նոյեմբերի – 2 դեկտեմբերի 2026",
            "30 դեկտեմբերի 2026 – 2 հունվարի 2027",
        ),
        (
            "ru",
            "14–16 декабря 2026",
            "30 ноября – 2 декабря 2026",
            "30 декабря 2026 – 2 января 2027",
        ),
        ("az", "14–16 dekabr 2026", "30 noyabr – 2 dekabr 2026", "30 dekabr 2026 – 2 yanvar 2027"),
        ("en", "14–16 December 2026", "30 November – 2 December 2026", None),
    ],
)
def test_date_ranges(in_language, code, same_month, two_months, two_years):
    with in_language(code):
        assert date_range(MONDAY, date(2026, 12, 16)) == same_month
        assert date_range(date(2026, 11, 30), date(2026, 12, 2)) == two_months
        if two_years:
            assert date_range(date(2026, 12, 30), date(2027, 1, 2)) == two_years
        assert date_range(MONDAY, MONDAY) == format_date(MONDAY)


def test_times_are_on_the_24_hour_clock_in_every_language(in_language):
    for code in ("en", "ru", "hy", "az"):
        with in_language(code):
            assert format_time(time(9, 5)) == "09:05"
            assert format_time(None) == ""


@pytest.mark.parametrize(
    ("code", "expected"),
    [("ru", "1\xa0234,5"), ("hy", "1\xa0234,5"), ("az", "1.234,5"), ("en", "1,234.5")],
)
def test_numbers_follow_the_languages_grouping_and_decimal_sign(in_language, code, expected):
    with in_language(code):
        assert format_number(1234.5) == expected


def test_time_zones_are_named_by_their_city_in_the_language(in_language):
    with in_language("hy"):
        assert timezone_city("Asia/Yerevan") == "Երևան"
    with in_language("az"):
        assert timezone_city("Asia/Baku") == "Bakı"
    with in_language("ru"):
        assert timezone_city("Asia/Tbilisi") == "Тбилиси"


def test_the_armenian_agenda_page_heads_each_day_with_its_cldr_date(client, make):
    world = build_world(make)
    publish(world)
    world.participant.preferred_language = "hy"
    db.session.commit()
    client.post("/login", data={"email": world.participant.email, "password": PASSWORD})
    page = client.get(f"/my/workshops/{world.workshop.uid}").get_data(as_text=True)
    # 10 May 2027 is a Monday; the workshop runs 10–11 May.
    assert '<h3 class="day">Երկուշաբթի, 10 մայիսի 2027</h3>' in page
    assert "10–11 մայիսի 2027" in page
    assert "Թբիլիսի (Asia/Tbilisi, UTC+04:00)" in page
