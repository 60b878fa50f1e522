"""Generic words do not suggest a topic on their own (issue 21, item 4).

A topic's keywords are phrases, any one of which names it, and weak cues ("~status"),
which name it only beside a second, independent cue. The seeded catalogue is read from
seeds/topics.yaml, as the seed loader reads it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from planner.readiness.keywords import matching_topics, suggested_topics, topic_evidence
from planner.seeding import SeedError, _topic_keywords
from planner.vocabulary import Severity
from planner.workshop_data import TopicData

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _seeded_catalogue() -> tuple[TopicData, ...]:
    entries = yaml.safe_load((SEEDS / "topics.yaml").read_text(encoding="utf-8"))
    return tuple(
        TopicData(e["key"], e["name"], Severity(e["severity"]), keywords=tuple(_topic_keywords(e)))
        for e in entries
    )


CATALOGUE = _seeded_catalogue()
STATUS = TopicData(
    "status",
    "Status",
    Severity.CRITICAL,
    keywords=("status of Nagorno-Karabakh", "~status", "~borders", "~sovereignty"),
)


def suggested(text: str) -> set[str]:
    return suggested_topics([text], [], CATALOGUE)


@pytest.mark.parametrize(
    "text",
    [
        "Status update from the organisers",
        "Check the visa status of every participant",
        "Managing expectations for the two days",
        "What are your expectations of this workshop?",
        "A separate briefing on tomorrow's humanitarian session.",
        "Status, status and more status.",
    ],
)
def test_a_generic_word_alone_suggests_no_topic(text):
    assert suggested(text) == set()


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("The status of Nagorno-Karabakh", "status-nagorno-karabakh"),
        ("Territorial integrity and self-determination", "status-nagorno-karabakh"),
        ("Painful concessions on both sides", "concessions"),
        ("Supplies through the Lachin corridor", "humanitarian-access"),
    ],
)
def test_a_phrase_keyword_is_enough_on_its_own(text, topic):
    assert topic in suggested(text)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Status, borders and what recognition would mean", "status-nagorno-karabakh"),
        ("Our expectations, and what compromise would mean", "concessions"),
        ("Humanitarian supplies for the villages", "humanitarian-access"),
    ],
)
def test_two_independent_cues_suggest_the_topic(text, topic):
    assert topic in suggested(text)


def test_the_same_cue_twice_is_not_two_cues():
    assert matching_topics("status and status again", (STATUS,)) == []


def test_inflections_of_one_word_are_not_independent_cues():
    topic = TopicData("aid", "Aid", Severity.HIGH, keywords=("~supply", "~supplies"))
    assert matching_topics("the supplies", (topic,)) == []
    assert matching_topics("one supply, then more supplies", (topic,)) == [topic]


def test_the_finding_says_which_words_named_the_topic():
    assert topic_evidence(STATUS.keywords, "The status of Nagorno-Karabakh") == (
        "“status of Nagorno-Karabakh”"
    )
    assert topic_evidence(STATUS.keywords, "Status and borders") == "“status” and “borders”"
    assert topic_evidence(STATUS.keywords, "Status alone") is None


def test_the_session_editor_and_r10_use_the_same_matching():
    text = "Status, borders and what recognition would mean"
    assert suggested_topics([text], [], (STATUS,)) == {
        t.key for t in matching_topics(text, (STATUS,))
    }


@pytest.mark.parametrize(
    ("entry", "complaint"),
    [
        ({"key": "t", "cues": ["status"]}, "single cue"),
        ({"key": "t", "cues": ["final status", "borders"]}, "single word"),
        ({"key": "t", "keywords": ["~status"]}, "belongs under cues"),
        ({"key": "t", "keywords": "status"}, "must be a list"),
    ],
)
def test_the_seed_loader_refuses_a_malformed_keyword_list(entry, complaint):
    with pytest.raises(SeedError, match=complaint):
        _topic_keywords(entry)


def test_the_seed_loader_stores_cues_marked():
    entry = {"key": "t", "keywords": ["1988 borders"], "cues": ["status", "borders"]}
    assert _topic_keywords(entry) == ["1988 borders", "~status", "~borders"]
