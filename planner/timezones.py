"""The one timezone check: is this an IANA zone name this machine knows?"""

from __future__ import annotations

import zoneinfo
from functools import lru_cache


@lru_cache(maxsize=1)
def known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_known_timezone(name: object) -> bool:
    """Whether ``name`` is an IANA timezone such as ``Asia/Tbilisi``.

    Looked up in the list of zones rather than by opening it: ``ZoneInfo("Europe")`` opens
    a directory and a very long name overflows the path, errors a form must never meet.
    """
    return isinstance(name, str) and name in known_timezones()
