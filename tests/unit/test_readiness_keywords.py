"""Unit tests for planner.readiness.keywords: matching topic keywords against text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.readiness.keywords import first_match, matches, matching_topics, topic_scanner
from planner.vocabulary import Severity
from planner.workshop_data import TopicData


@pytest.mark.parametrize(
    ("keyword", "text"),
    [
        ("corridor", "The Lachin CORRIDOR was closed."),
        ("corridor", "Two corridors were discussed."),
        ("corridor", "the corridor's future"),
        ("corridor", "the corridor\u2019s future"),
        ("corridor", "both corridors' roles"),
        ("route", "alternative routes"),
        ("bus", "the buses"),
        ("country", "neighbouring countries"),
        ("country", "the country's border"),
        ("country", "the countries' borders"),
        ("status", "their statuses"),
        ("Lachin corridor", "the lachin   corridor"),
        ("Lachin corridor", "the Lachin\ncorridor"),
        ("Lachin corridor", "the Lachin-corridor crisis"),
        ("Lachin corridor", "both Lachin corridors"),
        ("Nagorno-Karabakh", "status of Nagorno Karabakh"),
        ("Nagorno-Karabakh", "NAGORNO\u2013KARABAKH"),
        ("Nagorno-Karabakh", "Nagorno-Karabakh's people"),
        ("line of contact", "the new lines of contact"),
        ("  echo chamber ", "an echo-chamber"),
        ("2020 war", "after the 2020 war."),
        ("44-day war", "the 44 day war"),
        ("Dağlıq Qarabağ", "DAĞLIQ QARABAĞ"),
        ("Արցախ", "ԱՐՑԱԽ"),
        ("Карабах", "о КАРАБАХ"),
        ("U.S.", "the U.S. role"),
        ("C++", "written in C++."),
        ("war", "pre-war borders"),  # a hyphen is a word boundary
    ],
)
def test_matches(keyword, text):
    assert matches(keyword, text)


@pytest.mark.parametrize(
    ("keyword", "text"),
    [
        ("war", "a warm welcome"),
        ("war", "an award"),
        ("war", "software"),
        ("corridor", "corridorless"),
        ("Lachin corridor", "Lachin and the corridor"),
        ("Lachin corridor", "corridor Lachin"),
        ("route", "routine"),
        ("country", "countrywide"),
        ("day", "daily"),
        ("", "anything"),
        ("   ", "anything"),
        ("war", ""),
        ("Minsk Group", "Minsk grouping"),
    ],
)
def test_does_not_match(keyword, text):
    assert not matches(keyword, text)


def test_first_match_returns_first_keyword_in_list_order():
    assert first_match(("route", "corridor"), "the corridor and the route") == "route"
    assert first_match(("x", "corridor"), "the corridor") == "corridor"
    assert first_match((), "the corridor") is None
    assert first_match(("y",), "the corridor") is None


def test_matching_topics_in_catalogue_order():
    a = TopicData("a", "A", Severity.LOW, keywords=("corridor",))
    b = TopicData("b", "B", Severity.HIGH, keywords=("war", "losses"))
    c = TopicData("c", "C", Severity.CRITICAL, keywords=())
    d = TopicData("d", "D", Severity.MEDIUM, keywords=("Minsk Group",))
    assert matching_topics("Losses along the corridors", (b, c, a, d)) == [b, a]
    assert matching_topics("", (a, b)) == []
    assert matching_topics("nothing here", (a, b, c, d)) == []


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8)


@settings(max_examples=60, deadline=None)
@given(words=st.lists(_word, min_size=1, max_size=3), prefix=_word, suffix=_word)
def test_keyword_found_in_any_casing_and_spacing(words, prefix, suffix):
    keyword = " ".join(words)
    assert matches(keyword, f"{prefix} {keyword.upper()}, {suffix}")
    assert matches(keyword, f"{prefix} {'-'.join(words)}s {suffix}")
    assert matches(keyword, f"({'  '.join(words)})")
    # Glued to other letters it is not a whole word.
    assert not matches(keyword, f"{prefix}{'-'.join(words)}{suffix}x")


@settings(max_examples=80, deadline=None)
@given(keyword=st.text(max_size=20), text=st.text(max_size=60))
def test_matches_never_raises(keyword, text):
    assert isinstance(matches(keyword, text), bool)


def test_the_topic_scanner_agrees_with_matching_topics_and_remembers_answers():
    a = TopicData("a", "A", Severity.LOW, keywords=("corridor",))
    b = TopicData("b", "B", Severity.HIGH, keywords=("war", "losses"))
    c = TopicData("c", "C", Severity.CRITICAL, keywords=())
    catalogue = (b, c, a)
    scanner = topic_scanner(catalogue)
    assert topic_scanner(catalogue) is scanner  # one per catalogue
    for text in ("Losses along the corridors", "", "nothing here", "WAR"):
        assert list(scanner.topics(text)) == matching_topics(text, catalogue)
        assert scanner.keys(text) == {t.key for t in matching_topics(text, catalogue)}
    assert scanner.topics("Losses along the corridors") is scanner.topics(
        "Losses along the corridors"
    )
