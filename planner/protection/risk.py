"""Risk levels: the rules that depend on how much a person risks by taking part (pure).

Where a person may be named is decided in one place, ``planner.redaction`` (through
``RiskLevel.named_to_participants`` and ``named_in_files``); this module holds the other
consequence, when a high-risk person's private links stop working.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from planner.vocabulary import RiskLevel


def local_today(zone_name: str, now: datetime | None = None) -> date:
    """Today's date in the workshop's timezone (UTC when the zone is unknown)."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    try:
        return now.astimezone(ZoneInfo(zone_name)).date()
    except (KeyError, ValueError):
        return now.astimezone(UTC).date()


def links_expired(
    risk_level: RiskLevel, end_date: date, zone_name: str, now: datetime | None = None
) -> bool:
    """Whether a person's private links (agenda page, calendar feed) have stopped working:
    a high-risk person's end with the workshop, after its last day in its own timezone, so
    that a link found later on a phone opens nothing."""
    return risk_level is RiskLevel.HIGH and local_today(zone_name, now) > end_date
