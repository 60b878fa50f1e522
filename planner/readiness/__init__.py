"""Facilitation readiness review (PRODUCT §6): pure rules over ``WorkshopData``.

``review(workshop)`` runs the rules in ``RULES`` and returns their ``Finding`` objects,
most serious first. Nothing here imports Flask or SQLAlchemy; the findings are worded with
Flask-Babel's ``gettext`` in the language of the request that asks (English without one),
see :mod:`planner.readiness.wording`.
"""

from __future__ import annotations

from planner.readiness.findings import Finding, FindingSeverity
from planner.readiness.registry import (
    RULES,
    Rule,
    RuleFindings,
    SeverityFindings,
    by_severity_and_rule,
    errors_and_warnings,
    review,
    rule,
)

__all__ = [
    "RULES",
    "Finding",
    "FindingSeverity",
    "Rule",
    "RuleFindings",
    "SeverityFindings",
    "by_severity_and_rule",
    "errors_and_warnings",
    "review",
    "rule",
]
