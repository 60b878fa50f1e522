"""Proposing discussion prompts from an article's passages (PRODUCT §5, §7 step 4).

For every phase of a workshop (:class:`~planner.vocabulary.Phase`) a list of cue words says
what content belongs to it (the purpose of dialogue for the opening, how each side sees
the other for perceptions, expectations and painful decisions for realism, echo chambers
and core beliefs, supplies and starvation for the humanitarian phase, a peace agreement
and next steps for looking forward). Catalogue topics whose name or keywords contain a
phase's cue lend that phase their keywords too.

Every lead or body sentence is split into clauses; a clause holding cues is a *site*,
scored by its cues, by claim markers in its sentence, and by being body rather than lead.
The best sites of each phase (at most :data:`SITES_PER_PHASE`, kept in a bounded heap)
become candidates, round-robin over the phases, skipping any whose quote is a near
duplicate (token Jaccard similarity above :data:`MAX_SIMILARITY`) of one already kept.

A candidate quotes a short span (5–25 words, cut at clause boundaries, no leading or
trailing punctuation), always a verbatim substring of its passage, attributed to the
author ("The author argues that "…"."), followed by an open question that people from
either community can answer from their own experience.

Pure: no Flask, no database.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from planner.sources.segmentation import LEAD_PHRASE as _ABOUT_THE_PIECE
from planner.sources.tagging import (
    CUE_MARK,
    Claim,
    find_any,
    keyword_matcher,
    split_sentences,
    topic_keys_for,
)
from planner.vocabulary import PassageKind, Phase
from planner.workshop_data import TopicData

#: How many sites of each phase are considered (bounds the duplicate check).
SITES_PER_PHASE = 10
#: Default number of candidates kept per phase.
CANDIDATES_PER_PHASE = 4
#: Quotes more similar than this (token Jaccard) are near duplicates.
MAX_SIMILARITY = 0.6
#: A site from a sentence not quoted yet is preferred if it scores at most this much less.
FRESH_MARGIN = 3
#: How far (in characters) from its cue words a long clause is looked at when cut.
_NEAR = 400
MIN_QUOTE_WORDS = 5
MAX_QUOTE_WORDS = 25

PHASE_CUES: dict[Phase, tuple[str, ...]] = {
    Phase.OPENING: (
        "dialogue",
        "confidence-building",
        "confidence building measures",
        "CBM",
        "CBMs",
        "track two",
        "track 2",
        "track two diplomacy",
        "people-to-people",
        "bring together",
        "bringing together",
        "speak with each other",
        "talk to each other",
        "meeting",
        "meet",
        "met",
        "trust",
        "purpose",
        "goal",
        "civil society",
        "exchange",
        "encounter",
        "socializing",
        "socialising",
        "listen",
    ),
    Phase.PERCEPTIONS: (
        "perception",
        "perceive",
        "each side",
        "both sides",
        "other side",
        "the other",
        "see each other",
        "view",
        "views",
        "narrative",
        "image of",
        "stereotype",
        "enemy",
        "mistrust",
        "distrust",
        "argue",
        "claim",
        "recognize",
        "recognise",
        "believe",
        "fear",
        "suspicion",
        "understand",
    ),
    Phase.REALISM: (
        "realistic",
        "realism",
        "unrealistic",
        "expectation",
        "expect",
        "painful",
        "painful decisions",
        "miracle",
        "no miracles",
        "compromise",
        "concession",
        "accept",
        "acceptable",
        "balance",
        "disappointment",
        "illusion",
        "pragmatic",
        "satisfy",
        "sacrifice",
        "trade-off",
        "lose the war",
    ),
    Phase.CORE_BELIEFS: (
        "echo chamber",
        "core belief",
        "core beliefs",
        "belief",
        "identity",
        "values",
        "principle",
        "conviction",
        "red line",
        "position",
        "logic",
        "reject",
        "dignity",
        "justice",
        "homeland",
        "memory",
        "truth",
        "ideology",
    ),
    Phase.HUMANITARIAN: (
        "humanitarian",
        "supply",
        "supplies",
        "starvation",
        "starve",
        "hunger",
        "food",
        "medicine",
        "medical",
        "blockade",
        "corridor",
        "civilian",
        "refugee",
        "displaced",
        "missing persons",
        "prisoner",
        "detainee",
        "landmine",
        "death",
        "suffering",
        "human rights",
        "basic needs",
    ),
    Phase.LOOKING_FORWARD: (
        "peace agreement",
        "peace treaty",
        "peace process",
        "prevent another war",
        "another war",
        "next step",
        "future",
        "negotiation",
        "settlement",
        "resume",
        "reconciliation",
        "normalisation",
        "normalization",
        "way forward",
        "long-term",
        "generation",
        "coexistence",
        "lasting peace",
        "sustainable peace",
        "rebuild",
        "breakthrough",
        "end conflicts",
    ),
}

_VERBS: dict[Phase, str] = {
    Phase.OPENING: "writes",
    Phase.PERCEPTIONS: "observes",
    Phase.REALISM: "says",
    Phase.CORE_BELIEFS: "writes",
    Phase.HUMANITARIAN: "argues",
    Phase.LOOKING_FORWARD: "writes",
}

QUESTIONS: dict[Phase, tuple[str, ...]] = {
    Phase.OPENING: (
        "What do you hope meetings like this one can achieve, and what can they not?",
        "In your experience, what makes dialogue between the two communities worth it, "
        "even when official talks stall?",
        "What would make it worthwhile for you to keep taking part in such meetings?",
        "How would you explain to friends at home why you came to this workshop?",
    ),
    Phase.PERCEPTIONS: (
        "What, if anything, has changed in how you see the other side, and what has not?",
        "How do you think people on the other side would describe this, and how would you?",
        "Which experiences have shaped how your community sees the other, and what might be "
        "missing from that picture?",
        "In your experience, where do the two communities' accounts of this differ most?",
    ),
    Phase.REALISM: (
        "What would a realistic but acceptable next step look like from where you stand?",
        "How do you tell the difference between being realistic and giving up something essential?",
        "Which expectations in your community are hardest to talk about openly, and why?",
        "In your experience, what helps people accept that some hopes may not be met?",
    ),
    Phase.CORE_BELIEFS: (
        "How do you stay open to the other side's arguments without giving up what your "
        "community holds most deeply?",
        "In your experience, what helps people step outside the views of their own circle, "
        "and what makes that risky?",
        "Which of your own convictions would you find hardest to discuss here, and why?",
        "What would you want the other side to understand about what matters most to you?",
    ),
    Phase.HUMANITARIAN: (
        "Which humanitarian needs should be kept apart from political disagreement, and who "
        "could be trusted to guarantee that?",
        "How does a situation like this affect people you know, and what would ease it?",
        "What could people on both sides do, together or separately, to protect civilians' "
        "access to basic needs?",
        "In your experience, when have humanitarian concerns brought people together rather "
        "than apart?",
    ),
    Phase.LOOKING_FORWARD: (
        "What would need to happen for you to believe that a lasting peace is possible?",
        "Which next steps, however small, could people in this room take after the workshop?",
        "How could dialogue between your communities help prevent a return to violence?",
        "What would you want the next generation to inherit from this period?",
    ),
}

_CONNECTIVE_PHRASES = frozenset(
    {
        "however",
        "nevertheless",
        "nonetheless",
        "of course",
        "at the same time",
        "in theory",
        "in practice",
        "in this context",
        "thus",
        "therefore",
        "moreover",
        "furthermore",
        "in fact",
        "indeed",
        "at the end of the day",
        "for example",
        "for instance",
        "in other words",
        "as a result",
        "meanwhile",
        "still",
        "instead",
        "then",
        "so",
        "yet",
        "but",
        "and",
        "also",
        "first",
        "second",
        "third",
        "finally",
        "besides",
        "hence",
        "in addition",
        "on the other hand",
        "after all",
        "in short",
        "today",
        "now",
        "since then",
        "in the end",
        "above all",
        "in my view",
        "in my opinion",
        "i think",
        "i believe",
    }
)
_LEADING_WORDS = frozenset(
    [
        "and",
        "but",
        "or",
        "so",
        "thus",
        "that",
        "which",
        "yet",
        "then",
        "also",
        "while",
        "whilst",
        "whereas",
        "because",
        "as",
    ]
)
_STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "and",
        "or",
        "in",
        "on",
        "for",
        "with",
        "by",
        "from",
        "that",
        "which",
        "its",
        "their",
        "his",
        "her",
        "as",
        "at",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "this",
        "these",
        "those",
        "it",
        "they",
        "we",
        "our",
        "your",
        "into",
        "upon",
        "than",
    ]
)
_DANGLING = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "and",
        "or",
        "nor",
        "but",
        "in",
        "on",
        "for",
        "with",
        "by",
        "from",
        "into",
        "upon",
        "than",
        "as",
        "at",
        "via",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "my",
        "not",
        "no",
        "very",
        "such",
        "between",
        "whether",
        "if",
        "because",
        "although",
        "while",
        "whilst",
        "whereas",
        "can",
        "could",
        "will",
        "would",
        "should",
        "must",
        "may",
        "might",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "which",
        "who",
        "whose",
    ]
)
_THAT_OPENERS = frozenset(
    [
        "the",
        "a",
        "an",
        "each",
        "no",
        "many",
        "some",
        "all",
        "any",
        "every",
        "most",
        "both",
        "either",
        "neither",
        "none",
        "few",
        "one",
        "this",
        "these",
        "those",
        "there",
        "it",
        "they",
        "we",
        "he",
        "she",
        "people",
        "participants",
    ]
)
_BOUNDARY_WORDS = frozenset(
    [
        "that",
        "which",
        "while",
        "whilst",
        "whereas",
        "because",
        "although",
        "though",
        "but",
        "and",
        "or",
        "as",
        "when",
        "if",
        "who",
        "where",
        "since",
        "until",
        "so",
        "thus",
        "including",
        "especially",
        "whether",
        "unless",
    ]
)
_CLAUSE_BREAK = re.compile(r"\s*[,;:()\[\]]\s*|\s+[–—-]\s+|\s*—\s*")
_SPEAKER_LABEL = re.compile(r"^(?:[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2})\s*:\s+")
_PRONOUN_START = re.compile(
    r"(?:it|this|that|these|those|they|he|she|who|which|whom|whose|where|when)\b", re.IGNORECASE
)
_PARTICIPLE_THAT = re.compile(r"^\w+ing that\s+")
_TOKENS = re.compile(r"\w+")
_TRIM = " \t\n.,;:!?…–—-()[]{}/*•|"
_QUOTE_PAIRS = {'"': '"', "“": "”", "‘": "’", "«": "»", "„": "“", "'": "'"}
_ALL_QUOTES = "\"“”‘’«»„'"


class PassageLike(Protocol):
    """What derivation needs of a passage."""

    @property
    def index(self) -> int: ...

    @property
    def kind(self) -> PassageKind: ...

    @property
    def text(self) -> str: ...

    @property
    def claims(self) -> tuple[Claim, ...]: ...


@dataclass(frozen=True)
class Candidate:
    """A proposed prompt: its phase, wording, and the exact span of the passage it quotes.

    ``quote == passage.text[quote_start:quote_start + len(quote)]``.
    """

    phase: Phase
    text: str
    quote: str
    passage_index: int
    quote_start: int = 0
    topic_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Site:
    phase: Phase
    passage_index: int
    text: str  # passage text
    sentence: tuple[int, int]
    pieces: list[tuple[int, int]]  # the sentence's clauses, shared by its sites
    piece_index: int
    focus: tuple[int, int]


def phase_cues(catalogue: Sequence[TopicData] = ()) -> dict[Phase, tuple[str, ...]]:
    """Each phase's cues, extended with the keywords of the catalogue topics it relates to."""
    cues = {phase: list(words) for phase, words in PHASE_CUES.items()}
    for topic in catalogue:
        # A topic's weak cues ("~status") are words like its phrases here: a phase cue
        # only ranks sentences, it does not name the topic.
        keywords = [k.strip().removeprefix(CUE_MARK).strip() for k in topic.keywords]
        described = " | ".join((topic.key.replace("_", " "), topic.name, *keywords))
        for phase, words in PHASE_CUES.items():
            if find_any(words, described):
                cues[phase].extend(k for k in keywords if k)
    return {phase: tuple(dict.fromkeys(words)) for phase, words in cues.items()}


def derive_candidates(
    passages: Sequence[PassageLike],
    catalogue: Sequence[TopicData] = (),
    *,
    speaker: str = "The author",
    per_phase: int = CANDIDATES_PER_PHASE,
) -> list[Candidate]:
    """Candidate prompts for every phase, from the lead and body ``passages``.

    At most ``per_phase`` per phase, in phase order; quotes are verbatim substrings of
    their passages and no two quotes are near duplicates.
    """
    cues = phase_cues(catalogue)
    matchers = [(phase, keyword_matcher(cues[phase])) for phase in Phase]
    heaps: dict[Phase, list[tuple[int, int, _Site]]] = {phase: [] for phase in Phase}
    order = 0
    for passage in passages:
        if passage.kind not in (PassageKind.LEAD, PassageKind.BODY):
            continue
        text = passage.text
        claimed = {(c.start, c.end) for c in passage.claims}
        body_bonus = 1 if passage.kind == PassageKind.BODY else 0
        for sentence in split_sentences(text):
            if sentence.text.rstrip(_ALL_QUOTES + " )").endswith("?"):
                continue
            if len(sentence.text.split()) < MIN_QUOTE_WORDS:
                continue
            if len(sentence.text) < 2000 and _ABOUT_THE_PIECE.search(sentence.text):
                continue  # "writes X in this op-ed for Y": about the piece, not a claim
            claim_bonus = 2 if (sentence.start, sentence.end) in claimed else 0
            pieces: list[tuple[int, int]] | None = None
            lowered = sentence.text.lower()
            for phase, matcher in matchers:
                hits = matcher.spans(sentence.text, lowered)
                if not hits:
                    continue
                if pieces is None:
                    pieces = _clauses(text, sentence.start, sentence.end)
                sentence_cues = {sentence.text[a:b].lower() for a, b in hits}
                by_piece: dict[int, list[tuple[int, int]]] = {}
                starts = [a for a, _ in pieces]
                for a, b in hits:
                    at = bisect.bisect_right(starts, sentence.start + a) - 1
                    if at >= 0 and sentence.start + a < pieces[at][1]:
                        by_piece.setdefault(at, []).append((sentence.start + a, sentence.start + b))
                for piece_index, inside in by_piece.items():
                    piece = pieces[piece_index]
                    cue_words = {text[a:b].lower() for a, b in inside}
                    weight = sum(2 if re.search(r"[\s-]", cue) else 1 for cue in cue_words)
                    context = min(2, len(sentence_cues - cue_words))
                    score = 3 * weight + context + claim_bonus + body_bonus
                    if _PRONOUN_START.match(text, piece[0]):
                        score -= 2
                    if _word_count(text[piece[0] : piece[1]]) < 7:
                        score -= 1
                    focus = inside[0]
                    site = _Site(
                        phase,
                        passage.index,
                        text,
                        (sentence.start, sentence.end),
                        pieces,
                        piece_index,
                        focus,
                    )
                    order += 1
                    entry = (score, -order, site)
                    heap = heaps[phase]
                    if len(heap) < SITES_PER_PHASE:
                        heapq.heappush(heap, entry)
                    elif entry[:2] > heap[0][:2]:
                        heapq.heapreplace(heap, entry)

    queues = {
        phase: [(score, site) for score, _, site in sorted(heap, key=lambda e: (-e[0], -e[1]))]
        for phase, heap in heaps.items()
    }
    kept: list[Candidate] = []
    kept_tokens: list[set[str]] = []
    counts = dict.fromkeys(Phase, 0)
    used: set[str] = set()
    for _ in range(per_phase):
        for phase in Phase:
            queue = queues[phase]
            while queue:
                # Prefer a sentence not quoted yet, so that candidates spread over the text.
                best = queue[0][0]
                fresh = next(
                    (
                        i
                        for i, (score, s) in enumerate(queue)
                        if score >= best - FRESH_MARGIN and _sentence_of(s) not in used
                    ),
                    0,
                )
                site = queue.pop(fresh)[1]
                span = quote_span(site.text, site.pieces, site.piece_index, site.focus)
                if span is None:
                    continue
                quote = site.text[span[0] : span[1]]
                tokens = _token_set(quote)
                if any(_jaccard(tokens, other) > MAX_SIMILARITY for other in kept_tokens):
                    continue
                sentence_text = site.text[site.sentence[0] : site.sentence[1]]
                kept.append(
                    Candidate(
                        phase=phase,
                        text=_phrase(phase, quote, counts[phase], speaker),
                        quote=quote,
                        passage_index=site.passage_index,
                        quote_start=span[0],
                        topic_keys=topic_keys_for(sentence_text, catalogue),
                    )
                )
                kept_tokens.append(tokens)
                used.add(_sentence_of(site))
                counts[phase] += 1
                break
    phase_order = {phase: n for n, phase in enumerate(Phase)}
    kept.sort(key=lambda c: phase_order[c.phase])
    return kept


def _sentence_of(site: _Site) -> str:
    return site.text[site.sentence[0] : site.sentence[1]]


def _phrase(phase: Phase, quote: str, rank: int, speaker: str) -> str:
    questions = QUESTIONS[phase]
    question = questions[rank % len(questions)]
    verb = _VERBS[phase] if speaker == "The author" else "says"
    if quote.split()[0].lower() in _THAT_OPENERS and quote[:1].islower():
        return f'{speaker} {verb} that "{quote}". {question}'
    return f'{speaker} {verb}: "{quote}". {question}'


def _token_set(text: str) -> set[str]:
    return {t for t in _TOKENS.findall(text.lower()) if t not in _STOPWORDS} or set(
        _TOKENS.findall(text.lower())
    )


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _word_count(text: str) -> int:
    return len(text.split())


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause spans of ``text[start:end]``: split at , ; : ( ) and dashes, short bits merged.

    A leading speaker label ("A:", "Nino Beridze:") and leading connectives ("However",
    "Of course") are left out; pieces of one or two words (list items such as "legal,
    political, and moral") are merged with their neighbours.
    """
    label = _SPEAKER_LABEL.match(text, start, end)
    if label is not None and label.end() < end:
        start = label.end()
    raw: list[tuple[int, int]] = []
    position = start
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        # “echo-chamber”, situations: a comma after a closing quote, lower case next, is
        # punctuation misplaced inside a clause, not a clause break.
        if (
            match.group().strip() == ","
            and text[match.end() : match.end() + 1].islower()
            and _short_quoted_term_before(text, start, match.start())
        ):
            continue
        if match.start() > position:
            raw.append((position, match.start()))
        position = match.end()
    if position < end:
        raw.append((position, end))
    raw = [span for span in raw if text[span[0] : span[1]].strip(_TRIM + _ALL_QUOTES)]
    while len(raw) > 1 and _is_connective(text[raw[0][0] : raw[0][1]]):
        raw.pop(0)
    merged: list[list[int]] = []
    join_next = False
    for position, (a, b) in enumerate(raw):
        # A short piece inside the sentence is a list item ("legal, political, and moral"):
        # it joins both neighbours. A short last piece ("he wrote") stands alone.
        minor = _word_count(text[a:b]) <= 2 and position < len(raw) - 1
        if merged and (join_next or minor):
            merged[-1][1] = b
        else:
            merged.append([a, b])
        join_next = minor
    return [(a, b) for a, b in merged]


def _short_quoted_term_before(text: str, start: int, comma: int) -> bool:
    """Whether a quoted term of at most three words closes right before ``comma``."""
    if comma <= start or text[comma - 1] not in '”"’':
        return False
    closing = text[comma - 1]
    opening = {"”": "“", '"': '"', "’": "‘"}[closing]
    begin = text.rfind(opening, start, comma - 1)
    return begin >= 0 and _word_count(text[begin + 1 : comma - 1]) <= 3


def _is_connective(piece: str) -> bool:
    key = " ".join(piece.lower().strip(_TRIM + _ALL_QUOTES).split())
    return key in _CONNECTIVE_PHRASES or (
        _word_count(key) <= 2 and key.endswith("ly") and " " not in key
    )


def quote_span(
    text: str,
    clauses: Sequence[tuple[int, int]],
    index: int,
    focus: tuple[int, int] | None = None,
) -> tuple[int, int] | None:
    """The span of ``text`` to quote for ``clauses[index]``: 5–25 words, trimmed, or ``None``.

    A short clause is joined with its neighbours; a long one is cut around ``focus`` (the
    cue words), which stays inside the span.
    """
    start, end = clauses[index]
    words = _word_count(text[start:end])
    if words < MIN_QUOTE_WORDS:
        start, end = _widen(text, clauses, index)
    elif words > MAX_QUOTE_WORDS:
        start, end = _narrow(text, start, end, focus or (start, start))
    span = _trim(text, start, end)
    if span is None:
        return None
    quoted = text[span[0] : span[1]]
    if not MIN_QUOTE_WORDS <= _word_count(quoted) <= MAX_QUOTE_WORDS:
        return None
    if quoted.split()[-1].lower().strip(_ALL_QUOTES) in _DANGLING:
        return None  # a fragment such as "should receive supplies from or"
    return span


def _widen(text: str, clauses: Sequence[tuple[int, int]], index: int) -> tuple[int, int]:
    """Join neighbouring clauses until the span has five words (and at most 25)."""
    low = high = index
    a, b = clauses[index]
    while _word_count(text[a:b]) < MIN_QUOTE_WORDS:
        if high + 1 < len(clauses) and _word_count(text[a : clauses[high + 1][1]]) <= 25:
            high += 1
        elif low > 0 and _word_count(text[clauses[low - 1][0] : b]) <= 25:
            low -= 1
        else:
            break
        a, b = clauses[low][0], clauses[high][1]
    return a, b


def _narrow(text: str, start: int, end: int, focus: tuple[int, int]) -> tuple[int, int]:
    """Cut a long clause to at most 25 words around ``focus``, at clause-like boundaries.

    Boundaries are the clause's ends and subordinating words ("that", "while", "and"…).
    Preferred: from a boundary to the clause's end; then between two boundaries; last, a
    plain window of 25 words starting at or before the focus. Only the text near the focus
    is looked at, so a pathologically long clause costs no more than a short one.
    """
    if focus[0] - start > _NEAR:
        cut = text.find(" ", focus[0] - _NEAR, focus[0])
        start = cut if cut >= 0 else start
    if end - focus[1] > _NEAR:
        cut = text.rfind(" ", focus[1], focus[1] + _NEAR)
        end = cut if cut >= 0 else end
    words = [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text[start:end])]
    total = len(words)
    lowered = [text[a:b].lower().strip(_TRIM + _ALL_QUOTES) for a, b in words]
    first_focus = next((i for i, (_, b) in enumerate(words) if b > focus[0]), 0)
    last_focus = next((i for i, (_, b) in enumerate(words) if b >= focus[1]), first_focus)
    last_focus = max(min(last_focus, first_focus + MAX_QUOTE_WORDS - 1), first_focus)
    boundaries = [i for i, word in enumerate(lowered) if word in _BOUNDARY_WORDS]
    starts = [0] + [i for i in boundaries if 0 < i <= first_focus]
    window: tuple[int, int] | None = None
    for begin in starts:  # 1. to the clause's end
        if total - begin <= MAX_QUOTE_WORDS:
            window = (begin, total)
            break
    if window is None:  # 2. between boundaries
        for begin in starts:
            if last_focus - begin >= MAX_QUOTE_WORDS:
                continue
            ends = [i for i in boundaries if last_focus < i <= begin + MAX_QUOTE_WORDS]
            if ends and ends[-1] - begin >= MIN_QUOTE_WORDS:
                window = (begin, ends[-1])
                break
    if window is None:  # 3. a plain window
        begin = next((i for i in reversed(starts) if last_focus - i < MAX_QUOTE_WORDS), first_focus)
        window = (begin, min(total, begin + MAX_QUOTE_WORDS))
    begin, cut = window
    while cut - 1 > last_focus and cut - begin > MIN_QUOTE_WORDS and lowered[cut - 1] in _STOPWORDS:
        cut -= 1
    return words[begin][0], words[cut - 1][1]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Strip punctuation, unbalanced quotation marks and leading conjunctions."""
    for _ in range(12):
        before = (start, end)
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in _TRIM:
            end -= 1
        if start >= end:
            return None
        span = text[start:end]
        first, last = span[0], span[-1]
        if first in _QUOTE_PAIRS and last == _QUOTE_PAIRS[first] and len(span) > 1:
            inner = span[1:-1]
            if first not in inner and last not in inner:
                start, end = start + 1, end - 1
                continue
        if first in _ALL_QUOTES and not _balanced(span):
            start += 1
            continue
        if last in _ALL_QUOTES and not _balanced(span):
            end -= 1
            continue
        participle = _PARTICIPLE_THAT.match(span)
        if participle and _word_count(span) - 2 >= MIN_QUOTE_WORDS:
            start += participle.end()
            continue
        lead = span.split(None, 1)
        if (
            len(lead) == 2
            and lead[0].lower() in _LEADING_WORDS
            and _word_count(lead[1]) >= MIN_QUOTE_WORDS
        ):
            start = start + len(span) - len(lead[1])
            continue
        if (start, end) == before:
            break
    return (start, end) if start < end else None


def _balanced(span: str) -> bool:
    """Whether the quotation marks in ``span`` pair up (closing ’ may be an apostrophe)."""
    if span.count('"') % 2:
        return False
    if span.count("“") != span.count("”") or span.count("«") != span.count("»"):
        return False
    if span[0] == "‘" and "’" not in span[1:]:
        return False
    return not (span[0] == "'" and "'" not in span[1:])
