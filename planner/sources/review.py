"""Reviewing the prompt candidates of a stored source (PRODUCT §7 step 4): pure rules.

Candidates are not stored: they are derived again from the source's stored passages
(as a facilitator may have corrected them) by the pipeline, which is deterministic. A
facilitator's decision (accept or reject) is stored under the candidate's
:func:`candidate_key` — its phase and quote — so the decision still applies when the
page is loaded again, and after passages before it were merged or split.

Pure: no Flask, no database.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from planner.i18n import gettext as _
from planner.sources.derivation import Candidate
from planner.sources.pipeline import Analysis, reanalyse
from planner.sources.tagging import find_claims, split_sentences
from planner.vocabulary import PassageKind, Phase
from planner.workshop_data import TopicData

#: Longest prompt text a facilitator may write when editing a candidate.
QUESTION_MAX = 1000

#: First words of a yes/no question: such a question leads to one answer, it does not
#: invite perspectives (PRODUCT §5, "What a good prompt is").
_CLOSED_OPENERS = frozenset(
    {
        *("is", "are", "was", "were", "am", "do", "does", "did", "can", "could", "should"),
        *("would", "will", "shall", "has", "have", "had", "may", "might", "must"),
        *("isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "can't"),
        *("couldn't", "shouldn't", "wouldn't", "won't", "hasn't", "haven't", "hadn't"),
    }
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def candidate_key(candidate: Candidate) -> str:
    """A stable key for a candidate: the same phase and quote give the same key.

    The passage's position is left out, so that merging or splitting passages before it
    does not make a decided candidate look new.
    """
    raw = f"{candidate.phase.value}\x1f{candidate.quote}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def question_problem(text: str) -> str | None:
    """Why ``text`` is not an acceptable prompt, or ``None`` if it is.

    A prompt is an open question: it ends with "?" and its question does not begin as a
    yes/no question ("Do you agree…?").
    """
    text = " ".join(text.split())
    if not text:
        return _("Write the prompt: an open question ending with “?”.")
    if len(text) > QUESTION_MAX:
        return _("A prompt is at most %(num)d characters long.", num=QUESTION_MAX)
    if not text.rstrip("\"'”’» )").endswith("?"):
        return _(
            "A prompt must be an open question ending with “?”, not a statement: "
            "ask what, how, why or which."
        )
    sentences = split_sentences(text)
    question = sentences[-1].text if sentences else text
    words = _WORD.findall(question.replace("’", "'"))
    if words and words[0].lower() in _CLOSED_OPENERS:
        return _(
            "Ask an open question (what, how, why, which…) rather than one answered with yes or no."
        )
    return None


def stored_analysis(
    *,
    title: str,
    authors: Sequence[str],
    outlet: str,
    attribution: str,
    stored_passages: Sequence[tuple[PassageKind, str]],
    catalogue: Sequence[TopicData],
    library_questions: Collection[str] = (),
) -> Analysis:
    """The analysis of a stored source as it now is: candidates are derived from its
    passages (with any correction a facilitator made), not from the text as imported.
    No candidate asks a question the library already has (``library_questions``)."""
    return reanalyse(
        title=title,
        authors=authors,
        outlet=outlet,
        attribution=attribution,
        stored=stored_passages,
        catalogue=catalogue,
        avoid_questions=library_questions,
    )


@dataclass(frozen=True)
class ReviewItem:
    """A candidate still waiting for a decision, with its key and passage for the page."""

    key: str
    candidate: Candidate
    passage_index: int
    passage_kind: PassageKind
    passage_text: str

    @property
    def quote_in_passage(self) -> tuple[str, str, str]:
        """The passage split around the exact quoted span: (before, quote, after)."""
        start = self.candidate.quote_start
        end = start + len(self.candidate.quote)
        if self.passage_text[start:end] != self.candidate.quote:
            return self.passage_text, "", ""
        return self.passage_text[:start], self.candidate.quote, self.passage_text[end:]


def pending_by_phase(
    analysis: Analysis, decided: Collection[str], quoted: Collection[str] = ()
) -> dict[Phase, list[ReviewItem]]:
    """The candidates with no decision yet, grouped by phase in phase order; a candidate
    quoting words a prompt already quotes (``quoted``) is not offered again."""
    grouped: dict[Phase, list[ReviewItem]] = {phase: [] for phase in Phase}
    for candidate in analysis.candidates:
        key = candidate_key(candidate)
        if key in decided or candidate.quote in quoted:
            continue
        passage = analysis.passages[candidate.passage_index]
        grouped[candidate.phase].append(
            ReviewItem(key, candidate, passage.index, passage.kind, passage.text)
        )
    return grouped


def find_candidate(analysis: Analysis, key: str) -> Candidate | None:
    """The candidate of ``analysis`` with ``key``, if it is (still) proposed."""
    return next((c for c in analysis.candidates if candidate_key(c) == key), None)


#: Kinds whose sentences may hold claims (the article's own argument).
CLAIM_KINDS = frozenset({PassageKind.LEAD, PassageKind.BODY})


def claim_pieces(kind: PassageKind, text: str) -> list[tuple[str, bool]]:
    """``text`` cut into pieces, each marked whether it is a claim worth discussing."""
    if PassageKind(kind) not in CLAIM_KINDS:
        return [(text, False)]
    pieces: list[tuple[str, bool]] = []
    at = 0
    for claim in find_claims(text, split_sentences(text)):
        if claim.start > at:
            pieces.append((text[at : claim.start], False))
        pieces.append((text[claim.start : claim.end], True))
        at = claim.end
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces
