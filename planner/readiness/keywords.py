"""Matching a sensitive topic's keywords against free text, for readiness and the agenda.

Used by readiness rule R10 (a session mentions a topic it does not flag) and by the
session editor, which suggests topics while a facilitator types. The app has one keyword
matcher, :mod:`planner.sources.tagging` (its docstring says how matching works); this
module re-exports it under the names the readiness rules and the agenda use, and says
which topics the session editor suggests.
"""

from __future__ import annotations

from collections.abc import Iterable

from planner.sources.tagging import first_match, matches, matching_topics, topic_scanner
from planner.workshop_data import TopicData

__all__ = ["first_match", "matches", "matching_topics", "suggested_topics", "topic_scanner"]


def suggested_topics(
    texts: Iterable[str], flagged: Iterable[str], catalogue: Iterable[TopicData]
) -> set[str]:
    """The keys of the catalogue topics the session editor suggests flagging.

    ``texts`` are what the session says — its title, its description, its prompts' texts;
    a topic with a keyword in them is suggested unless it is among ``flagged`` (keys).
    """
    text = " ".join(texts)
    return {topic.key for topic in matching_topics(text, catalogue)} - set(flagged)
