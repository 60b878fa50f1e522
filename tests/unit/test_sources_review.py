"""Pure rules of the candidate review (planner.sources.review)."""

from __future__ import annotations

import pytest

from planner.sources.derivation import Candidate
from planner.sources.review import (
    QUESTION_MAX,
    ReviewItem,
    candidate_key,
    claim_pieces,
    question_problem,
)
from planner.vocabulary import PassageKind, Phase


@pytest.mark.parametrize(
    "text",
    [
        "What would a realistic next step look like from where you stand?",
        "The author says “no miracles are possible”. How do you read that?",
        "Which humanitarian needs should be kept apart from politics?",
        "Ինչպե՞ս եք տեսնում դա? ",
        "Как вы это видите?",
    ],
)
def test_open_questions_are_acceptable(text):
    assert question_problem(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write the prompt"),
        ("   ", "Write the prompt"),
        ("Trust grows slowly.", "not a statement"),
        ("Do you agree with the author?", "yes or no"),
        ("The author says x. Don’t you think so?", "yes or no"),
        ("Is trust possible?", "yes or no"),
        ("Why? " * QUESTION_MAX, "at most"),
    ],
)
def test_statements_and_yes_no_questions_are_refused(text, message):
    assert message in question_problem(text)


def test_candidate_key_depends_on_phase_and_quote_only():
    a = Candidate(Phase.REALISM, "What now?", "no miracles are possible", 3, 10)
    b = Candidate(Phase.REALISM, "Another wording?", "no miracles are possible", 3, 10)
    assert candidate_key(a) == candidate_key(b)
    assert candidate_key(a) != candidate_key(
        Candidate(Phase.OPENING, "What now?", "no miracles are possible", 3, 10)
    )
    # A merge or split before the passage moves it; its decided candidates stay decided.
    assert candidate_key(a) == candidate_key(
        Candidate(Phase.REALISM, "What now?", "no miracles are possible", 4, 10)
    )


def test_review_item_splits_its_passage_around_the_exact_quote():
    text = "He wrote that no miracles are possible here."
    candidate = Candidate(Phase.REALISM, "Why?", "no miracles are possible", 0, 14)
    item = ReviewItem("k", candidate, 0, PassageKind.BODY, text)
    assert item.quote_in_passage == ("He wrote that ", "no miracles are possible", " here.")


def test_claims_are_marked_in_body_passages_only():
    text = "Talks resumed. However, each side remained within its core perceptions."
    pieces = claim_pieces(PassageKind.BODY, text)
    assert "".join(piece for piece, _ in pieces) == text
    assert [piece for piece, is_claim in pieces if is_claim] == [
        "However, each side remained within its core perceptions."
    ]
    assert claim_pieces(PassageKind.FURNITURE, text) == [(text, False)]
