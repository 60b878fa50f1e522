"""Matching a sensitive topic's keywords against free text, for readiness and the agenda.

Used by readiness rule R10 (a session mentions a topic it does not flag) and by the
session editor, which suggests topics while a facilitator types. The app has one keyword
matcher, :mod:`planner.sources.tagging` (its docstring says how matching works); this
module only re-exports it under the names the readiness rules and the agenda use.
"""

from __future__ import annotations

from planner.sources.tagging import first_match, matches, matching_topics, topic_scanner

__all__ = ["first_match", "matches", "matching_topics", "topic_scanner"]
