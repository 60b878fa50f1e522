"""Candidate prompts derived from articles (planner.sources.derivation) and the summaries."""

from __future__ import annotations

import json
import re
from itertools import combinations
from pathlib import Path

import pytest

from planner.sources import Analysis, analyse, analysis_to_dict, decode_upload, summary_text
from planner.sources.derivation import (
    CANDIDATES_PER_PHASE,
    MAX_QUOTE_WORDS,
    MAX_SIMILARITY,
    MIN_QUOTE_WORDS,
    PRESUPPOSING_VERBS,
    Candidate,
    _jaccard,
    _token_set,
    derive_candidates,
    is_whole_thought,
    key_phrase,
    normalise_question,
    quote_span,
)
from planner.sources.families import classify, phase_of
from planner.sources.pipeline import Passage
from planner.sources.tagging import split_sentences
from planner.vocabulary import PassageKind, Phase
from planner.workshop_data import CitationData
from tests.unit.source_fixtures import ARTICLES, CATALOGUE, SEED

FIXTURES = [
    SEED,
    ARTICLES / "oped-after-the-war.windows-1252.html",
    ARTICLES / "interview-youth-dialogue.txt",
    ARTICLES / "commentary-missing-persons.md",
]


OPENERS = re.compile(r"(How|What|Which|Who|Where|When|In your experience)\b")
EDGE_PUNCTUATION = " ,.;:!?-–—()[]"


def load(path: Path) -> Analysis:
    document = decode_upload(path.read_bytes(), path.name)
    return analyse(document.text, is_html=document.is_html, catalogue=CATALOGUE)


@pytest.fixture(scope="module")
def seed() -> Analysis:
    return load(SEED)


def assert_well_formed(analysis: Analysis) -> None:
    """The rules every candidate of every article must follow (PRODUCT §5, issue 16)."""
    for candidate in analysis.candidates:
        passage = analysis.passages[candidate.passage_index]
        assert passage.index == candidate.passage_index
        assert passage.kind in (PassageKind.LEAD, PassageKind.BODY)
        quote = candidate.quote
        start = candidate.quote_start
        assert passage.text[start : start + len(quote)] == quote
        assert MIN_QUOTE_WORDS <= len(quote.split()) <= MAX_QUOTE_WORDS, quote
        assert is_whole_thought(passage.text, start, start + len(quote)), quote
        text = candidate.text
        assert text.endswith("?")
        assert text.startswith(
            ("The author", "The speaker", "As the author", "In the interview")
        ), text
        assert f"“{quote}”" in text
        assert text.endswith(candidate.question)
        assert OPENERS.match(candidate.question), candidate.question
        assert candidate.question.count("?") == 1
        introduction = f" {text.split('“', 1)[0].lower()} "
        assert not any(f" {verb} " in introduction for verb in PRESUPPOSING_VERBS), text
    questions = [normalise_question(c.question) for c in analysis.candidates]
    assert len(questions) == len(set(questions)), "a question is repeated within the source"
    for first, second in combinations(analysis.candidates, 2):
        similarity = _jaccard(_token_set(first.quote), _token_set(second.quote))
        assert similarity <= MAX_SIMILARITY, (first.quote, second.quote)
    for phase in Phase:
        assert len(analysis.candidates_for(phase)) <= CANDIDATES_PER_PHASE


# --- the seed -------------------------------------------------------------------------------


def test_seed_has_one_to_four_candidates_for_every_phase(seed: Analysis) -> None:
    for phase in Phase:
        assert 1 <= len(seed.candidates_for(phase)) <= 4, phase
    assert_well_formed(seed)


def test_seed_candidates_are_in_phase_order(seed: Analysis) -> None:
    order = list(Phase)
    positions = [order.index(c.phase) for c in seed.candidates]
    assert positions == sorted(positions)


def test_seed_candidates_match_their_phases(seed: Analysis) -> None:
    quotes = {phase: " ".join(c.quote for c in seed.candidates_for(phase)) for phase in Phase}
    assert re.search(r"humanitarian|starvation|supplies|Aghdam", quotes[Phase.HUMANITARIAN])
    assert re.search(r"peace agreement|future|together", quotes[Phase.LOOKING_FORWARD])
    assert re.search(r"confidence-building|dialogue|meet", quotes[Phase.OPENING], re.I)
    assert re.search(r"realistic|expectations|miracles", quotes[Phase.REALISM])


def test_a_hope_is_never_quoted_without_what_contradicts_it() -> None:
    text = (
        "Many hope that a settlement will come soon; this is far from reality, since neither "
        "leadership has prepared its public for any compromise at all, and the mediators have "
        "lost interest in the process after years of fruitless meetings in several capitals."
    )
    (sentence,) = split_sentences(text)
    span = quote_span(text, sentence)
    assert span is not None
    assert "far from reality" in text[span[0] : span[1]]


def test_a_quote_is_a_whole_sentence_with_its_negation() -> None:
    text = (
        "Contact cannot replace a political agreement, but a political agreement without "
        "contact would not survive its first crisis. The rest is detail."
    )
    first = split_sentences(text)[0]
    span = quote_span(text, first)
    assert text[span[0] : span[1]] == first.text
    assert text[span[0] : span[1]].endswith("first crisis.")


def test_a_long_sentence_without_a_whole_clause_is_not_quoted() -> None:
    text = " ".join(["word"] * (MAX_QUOTE_WORDS + 10)) + "."
    (sentence,) = split_sentences(text)
    assert quote_span(text, sentence) is None


def test_questions_draw_on_the_kind_of_claim() -> None:
    passages = [
        Passage(
            0,
            PassageKind.BODY,
            "Families of the missing persons still wait for news of their relatives, and "
            "humanitarian access to the burial sites is granted only slowly.",
        ),
        Passage(
            1,
            PassageKind.BODY,
            "Both leaderships must take their share of responsibility for the deadlock, "
            "instead of blaming each other.",
        ),
    ]
    candidates = derive_candidates(passages)
    families = {c.family: c for c in candidates}
    assert families["humanitarian"].phase == Phase.HUMANITARIAN
    assert families["responsibility"].phase == Phase.CORE_BELIEFS


def test_no_question_repeats_one_in_the_library(seed: Analysis) -> None:
    library = [c.text for c in seed.candidates]
    again = derive_candidates(seed.passages, CATALOGUE, avoid_questions=library)
    used = {normalise_question(q) for q in library}
    assert again
    assert not {normalise_question(c.question) for c in again} & used


def test_key_phrase_is_a_lower_case_noun_phrase_of_the_sentence() -> None:
    sentence = "The crossing points along the Green Line changed more than the critics admit."
    phrase = key_phrase(sentence)
    assert phrase == "" or (phrase in sentence and phrase == phrase.lower())
    # The sentence's article is kept ("The crossing points" → "the crossing points").
    assert key_phrase(sentence, ("crossing points",)) == "the crossing points"
    assert key_phrase("The debate about crossing points is old.", ("crossing points",)) == (
        "crossing points"
    )


def test_seed_quotes_never_come_from_furniture_or_end_matter(seed: Analysis) -> None:
    for candidate in seed.candidates:
        assert "Borrell" not in candidate.quote and "German" not in candidate.quote
        assert "writes Benyamin Poghosyan" not in candidate.quote


def test_seed_prompts_attribute_rather_than_assert(seed: Analysis) -> None:
    for candidate in seed.candidates:
        assert re.match(r"(The author (writes|argues)|As the author puts it): “", candidate.text)


def test_two_authors_are_introduced_in_the_plural() -> None:
    passages = [
        Passage(0, PassageKind.BODY, "Expectations on both sides are unrealistic, but talks go on.")
    ]
    (candidate, *_) = derive_candidates(passages, plural=True)
    assert candidate.text.startswith(
        ("The authors write", "The authors argue", "As the authors put")
    )


def test_seed_candidates_carry_topic_keys(seed: Analysis) -> None:
    humanitarian = seed.candidates_for(Phase.HUMANITARIAN)
    assert any("humanitarian_crisis" in c.topic_keys for c in humanitarian)


def test_citation_for_a_candidate(seed: Analysis) -> None:
    candidate = seed.candidates_for(Phase.PERCEPTIONS)[0]
    citation = seed.citation(candidate)
    assert isinstance(citation, CitationData)
    assert citation.source_title == seed.title
    assert citation.author == "Benyamin Poghosyan"
    assert citation.outlet == "commonspace.eu"
    assert citation.passage_index == candidate.passage_index
    assert citation.passage_kind == PassageKind.BODY
    assert candidate.quote in citation.passage_text
    assert citation.quote == candidate.quote


# --- other articles -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", FIXTURES[1:], ids=lambda p: p.name)
def test_other_articles_have_well_formed_candidates_for_every_phase_they_support(
    path: Path,
) -> None:
    analysis = load(path)
    assert_well_formed(analysis)
    supported = set()
    for passage in analysis.passages_of(PassageKind.LEAD, PassageKind.BODY):
        for sentence in split_sentences(passage.text):
            kinds = classify(sentence.text)
            supported |= {phase_of(k, [o for o in kinds if o is not k]) for k in kinds}
    assert len(supported) >= 4
    for phase in supported:
        assert analysis.candidates_for(phase), phase


def test_interview_prompts_quote_answers_not_questions() -> None:
    analysis = load(ARTICLES / "interview-youth-dialogue.txt")
    assert analysis.candidates
    for candidate in analysis.candidates:
        assert candidate.text.startswith(("The speaker says", "In the interview, the speaker says"))
        passage = analysis.passages[candidate.passage_index]
        assert not passage.text.startswith("Q:")
        assert not candidate.quote.startswith(("A:", "Q:"))


def test_no_candidates_without_lead_or_body() -> None:
    analysis = analyse("Related articles\n\nNews\n\nPopular", is_html=False, catalogue=CATALOGUE)
    assert analysis.candidates == ()


def test_candidates_per_phase_can_be_limited(seed: Analysis) -> None:
    candidates = derive_candidates(seed.passages, CATALOGUE, per_phase=1)
    assert len(candidates) == len({c.phase for c in candidates}) == len(Phase)


def test_near_duplicate_passages_give_one_candidate() -> None:
    sentence = "Each side remained within its core perceptions about the conflict."
    passages = [
        Passage(0, PassageKind.BODY, sentence),
        Passage(1, PassageKind.BODY, sentence.replace("the conflict", "this conflict")),
    ]
    candidates = derive_candidates(passages)
    quotes = [c.quote for c in candidates]
    assert len(quotes) == 1


def test_candidate_is_frozen() -> None:
    candidate = Candidate(Phase.OPENING, "How?", "a b c d e", 0)
    with pytest.raises(AttributeError):
        candidate.text = "x"  # type: ignore[misc]


# --- summaries --------------------------------------------------------------------------------


def test_analysis_to_dict_is_json_and_has_the_agreed_shape(seed: Analysis) -> None:
    data = analysis_to_dict(seed)
    assert json.loads(json.dumps(data)) == data
    assert data["source"] == {
        "title": seed.title,
        "author": "Benyamin Poghosyan",
        "authors": ["Benyamin Poghosyan"],
        "published": None,
        "outlet": "commonspace.eu",
        "attribution": seed.attribution,
    }
    assert set(data["passages"][0]) == {"index", "kind", "text", "topics"}
    assert data["passages"][0]["kind"] == "title"
    assert [p["index"] for p in data["passages"]] == list(range(len(seed.passages)))
    assert set(data["candidates"][0]) == {"phase", "text", "quote", "passage_index"}
    assert {c["phase"] for c in data["candidates"]} == {p.value for p in Phase}
    for candidate in data["candidates"]:
        assert candidate["quote"] in data["passages"][candidate["passage_index"]]["text"]


def test_summary_text(seed: Analysis) -> None:
    summary = summary_text(seed)
    assert "Author:  Benyamin Poghosyan" in summary
    assert "Outlet:  commonspace.eu" in summary
    assert "title 1, lead 1, body 7, attribution 1, caption 1, disclaimer 1, furniture" in summary
    assert "Topics tagged" in summary and "humanitarian_crisis" in summary
    for phase in Phase:
        assert f"[{phase.label}]" in summary
    assert re.search(r"Candidates: \d+ \(opening \d, perceptions \d", summary)


def test_summary_text_without_topics_or_candidates() -> None:
    analysis = analyse("Just a line", is_html=False, catalogue=())
    summary = summary_text(analysis)
    assert "Topics tagged: none" in summary
    assert "Candidates: 0" in summary
