"""The session editor's topic suggestions: a pure function beside the keyword matcher."""

from __future__ import annotations

from planner.readiness.keywords import suggested_topics
from planner.vocabulary import Severity
from planner.workshop_data import TopicData

RETURN = TopicData("return", "Return of displaced people", Severity.HIGH, keywords=("return",))
MISSING = TopicData("missing", "Missing persons", Severity.HIGH, keywords=("missing persons",))
CATALOGUE = (RETURN, MISSING)


def test_a_topic_whose_keyword_the_session_mentions_is_suggested():
    assert suggested_topics(["Talking about return", ""], [], CATALOGUE) == {"return"}


def test_a_topic_already_flagged_is_not_suggested_again():
    assert suggested_topics(["Talking about return"], ["return"], CATALOGUE) == set()


def test_a_prompt_text_counts_like_the_title():
    texts = ["Opening", "A first round", "What do you know of missing persons?"]
    assert suggested_topics(texts, [], CATALOGUE) == {"missing"}


def test_nothing_is_suggested_for_a_session_that_mentions_no_keyword():
    assert suggested_topics(["Coffee", ""], [], CATALOGUE) == set()
