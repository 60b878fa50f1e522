"""What the session formats mean for the readiness review, read from seed data.

``seeds/session_formats.yaml`` says, for every :class:`~planner.vocabulary.SessionFormat`,
whether a session of that format builds trust (R3 "trust first"): a facilitator can change
it without touching code. The file is read once, at import, into a plain frozenset the
rules read like any other constant; rules stay pure functions of the workshop's data.
Imports neither Flask nor SQLAlchemy.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from planner.vocabulary import SessionFormat

SESSION_FORMATS_FILE = Path(__file__).resolve().parent.parent / "seeds" / "session_formats.yaml"


class SessionFormatsError(ValueError):
    """The session formats file is incomplete or malformed; the message says how."""


def load_trust_building_formats(path: Path = SESSION_FORMATS_FILE) -> frozenset[SessionFormat]:
    """The formats ``path`` marks ``builds_trust: true``.

    Every format must be listed exactly once with ``true`` or ``false``, so that a format
    added to the vocabulary cannot silently count as one or the other.
    """
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as error:
        raise SessionFormatsError(f"{path} cannot be read: {error}") from None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise SessionFormatsError(f"{path} must be a list of entries with a 'format'.")
    known = {f.value: f for f in SessionFormat}
    listed: dict[SessionFormat, bool] = {}
    for entry in entries:
        value, builds_trust = entry.get("format"), entry.get("builds_trust")
        if value not in known:
            raise SessionFormatsError(f"{path}: “{value}” is not a session format.")
        if not isinstance(builds_trust, bool):
            raise SessionFormatsError(f"{path}: {value}: builds_trust must be true or false.")
        if known[value] in listed:
            raise SessionFormatsError(f"{path}: {value} is listed twice.")
        listed[known[value]] = builds_trust
    missing = [f.value for f in SessionFormat if f not in listed]
    if missing:
        raise SessionFormatsError(f"{path} does not say whether {', '.join(missing)} build trust.")
    return frozenset(f for f, builds_trust in listed.items() if builds_trust)


#: Formats whose joint sessions build trust (R3): informal / social and site visits, as seeded.
TRUST_BUILDING_FORMATS: frozenset[SessionFormat] = load_trust_building_formats()
