"""The dates a workshop may have: the one place the form, the JSON import and the operations ask.

A workshop is planned this century and lasts at most a month. Dates far outside that
are slips of the keyboard (or attacks): a last day in 9999 once made every review overflow
and the agenda page list millions of days. Pure: imports neither Flask nor the database.
"""

from __future__ import annotations

from datetime import date, timedelta

from planner.i18n import gettext

FIRST_YEAR = 2000
LAST_YEAR = 2100
#: The longest workshop, first and last day included.
MAX_WORKSHOP_DAYS = 31


def day_problem(day: date, what: str | None = None) -> str | None:
    """Why ``day`` cannot be a workshop or session date, or ``None`` if it can (``what``
    names the date in the reader's language: "The first day")."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return gettext(
            "%(what)s (%(day)s) must be between %(first)s and %(last)s.",
            what=what or gettext("The date"),
            day=day.isoformat(),
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    return None


def workshop_dates_problem(start: date, end: date) -> str | None:
    """Why a workshop cannot run from ``start`` to ``end``, or ``None`` if it can."""
    problem = day_problem(start, gettext("The first day")) or day_problem(
        end, gettext("The last day")
    )
    if problem:
        return problem
    if end < start:
        return gettext("The last day cannot be before the first day.")
    if (end - start).days + 1 > MAX_WORKSHOP_DAYS:
        return gettext(
            "A workshop lasts at most %(num)d days; check the first and last day.",
            num=MAX_WORKSHOP_DAYS,
        )
    return None


def workshop_days(start: date, end: date) -> list[date]:
    """The days from ``start`` to ``end``, never more than ``MAX_WORKSHOP_DAYS``: a row saved
    before the dates were bounded cannot make a page list millions of days."""
    count = min((end - start).days + 1, MAX_WORKSHOP_DAYS)
    return [start + timedelta(days=i) for i in range(max(count, 0))]
