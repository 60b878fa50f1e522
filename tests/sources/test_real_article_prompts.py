"""Prompts derived from real articles (issue 16, items 3 and 4), guarding the failure modes
seen on 181 real news and analysis pages: someone else's words put in the author's mouth,
a "But…" sentence quoted without the thought it answers, and key phrases that do not read
as the thing a passage is about (a verb, a degree, a denied phrase, a general noun)."""

from __future__ import annotations

import pytest

from planner.sources import analyse
from planner.sources.derivation import (
    INTRODUCTIONS,
    INTRODUCTIONS_REPORTED,
    is_reported_speech,
    is_whole_thought,
    key_phrase,
)
from planner.vocabulary import PassageKind

NEWS = "\n\n".join(
    [
        "Crossings reopen on the Inguri bridge",
        "By Tamar Beridze",
        "The bridge over the Inguri reopened on Monday after a closure of four months, and "
        "hundreds of residents of Gali crossed in both directions on the first morning.",
        '"We were told to wait until the situation calms down, but the situation has been '
        'calm for years," said a teacher from Gali who crosses every week to see her mother.',
        "Officials on both sides say the closure was a security measure. Residents say it was "
        "a punishment for people who had nothing to do with the decision.",
        "Families on both banks of the river must be able to plan their lives without fearing "
        "that the next closure will cut them off from work, school and hospital again.",
        "Local councils have proposed a joint committee that would meet every month. "
        "But a committee is not a guarantee.",
    ]
)


def _candidates():
    return analyse(NEWS, is_html=False).candidates


def test_words_the_article_quotes_from_someone_else_are_not_the_authors() -> None:
    reported = [c for c in _candidates() if c.quote.startswith('"We were told')]
    assert reported, "the teacher's words are a possible quote"
    for candidate in reported:
        assert candidate.text.startswith(INTRODUCTIONS_REPORTED), candidate.text
        assert "author" not in candidate.text.split("“", 1)[0]


def test_the_authors_own_sentences_are_still_the_authors() -> None:
    own = [c for c in _candidates() if not is_reported_speech(c.quote)]
    assert own
    starts = tuple(
        i.replace("{S}", "The author").replace("{s}", "the author") for i in INTRODUCTIONS
    )
    assert all(c.text.startswith(starts) for c in own)


@pytest.mark.parametrize(
    "sentence",
    [
        '"We need the road open," said the mayor.',
        "“The road must stay open,” the mayor told reporters on Monday.",
        "According to the mayor, “the road must stay open whatever the talks decide.”",
    ],
)
def test_reported_speech_is_recognised(sentence: str) -> None:
    assert is_reported_speech(sentence)


def test_the_authors_sentence_with_a_scare_quoted_word_is_not_reported_speech() -> None:
    assert not is_reported_speech("The so-called “frozen conflict” has never been frozen.")


def test_a_but_sentence_is_quoted_with_the_sentence_it_answers() -> None:
    analysis = analyse(NEWS, is_html=False)
    passage = next(p for p in analysis.passages if p.text.startswith("Local councils"))
    quotes = [c for c in analysis.candidates if c.passage_index == passage.index]
    assert quotes, "the passage gives a candidate"
    for candidate in quotes:
        assert not candidate.quote.startswith("But")
        start = candidate.quote_start
        assert passage.text[start : start + len(candidate.quote)] == candidate.quote
        assert is_whole_thought(passage.text, start, start + len(candidate.quote))


@pytest.mark.parametrize(
    ("sentence", "refused"),
    [
        # a phrase the sentence denies
        (
            "Former negotiators called the meeting not a peace conference, but a photo "
            "opportunity for both leaders.",
            "peace conference",
        ),
        # a verb taken for a noun: "return carries responsibilities"
        (
            "The commission chair said the case highlights that the right of return carries "
            "responsibilities.",
            "carries",
        ),
        # a verb that can only be one: "the envoy went ahead"
        (
            "The envoy went ahead with the visit despite advice from several former diplomats "
            "not to travel.",
            "went",
        ),
        # a degree read as a noun: "the conflict closer"
        (
            "Confidence-building measures between the communities could bring the "
            "conflict closer to a settlement that both societies accept.",
            "closer",
        ),
        # a general head noun: "the small group"
        (
            "For fifteen years, a small group of history teachers from both banks has met "
            "twice a year to compare how their schools teach the war.",
            "group",
        ),
        # a degree, not a thing: "the lower quality"
        (
            "Both communities accepted the lower quality of the shared water supply without "
            "complaint.",
            "lower",
        ),
    ],
)
def test_a_key_phrase_that_does_not_read_as_a_thing_is_not_used(sentence, refused) -> None:
    assert refused not in key_phrase(sentence)


def test_a_question_without_a_natural_key_phrase_falls_back_to_the_familys_wording() -> None:
    for candidate in _candidates():
        for word in ("went ahead", "carries", "lower quality"):
            assert word not in candidate.question


def test_subheadings_are_passages_but_never_quoted_as_claims() -> None:
    page = (
        "<html><head><title>Bridges</title></head><body><article><h1>Across the river</h1>"
        "<p>" + NEWS.split("\n\n")[2] + "</p><h2>What residents say</h2>"
        "<p>" + NEWS.split("\n\n")[4] + "</p><p>" + NEWS.split("\n\n")[5] + "</p>"
        "</article></body></html>"
    )
    analysis = analyse(page, is_html=True)
    assert "What residents say" in [p.text for p in analysis.passages_of(PassageKind.BODY)]
    assert all(c.quote != "What residents say" for c in analysis.candidates)


def test_a_quote_that_is_one_quotation_whole_gets_no_second_pair_of_marks() -> None:
    text = "\n\n".join(
        [
            "Voices from the crossing",
            "Residents of both banks say the bridge must stay open, and that the next "
            "closure should be agreed by both sides before anyone is cut off again.",
            "“We should face whatever comes next together, because the river has never "
            "separated our families.”",
        ]
    )
    candidates = analyse(text, is_html=False).candidates
    quoted = [c for c in candidates if c.quote.startswith("“We should face")]
    assert quoted
    for candidate in quoted:
        assert "““" not in candidate.text and "””" not in candidate.text
        assert candidate.quote in candidate.text
