"""Keyword matching, sentence splitting and claim detection (planner.sources.tagging)."""

from __future__ import annotations

import pytest

from planner.sources import find_claims, find_matches, matches, topic_keys_for
from planner.sources.tagging import KeywordMatcher, markers_in, split_sentences
from planner.vocabulary import Severity
from planner.workshop_data import TopicData


@pytest.mark.parametrize(
    ("keyword", "text"),
    [
        ("echo chamber", "avoiding putting themselves into “echo-chamber”, situations"),
        ("echo-chamber", "they live in an echo chamber"),
        ("echo chamber", "their echo chambers at home"),
        ("Lachin corridor", "via the LACHIN CORRIDOR"),
        ("status of Nagorno-Karabakh", "the status of Nagorno Karabakh was discussed"),
        ("supplies", "the supply of goods"),
        ("supplies", "Azerbaijan supplied the region"),
        ("painful decisions", "any solution requires a painful decision"),
        ("expectations", "a realistic expectation"),
        ("Russia", "Russia's role"),
        ("Russia", "Russia’s role"),
        ("Russia", "the Russian ambassador"),
        ("geopolitic", "infusing geopolitical rivalry"),
        ("geopolitic", "the geopolitics of the region"),
        ("2020 war", "in the post-2020 war period"),
        ("war", "after the wars"),
        ("EU", "the EU and the US"),
        ("EU", "the EU's mission"),
        ("US", "primarily the EU and the US, launched"),
        ("OSCE", "OSCE Minsk Group co-chair countries"),
        ("humanitarian", "Humanitarian crisis"),
        ("line of contact", "a new line  of\ncontact emerged"),
        ("U.S.", "the U.S. said"),
        ("editor's choice", "Editor’s choice"),
    ],
)
def test_keyword_matches(keyword: str, text: str) -> None:
    assert matches(keyword, text)


@pytest.mark.parametrize(
    ("keyword", "text"),
    [
        ("war", "the software award"),
        ("war", "warfare"),
        ("war", "towards"),
        ("US", "speak with us"),
        ("US", "USA"),
        ("EU", "Europe"),
        ("EU", "eu"),
        ("Aghdam", "Aghdamian"),
        ("echo chamber", "echo of the chamber"),
        ("supplies", "suppliers"),
        ("", "anything"),
        ("   ", "anything"),
        ("borders", "borderline"),
    ],
)
def test_keyword_does_not_match(keyword: str, text: str) -> None:
    assert not matches(keyword, text)


def test_find_matches_gives_exact_spans() -> None:
    text = "Echo-chamber here; echo chambers there, and “echo-chamber” again."
    spans = find_matches("echo chamber", text)
    assert [text[a:b] for a, b in spans] == ["Echo-chamber", "echo chambers", "echo-chamber"]


def test_keywords_with_regex_characters_are_literal() -> None:
    assert matches("C++ (dev)", "a C++ (dev) team")
    assert not matches("a.b", "axb")


def test_matcher_handles_text_whose_lowercase_changes_length() -> None:
    matcher = KeywordMatcher(["war"])
    text = "İstanbul war"  # "İ".lower() is two characters
    assert [text[a:b] for a, b in matcher.spans(text)] == ["war"]
    assert matcher.search(text)


def test_matcher_prefers_the_longest_keyword() -> None:
    text = "after the 2020 war ended"
    spans = KeywordMatcher(["war", "2020 war"]).spans(text)
    assert [text[a:b] for a, b in spans] == ["2020 war"]


def test_topic_keys_follow_catalogue_order() -> None:
    catalogue = [
        TopicData("war", "War", Severity.HIGH, keywords=("war",)),
        TopicData("aid", "Aid", Severity.LOW, keywords=("supplies", "hunger")),
        TopicData("none", "None", Severity.LOW, keywords=()),
    ]
    assert topic_keys_for("Hunger after the war.", catalogue) == ("war", "aid")
    assert topic_keys_for("Nothing here.", catalogue) == ()


def test_sentences_have_exact_spans_and_respect_abbreviations() -> None:
    text = 'Mr. Smith met Dr. J. Doe in the U.S. today. He said "no." Then, youth, etc. In theory!'
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Mr. Smith met Dr. J. Doe in the U.S. today.",
        'He said "no."',
        "Then, youth, etc.",
        "In theory!",
    ]
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_markers_are_found() -> None:
    assert markers_in("However, this also does not mean that they agree.") == (
        "however",
        "does not mean",
    )
    assert "at the same time" in markers_in("At the same time, each side remained firm.")
    assert "of course" in markers_in("Of course, the primary responsibility lay elsewhere.")
    assert "responsibility" in markers_in("Of course, the primary responsibility lay elsewhere.")
    assert "while" in markers_in("Armenians argued one thing, while Azerbaijanis claimed another.")
    assert "instead" in markers_in("They offered the route via Aghdam instead.")
    assert "expectations" in markers_in("They are realistic in their expectations.")
    assert "realism" in markers_in("They are realistic in their expectations.")
    assert markers_in("The meeting was held in Venice in May.") == ()


def test_claims_have_exact_spans_and_skip_questions() -> None:
    text = (
        "The process seemed to bring results. Nevertheless, track two diplomacy continued. "
        "What was wrong with meeting, however? Of course, the responsibility lay with leaders."
    )
    claims = find_claims(text)
    assert [c.markers[0] for c in claims] == ["nevertheless", "of course"]
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
