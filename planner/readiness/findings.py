"""What a readiness rule reports: a :class:`Finding` with a :class:`FindingSeverity`.

Findings are plain frozen values so that the workshop page, the facilitator brief and
the JSON export can all render them without knowing which rule produced them. Severity
is always shown with an icon and a word as well as a colour (PRODUCT §9).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from planner.readiness.wording import N_

#: The severities' words, for the catalogue: templates translate ``severity.label``.
_LABELS = (N_("Error"), N_("Warning"), N_("Suggestion"), N_("Information"))


class FindingSeverity(enum.StrEnum):
    """How much a finding matters, most serious first."""

    ERROR = "error"
    WARNING = "warning"
    SUGGESTION = "suggestion"
    INFORMATION = "information"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def icon(self) -> str:
        return _ICONS[self]

    @property
    def rank(self) -> int:
        """0 for errors, 3 for information: the order the review lists them in."""
        return _RANKS[self]


_RANKS = {severity: rank for rank, severity in enumerate(FindingSeverity)}

_ICONS = {
    FindingSeverity.ERROR: "✖",
    FindingSeverity.WARNING: "▲",
    FindingSeverity.SUGGESTION: "◆",
    FindingSeverity.INFORMATION: "\u2139",  # INFORMATION SOURCE
}


@dataclass(frozen=True)
class Finding:
    """One thing a readiness rule noticed about a workshop.

    ``message`` names what is wrong in plain words; ``why`` explains why it matters
    for facilitation. ``session_uids`` and ``person_uids`` (``PersonData.uid``) point
    at the sessions and people concerned, in agenda / roster order.
    """

    rule_id: str
    severity: FindingSeverity
    title: str
    message: str
    why: str
    session_uids: tuple[str, ...] = ()
    person_uids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready representation (used by the brief exports)."""
        return {
            "rule_id": self.rule_id,
            "severity": self.severity.value,
            "title": self.title,
            "message": self.message,
            "why": self.why,
            "session_uids": list(self.session_uids),
            "person_uids": list(self.person_uids),
        }
