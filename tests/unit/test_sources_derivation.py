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
    MAX_SIMILARITY,
    Candidate,
    _clauses,
    _jaccard,
    _token_set,
    derive_candidates,
    phase_cues,
    quote_span,
)
from planner.sources.pipeline import Passage
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
    """The rules every candidate of every article must follow (PRODUCT §5)."""
    for candidate in analysis.candidates:
        passage = analysis.passages[candidate.passage_index]
        assert passage.index == candidate.passage_index
        assert passage.kind in (PassageKind.LEAD, PassageKind.BODY)
        quote = candidate.quote
        assert quote in passage.text
        assert passage.text[candidate.quote_start : candidate.quote_start + len(quote)] == quote
        assert 5 <= len(quote.split()) <= 25, quote
        assert quote[0] not in EDGE_PUNCTUATION and quote[-1] not in EDGE_PUNCTUATION, quote
        text = candidate.text
        assert text.endswith("?")
        assert text.startswith(("The author ", "The speaker ")), text
        assert f'"{quote}"' in text
        question = text.split(f'"{quote}". ', 1)[1]
        assert OPENERS.match(question), question
        assert question.count("?") == 1
    for first, second in combinations(analysis.candidates, 2):
        similarity = _jaccard(_token_set(first.quote), _token_set(second.quote))
        assert similarity <= MAX_SIMILARITY, (first.quote, second.quote)
    for phase in Phase:
        assert len(analysis.candidates_for(phase)) <= CANDIDATES_PER_PHASE


# --- the seed -------------------------------------------------------------------------------


def test_seed_has_two_to_four_candidates_for_every_phase(seed: Analysis) -> None:
    for phase in Phase:
        assert 2 <= len(seed.candidates_for(phase)) <= 4, phase
    assert_well_formed(seed)


def test_seed_candidates_are_in_phase_order(seed: Analysis) -> None:
    order = list(Phase)
    positions = [order.index(c.phase) for c in seed.candidates]
    assert positions == sorted(positions)


def test_seed_candidates_match_their_phases(seed: Analysis) -> None:
    quotes = {phase: [c.quote for c in seed.candidates_for(phase)] for phase in Phase}
    assert "each side remained within its core perceptions" in quotes[Phase.PERCEPTIONS]
    assert (
        "no miracles are possible and that any solution requires painful decisions"
        in quotes[Phase.REALISM]
    )
    assert any("core beliefs" in q or "echo-chamber" in q for q in quotes[Phase.CORE_BELIEFS])
    assert any(
        re.search(r"humanitarian|starvation|hunger|supplies|Aghdam", q)
        for q in quotes[Phase.HUMANITARIAN]
    )
    assert any("starvation conditions" in q for q in quotes[Phase.HUMANITARIAN])
    assert any("peace agreement" in q for q in quotes[Phase.LOOKING_FORWARD])
    assert any(
        re.search(r"confidence-building|dialogue|bring together", q) for q in quotes[Phase.OPENING]
    )


def test_seed_quotes_never_come_from_furniture_or_end_matter(seed: Analysis) -> None:
    for candidate in seed.candidates:
        assert "Borrell" not in candidate.quote and "German" not in candidate.quote
        assert "writes Benyamin Poghosyan" not in candidate.quote


def test_seed_prompts_attribute_rather_than_assert(seed: Analysis) -> None:
    for candidate in seed.candidates:
        assert candidate.text.startswith("The author ")
        assert re.match(r'The author (writes|argues|observes|says)( that)?:? "', candidate.text)


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
def test_other_articles_have_well_formed_candidates_for_every_phase(path: Path) -> None:
    analysis = load(path)
    assert_well_formed(analysis)
    for phase in Phase:
        assert analysis.candidates_for(phase), phase


def test_interview_prompts_quote_answers_not_questions() -> None:
    analysis = load(ARTICLES / "interview-youth-dialogue.txt")
    for candidate in analysis.candidates:
        assert candidate.text.startswith("The speaker says")
        passage = analysis.passages[candidate.passage_index]
        assert not passage.text.startswith("Q:")
        assert not candidate.quote.startswith(("A:", "Q:"))


def test_no_candidates_without_lead_or_body() -> None:
    analysis = analyse("Related articles\n\nNews\n\nPopular", is_html=False, catalogue=CATALOGUE)
    assert analysis.candidates == ()


def test_candidates_per_phase_can_be_limited(seed: Analysis) -> None:
    candidates = derive_candidates(seed.passages, CATALOGUE, per_phase=1)
    assert [c.phase for c in candidates] == list(Phase)


def test_near_duplicate_passages_give_one_candidate() -> None:
    sentence = "Each side remained within its core perceptions about the conflict."
    passages = [
        Passage(0, PassageKind.BODY, sentence),
        Passage(1, PassageKind.BODY, sentence.replace("the conflict", "this conflict")),
    ]
    candidates = derive_candidates(passages)
    quotes = [c.quote for c in candidates]
    assert len(quotes) == 1


def test_catalogue_topics_lend_their_keywords_to_phases() -> None:
    cues = phase_cues(CATALOGUE)
    assert "Lachin corridor" in cues[Phase.HUMANITARIAN]
    assert "painful decisions" in cues[Phase.REALISM]
    assert "core beliefs" in cues[Phase.CORE_BELIEFS]
    assert "Minsk Group" not in cues[Phase.HUMANITARIAN]


# --- quoting ----------------------------------------------------------------------------------


def _quote(text: str, focus_word: str) -> str | None:
    clauses = _clauses(text, 0, len(text))
    at = text.index(focus_word)
    index = next(i for i, (a, b) in enumerate(clauses) if a <= at < b)
    span = quote_span(text, clauses, index, (at, at + len(focus_word)))
    return None if span is None else text[span[0] : span[1]]


def test_quote_keeps_lists_of_adjectives_together() -> None:
    text = (
        "One may approve or criticize their position, but either option does not give "
        "legal, political, and moral rights to create starvation conditions for up to 120000 "
        "people."
    )
    assert _quote(text, "starvation") == (
        "either option does not give legal, political, and moral rights to create starvation "
        "conditions for up to 120000 people"
    )


def test_quote_drops_connectives_and_participle_that() -> None:
    text = (
        "The participants are more realistic in their expectations and assessments of the "
        "situation, understanding that no miracles are possible and that any solution requires "
        "painful decisions, especially from the Armenian side."
    )
    assert _quote(text, "painful") == (
        "no miracles are possible and that any solution requires painful decisions"
    )
    text = "At the same time, each side remained within its core perceptions – nothing else."
    assert _quote(text, "perceptions") == "each side remained within its core perceptions"


def test_quote_keeps_a_short_quoted_term_and_cuts_long_clauses_around_the_focus() -> None:
    text = (
        "They seek a difficult balance between being realistic and avoiding putting themselves "
        "into “echo-chamber”, situations while not rejecting their core beliefs on the "
        "acceptable ways of conflict settlement."
    )
    quote = _quote(text, "core beliefs")
    assert quote is not None
    assert "core beliefs" in quote and "“echo-chamber”" in quote
    assert 5 <= len(quote.split()) <= 25


def test_quote_is_refused_when_too_short_or_dangling() -> None:
    assert _quote("Peace, now.", "Peace") is None
    text = "Thus, Nagorno Karabakh should receive supplies from or, at least, also from Azerbaijan."
    quote = _quote(text, "supplies")
    assert quote is None or not quote.endswith(" or")


def test_quote_strips_unbalanced_quotation_marks() -> None:
    text = '"Confidence-building measures are a necessary element in any strategy", he wrote.'
    assert _quote(text, "strategy") == (
        "Confidence-building measures are a necessary element in any strategy"
    )


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
