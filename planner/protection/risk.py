"""Risk levels: the rules that depend on how much a person risks by taking part (pure).

Where a person may be named is decided in one place, ``planner.redaction`` (through
``RiskLevel.named_to_participants`` and ``named_in_files``); this module holds the other
consequence, when a high-risk person's private links stop working.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from planner.i18n import gettext as _
from planner.vocabulary import RiskLevel

#: The longest reason a facilitator may record for a risk level.
RISK_REASON_MAX = 2000


def risk_reason_problem(level: RiskLevel, reason: str) -> str | None:
    """What is wrong with a risk level's reason, or None: an elevated or high level says
    why (the next facilitator must understand it); no reason is longer than the limit."""
    if len(reason) > RISK_REASON_MAX:
        return _("The reason must be at most %(max)d characters.", max=RISK_REASON_MAX)
    if level is not RiskLevel.STANDARD and not reason.strip():
        return _("Say why this person is at elevated or high risk.")
    return None


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
