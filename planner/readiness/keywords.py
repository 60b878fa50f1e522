"""Matching a sensitive topic's keywords against free text, for readiness and the agenda.

Used by readiness rule R10 (a session mentions a topic it does not flag) and by the
session editor, which suggests topics while a facilitator types. The app has one keyword
matcher, :mod:`planner.sources.tagging` (its docstring says how matching works); this
module re-exports it under the names the readiness rules and the agenda use, and says
which topics the session editor suggests.
"""

from __future__ import annotations

from collections.abc import Iterable

from planner.sources.tagging import (
    CUE_MARK,
    first_match,
    matches,
    matching_topics,
    split_keywords,
    topic_evidence,
    topic_scanner,
)
from planner.workshop_data import TopicData

__all__ = [
    "CUE_MARK",
    "first_match",
    "matches",
    "matching_topics",
    "split_keywords",
    "suggested_topics",
    "topic_evidence",
    "topic_scanner",
]


def suggested_topics(
    texts: Iterable[str], flagged: Iterable[str], catalogue: Iterable[TopicData]
) -> set[str]:
    """The keys of the catalogue topics the session editor suggests flagging.

    ``texts`` are what the session says — its title, its description, its prompts' texts;
    a topic named in them — by a phrase keyword, or two independent cues (see
    :mod:`planner.sources.tagging`) — is suggested unless it is among ``flagged`` (keys).
    The same matching as readiness rule R10, so accepting a suggestion and R10 agree.
    """
    text = " ".join(texts)
    return {topic.key for topic in matching_topics(text, catalogue)} - set(flagged)
