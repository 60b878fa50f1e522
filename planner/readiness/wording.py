"""How the readiness findings word lists, dates, hours and the sides, in the reader's language.

The rules stay pure functions of a workshop's plain data: they call ``gettext`` (which
gives the English when no request or language is active, so the rules' own tests read
English) and these helpers, never Flask or the session. A finding is worded once, in the
language of the request that asked for the review; the shared cache keys remembered
reviews by that language (``planner.caching.entry_key``), so a review worded in Armenian
is never served to a Russian reader.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, datetime, time

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from flask_babel import get_locale

from planner.i18n import gettext as _
from planner.vocabulary import Community

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def N_(text: str) -> str:  # noqa: N802 - the name Babel extracts by default
    """Mark ``text`` for the catalogue without translating it: it is translated where shown."""
    return text


def language() -> str:
    """The language the findings are worded in: the request's (or a forced one), else English."""
    locale = get_locale()
    return "en" if locale is None else str(locale.language)


def joined(labels: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C`` — with the language's own "and"."""
    if len(labels) <= 1:
        return "".join(labels)
    return _("%(items)s and %(last)s", items=", ".join(labels[:-1]), last=labels[-1])


def community_name(community: Community | None) -> str:
    """A community's name as the reader reads it ("Armenian", "Армянская")."""
    return _(community.label) if community is not None else ""


@functools.lru_cache(maxsize=2048)
def _day_month(day: date, code: str) -> str:
    if code == "en":
        return f"{day.day:02d} {_MONTHS[day.month - 1]}"
    return babel_dates.format_date(day, "d MMM", locale=code)


def day_month(day: date | datetime) -> str:
    """``07 Jun`` (English, as ``%d %b`` gives it) or the CLDR short date of the language."""
    if isinstance(day, datetime):
        day = day.date()
    return _day_month(day, language())


def clock(value: time | datetime) -> str:
    """``09:30``: the 24-hour clock all four languages use."""
    return f"{value.hour:02d}:{value.minute:02d}"


def when(day: date, start: time) -> str:
    """``07 Jun 09:30``: the day and the time a session starts."""
    return f"{day_month(day)} {clock(start)}"


def hours(value: float) -> str:
    """A number of hours with one decimal: ``9.5`` in English, ``9,5`` in Russian."""
    code = language()
    if code == "en":
        return f"{value:.1f}"
    return babel_numbers.format_decimal(round(value, 1), "0.0", locale=code)
