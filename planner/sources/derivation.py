"""Proposing discussion prompts from an article's passages (PRODUCT §5, §7 step 4).

Every sentence of the lead and body (split by pysbd, see :mod:`.tagging`) is a possible
quote. Its claim is classified (:func:`.families.classify`: contrast and concession,
responsibility, expectations, realism, humanitarian need, status, perception of the
other side, future and joint action, dialogue), which gives the phase and the family the
question is drawn from.

Quotes are whole thoughts: a whole sentence, or — for a sentence longer than
:data:`MAX_QUOTE_WORDS` — a clause between semicolons that keeps what follows it when that
begins with a contrast or a negation (a hope is never quoted without the "…is far from
reality" after it). A sentence that leans on the one before it ("But a fear is not a
policy.", "They point out that…") is quoted together with it when both fit. A sentence
that cannot be quoted whole is not quoted at all. Every quote is a verbatim span of its
passage.

The author's words are introduced by verbs that do not presuppose truth — "writes",
"argues", "as the author puts it" (:data:`INTRODUCTIONS`) — never "observes", "notes",
"shows" or "reveals"; words the article quotes from someone else ("…," said a teacher)
are introduced as quoted (:data:`INTRODUCTIONS_REPORTED`), never as the author's. The
question is one of the family's, filled with the sentence's own key phrase (YAKE) where
the family's wording has a slot for it and the phrase reads as a thing (by lemminflect's
dictionary readings: no verb, no degree, no general noun, not a phrase the sentence
denies); no question is used twice for one source, nor one the library already has.

Sites are ranked by the strength of their kind, by claim markers, and by being body rather
than lead; the best of each phase become candidates, round-robin over the phases, each
sentence quoted once and no quote a near duplicate of another.

Pure: no Flask, no database.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from planner.sources.families import (
    FAMILIES,
    PHRASE_SLOT,
    KindFound,
    QuestionFamily,
    classify,
    phase_of,
)
from planner.sources.segmentation import LEAD_PHRASE as _ABOUT_THE_PIECE
from planner.sources.tagging import Claim, Sentence, split_sentences, topic_keys_for
from planner.vocabulary import PassageKind, Phase
from planner.workshop_data import TopicData

#: Default number of candidates kept per phase.
CANDIDATES_PER_PHASE = 4
#: Quotes more similar than this (token Jaccard) are near duplicates.
MAX_SIMILARITY = 0.6
MIN_QUOTE_WORDS = 6
#: A longer sentence is quoted by a clause of it, or not at all.
MAX_QUOTE_WORDS = 50

#: How the author's words are introduced: none presupposes that they are true.
INTRODUCTIONS: tuple[str, ...] = ("{S} writes:", "{S} argues:", "As {s} puts it:")
INTRODUCTIONS_PLURAL: tuple[str, ...] = ("{S} write:", "{S} argue:", "As {s} put it:")
INTRODUCTIONS_INTERVIEW: tuple[str, ...] = ("{S} says:", "In the interview, {s} says:")
#: For words the article quotes from someone else ("…," said a head teacher): they are not
#: the author's, and "the author argues" would put them in the author's mouth.
INTRODUCTIONS_REPORTED: tuple[str, ...] = ("The article quotes:", "As quoted in the article:")

#: A sentence that reports someone else's words: it opens with a quotation mark, or quotes
#: words and names a verb of saying.
_OPENING_QUOTE_MARK = re.compile(r"^[\"“„«‘']")
_SPEECH_VERB = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|asked|asks|wrote|tweeted|according to|"
    r"insisted|insists|claimed|claims|stated|states|explained|explains|recalled|recalls)\b",
    re.IGNORECASE,
)
_QUOTATION = re.compile(r"[\"“„«][^\"”»]{12,}[\"”»]")


def is_reported_speech(quote: str) -> bool:
    """Whether a quoted sentence gives someone else's words rather than the author's."""
    if _OPENING_QUOTE_MARK.match(quote):
        return True
    return bool(_QUOTATION.search(quote) and _SPEECH_VERB.search(quote))


#: Verbs that present a claim as fact; never used (checked by the tests and the bench).
PRESUPPOSING_VERBS = ("observes", "notes", "shows", "reveals", "points out", "proves", "admits")

_TOKENS = re.compile(r"\w+")
#: A turn's speaker: "A:", "Answer:", or a name of up to three capitalised words
#: ("Kemal Özgür:", "Анна Петрова:"); capitals are checked by :func:`_is_speaker`.
_LABEL = r"[^\W\d_][\w.'’-]*(?: [^\W\d_][\w.'’-]*){0,2}"
_SPEAKER_LABEL = re.compile(rf"^(?P<label>Q|A|Question|Answer|{_LABEL})\s*:\s+")
_QUESTION_TURN = re.compile(r"^(?:Q|Question)\s*[:.]\s")
_ANSWER_TURN = re.compile(rf"^(?P<label>A|Answer|{_LABEL})\s*[:.]\s")


def _turn_label(pattern: re.Pattern[str], text: str, start: int = 0) -> re.Match[str] | None:
    """A speaker's label at ``start`` whose words are all capitalised, or ``None``."""
    match = pattern.match(text, start)
    if match is None or not all(w[:1].isupper() for w in match.group("label").split()):
        return None
    return match


_PRONOUN_START = re.compile(r"(?:it|this|that|these|those|they|he|she|such|there)\b", re.IGNORECASE)
#: What, after a semicolon or a dash, continues a thought and must stay in its quote.
_CONTINUES = re.compile(
    r"(?:but|yet|however|still|though|although|while|whereas|instead|nor|not|no|never|"
    r"is far|are far|was far|it is far|this is far|that is far|and yet|only|except|unless)\b",
    re.IGNORECASE,
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
#: Words a key phrase for a question must not contain: verbs, pronouns, adverbs.
_NOT_IN_PHRASE = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "can",
        "could",
        "will",
        "would",
        "should",
        "must",
        "may",
        "might",
        "shall",
        "said",
        "says",
        "say",
        "writes",
        "write",
        "wrote",
        "argues",
        "argued",
        "also",
        "still",
        "only",
        "even",
        "just",
        "more",
        "most",
        "many",
        "much",
        "very",
        "often",
        "never",
        "always",
        "already",
        "now",
        "then",
        "today",
        "there",
        "here",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "they",
        "them",
        "their",
        "we",
        "our",
        "us",
        "you",
        "your",
        "he",
        "his",
        "she",
        "her",
        "i",
        "my",
        "me",
        "who",
        "whom",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "not",
        "no",
        "yes",
        "one",
        "ones",
        "own",
        "same",
        "other",
        "another",
        "such",
        "each",
        "every",
        "all",
        "both",
        "few",
        "some",
        "any",
        "less",
        "least",
        "well",
        "rather",
        "quite",
        "too",
        "so",
        "thus",
        "hence",
        "however",
        "yet",
        "but",
        "first",
        "second",
        "third",
        "last",
        "years",
        "year",
        "time",
        "times",
        "way",
        "ways",
        "thing",
        "things",
        "lot",
        "part",
        "side",
        "sides",
        "people",
        "admit",
        "admits",
        "create",
        "creates",
        "make",
        "makes",
        "give",
        "gives",
        "take",
        "takes",
        "keep",
        "keeps",
        "bring",
        "brings",
        "become",
        "becomes",
        "remain",
        "remains",
        "seek",
        "seeks",
        "want",
        "wants",
        "need",
        "needs",
        "know",
        "knows",
        "think",
        "thinks",
        "believe",
        "believes",
        "see",
        "sees",
        "tell",
        "tells",
        "show",
        "shows",
        "find",
        "finds",
        "feel",
        "feels",
        "leave",
        "leaves",
        "come",
        "comes",
        "go",
        "goes",
        "get",
        "gets",
        "put",
        "puts",
        "let",
        "lets",
        "mean",
        "means",
        "allow",
        "allows",
        "expect",
        "expects",
        "hope",
        "hopes",
        "try",
        "tries",
        "claim",
        "claims",
        "agree",
        "agrees",
        "accept",
        "accepts",
        "refuse",
        "refuses",
        "ask",
        "asks",
        "counts",
        "matters",
        "works",
        "stays",
        "rewards",
        "helps",
        "begins",
        "ends",
        "changes",
        "divides",
        "moves",
        "hides",
        "holds",
        "grows",
        "either",
        "neither",
        "whether",
        "toward",
        "towards",
        "insist",
        "insists",
        "seem",
        "seems",
        "decade",
        "decades",
        "century",
        "centuries",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
    ]
)


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

    ``quote == passage.text[quote_start:quote_start + len(quote)]``; ``question`` is the
    question part of ``text``, ``family`` the kind of claim it was drawn for.
    """

    phase: Phase
    text: str
    quote: str
    passage_index: int
    quote_start: int = 0
    topic_keys: tuple[str, ...] = ()
    question: str = ""
    family: str = ""


@dataclass(frozen=True)
class _Site:
    score: int
    order: int
    phase: Phase
    kind: KindFound
    passage_index: int
    span: tuple[int, int]
    sentence: str
    secondary: bool = False


def question_part(text: str) -> str:
    """The question of a prompt's text: what follows its quotation, else the whole text."""
    text = " ".join(text.split())
    closing = max(text.rfind("”"), text.rfind('"'))
    tail = text[closing + 1 :].lstrip(" .") if closing >= 0 else text
    return tail if tail.endswith("?") else text


def normalise_question(text: str) -> str:
    """A question reduced to its words, to compare questions for repetition."""
    return " ".join(_TOKENS.findall(question_part(text).lower()))


def derive_candidates(
    passages: Sequence[PassageLike],
    catalogue: Sequence[TopicData] = (),
    *,
    interview: bool = False,
    plural: bool = False,
    per_phase: int = CANDIDATES_PER_PHASE,
    avoid_questions: Collection[str] = (),
    families: Sequence[QuestionFamily] = FAMILIES,
    interviewers: Collection[str] = (),
) -> list[Candidate]:
    """Candidate prompts for every phase the lead and body ``passages`` support.

    At most ``per_phase`` per phase, in phase order; quotes are verbatim whole sentences
    (or whole clauses) of their passages, no two quotes near duplicates, no question used
    twice nor one of ``avoid_questions`` (the library's, compared by their words). In an
    interview, turns of ``interviewers`` (the piece's authors) are not quoted.
    """
    sites = _sites(passages, families, interview, {n.lower() for n in interviewers})
    secondary = [site for site in sites if site.secondary]
    by_phase: dict[Phase, list[_Site]] = {phase: [] for phase in Phase}
    for site in sites:
        if not site.secondary:
            by_phase[site.phase].append(site)
    for queue in by_phase.values():
        queue.sort(key=lambda s: (-s.score, s.order))
    used_questions = {normalise_question(q) for q in avoid_questions}
    preferred = _catalogue_phrases(catalogue)
    used_sentences: set[tuple[int, int]] = set()
    kept: list[Candidate] = []
    kept_tokens: list[set[str]] = []
    counts = dict.fromkeys(Phase, 0)
    texts = {p.index: p.text for p in passages}
    speaker = (
        ("The speaker", "the speaker")
        if interview
        else (("The authors", "the authors") if plural else ("The author", "the author"))
    )
    introductions = (
        INTRODUCTIONS_INTERVIEW if interview else INTRODUCTIONS_PLURAL if plural else INTRODUCTIONS
    )

    def take(site: _Site, phase: Phase) -> bool:
        key = (site.passage_index, site.span[0])
        if key in used_sentences:
            return False
        text = texts[site.passage_index]
        quote = text[site.span[0] : site.span[1]]
        tokens = _token_set(quote)
        if any(_jaccard(tokens, other) > MAX_SIMILARITY for other in kept_tokens):
            return False
        question = _question(site, quote, used_questions, preferred)
        if question is None:
            return False
        used_questions.add(normalise_question(question))
        own_words = interview or not is_reported_speech(quote)
        choices = introductions if own_words else INTRODUCTIONS_REPORTED
        introduction = choices[len(kept) % len(choices)]
        lead = introduction.replace("{S}", speaker[0]).replace("{s}", speaker[1])
        kept.append(
            Candidate(
                phase=phase,
                text=f"{lead} {_quoted(quote)} {question}",
                quote=quote,
                passage_index=site.passage_index,
                quote_start=site.span[0],
                topic_keys=topic_keys_for(site.sentence, catalogue),
                question=question,
                family=site.kind.family.key,
            )
        )
        kept_tokens.append(tokens)
        used_sentences.add(key)
        counts[phase] += 1
        return True

    for _ in range(per_phase):
        for phase in Phase:
            queue = by_phase[phase]
            while queue and not take(queue.pop(0), phase):
                pass
    # A phase no sentence is mainly about still gets a candidate when a sentence touches it.
    for phase in Phase:
        if counts[phase]:
            continue
        weaker = sorted(
            (s for s in secondary if s.phase == phase), key=lambda s: (-s.score, s.order)
        )
        taken = 0
        for site in weaker:
            if taken >= min(2, per_phase):
                break
            taken += take(site, phase)
    phase_order = {phase: n for n, phase in enumerate(Phase)}
    kept.sort(key=lambda c: phase_order[c.phase])
    return kept


_ENCLOSED = re.compile(r"^(?:“[^“”]*”|\"[^\"“”]*\"|«[^«»]*»|„[^„“”]*“)$")


def _quoted(quote: str) -> str:
    """The quote in quotation marks — its own where it is one quotation whole
    (“Let’s face it together.”), not a second pair around them."""
    return quote if _ENCLOSED.match(quote) else f"“{quote}”"


def _sites(
    passages: Sequence[PassageLike],
    families: Sequence[QuestionFamily],
    interview: bool,
    interviewers: Collection[str] = (),
) -> list[_Site]:
    sites: list[_Site] = []
    order = 0
    for passage in passages:
        if passage.kind not in (PassageKind.LEAD, PassageKind.BODY):
            continue
        text = passage.text
        if _QUESTION_TURN.match(text):
            continue  # an interviewer's question is not the speaker's claim
        label = _turn_label(_ANSWER_TURN, text)
        if interview and label is None:
            continue  # in an interview only the answers are the speaker's words
        if interview and label and label.group("label").lower() in interviewers:
            continue  # the interviewer's turn
        claimed = {(c.start, c.end) for c in passage.claims}
        body_bonus = 1 if passage.kind == PassageKind.BODY else 0
        previous: Sentence | None = None
        for sentence in split_sentences(text):
            span = quote_span(text, sentence)
            earlier, previous = previous, sentence
            if span is None:
                continue
            span = _with_antecedent(text, span, earlier)
            quoted = text[span[0] : span[1]]
            if quoted.rstrip("\"'”’») ").endswith("?"):
                continue
            if len(quoted) < 2000 and _ABOUT_THE_PIECE.search(quoted):
                continue  # "writes X in this op-ed for Y": about the piece, not a claim
            kinds = classify(quoted, families)
            if not kinds:
                continue
            claim_bonus = 2 if (sentence.start, sentence.end) in claimed else 0
            # Still leaning on a sentence it could not be quoted with: ranked lower.
            penalty = 2 if _PRONOUN_START.match(quoted) or _LEANS_BACK.match(quoted) else 0
            # The sentence serves its strongest kind, and a second phase if it has one.
            phases_done: set[Phase] = set()
            for kind in kinds[:4]:
                # A weaker kind: the sentence is not mainly about that; it may still serve a
                # phase nothing else serves.
                weaker = kind.score < kinds[0].score
                phase = phase_of(kind, [k for k in kinds if k is not kind])
                if phase in phases_done:
                    continue
                phases_done.add(phase)
                order += 1
                sites.append(
                    _Site(
                        score=3 * kind.score
                        + claim_bonus
                        + body_bonus
                        - penalty
                        - (2 if phases_done != {phase} else 0),
                        order=order,
                        phase=phase,
                        kind=kind,
                        passage_index=passage.index,
                        span=span,
                        sentence=quoted,
                        secondary=weaker,
                    )
                )
    return sites


#: A sentence that leans on the one before it: a contrast ("But a fear is not a policy.")
#: or a pronoun whose referent is there ("They point out that…").
_LEANS_BACK = re.compile(
    r"(?:but|yet|however|still|nor|instead|even so|(?:it|this|that|these|those|they|he|she|"
    r"such)\b)",
    re.IGNORECASE,
)


def _with_antecedent(text: str, span: tuple[int, int], earlier: Sentence | None) -> tuple[int, int]:
    """The span widened to the sentence before it when the quoted sentence leans on it
    and both fit in a quote: the thought is then quoted whole, both sentences verbatim."""
    if earlier is None or not _LEANS_BACK.match(text, span[0]):
        return span
    start = earlier.start
    while start < span[0] and text[start] in " \t\n-–—•*":
        start += 1
    if _turn_label(_SPEAKER_LABEL, text, start) is not None:
        return span
    if _word_count(text[start : span[1]]) > MAX_QUOTE_WORDS:
        return span
    return (start, span[1])


def quote_span(text: str, sentence: Sentence) -> tuple[int, int] | None:
    """The span of ``text`` to quote for ``sentence``: the whole sentence (without a
    speaker's label), or for a long one a whole clause, or ``None``."""
    start, end = sentence.start, sentence.end
    label = _turn_label(_SPEAKER_LABEL, text, start)
    if label is not None and label.end() < end and start == 0:
        start = label.end()
    while start < end and text[start] in " \t\n-–—•*":
        start += 1
    words = _word_count(text[start:end])
    if words < MIN_QUOTE_WORDS:
        return None
    if words <= MAX_QUOTE_WORDS:
        return (start, end)
    return _clause_span(text, start, end)


def _clause_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The first clause of a long sentence, cut at a semicolon, that is a whole thought:
    it keeps what follows when that continues it (a contrast or a negation)."""
    cuts = [m for m in re.finditer(r";\s+", text[start:end])]
    if not cuts:
        return None
    bounds = [start] + [start + m.end() for m in cuts] + [end]
    clauses = [
        (bounds[i], (start + cuts[i].start()) if i < len(cuts) else end)
        for i in range(len(bounds) - 1)
    ]
    i = 0
    while i < len(clauses):
        a, b = clauses[i]
        j = i
        while j + 1 < len(clauses) and _CONTINUES.match(text, clauses[j + 1][0]):
            j += 1
            b = clauses[j][1]
        if MIN_QUOTE_WORDS <= _word_count(text[a:b]) <= MAX_QUOTE_WORDS and not _CONTINUES.match(
            text, a
        ):
            return (a, b)
        i = j + 1
    return None


def is_whole_thought(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` begins where a sentence or clause begins and ends where
    one ends (an independent check of what :func:`quote_span` chose, for tests and the
    bench)."""
    before = text[:start].rstrip()
    label = _turn_label(_SPEAKER_LABEL, text)
    starts_ok = (
        not before or before[-1] in '.!?;:…”"’)' or (label is not None and label.end() == start)
    )
    after = text[end:].lstrip()
    quoted = text[start:end].rstrip()
    ends_ok = quoted[-1:] in '.!?…”"’)' or (after[:1] in (";", ""))
    return starts_ok and ends_ok


def _question(
    site: _Site, quote: str, used: set[str], preferred: tuple[str, ...] = ()
) -> str | None:
    family = site.kind.family
    phrase = key_phrase(quote, preferred)
    questions = family.questions
    # A stable rotation, so that articles do not all start with a family's first question.
    offset = int(hashlib.sha256(quote.encode("utf-8")).hexdigest()[:6], 16) % len(questions)
    ordered = questions[offset:] + questions[:offset]
    # With a phrase, prefer the questions that use it; without, those that need none.
    if phrase:
        ordered = tuple(q for q in ordered if PHRASE_SLOT in q) + tuple(
            q for q in ordered if PHRASE_SLOT not in q
        )
    for template in ordered:
        if PHRASE_SLOT in template:
            if not phrase:
                continue
            question = template.replace(PHRASE_SLOT, phrase)
        else:
            question = template
        if normalise_question(question) not in used:
            return question
    return None


@lru_cache(maxsize=1)
def _extractor():
    import yake

    return yake.KeywordExtractor(lan="en", n=3, top=12, dedup_lim=0.8)


#: Words after which a noun phrase may begin (determiners, prepositions, conjunctions).
_PHRASE_BEFORE = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "on",
        "in",
        "for",
        "with",
        "about",
        "their",
        "its",
        "our",
        "his",
        "her",
        "this",
        "these",
        "those",
        "between",
        "from",
        "by",
        "over",
        "into",
        "across",
        "against",
        "without",
        "under",
        "among",
        "than",
        "no",
        "any",
        "some",
        "every",
        "each",
        "whose",
    ]
)
#: Words that may follow a noun phrase (a verb, a preposition, a conjunction, a relative).
_PHRASE_AFTER = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "must",
        "may",
        "might",
        "do",
        "does",
        "did",
        "that",
        "which",
        "who",
        "of",
        "in",
        "on",
        "for",
        "to",
        "with",
        "and",
        "or",
        "but",
        "as",
        "at",
        "by",
        "from",
        "between",
        "than",
        "remains",
        "remain",
        "stays",
        "stay",
        "seems",
        "seem",
        "along",
        "across",
        "around",
        "through",
        "into",
        "over",
        "under",
        "within",
        "without",
        "near",
        "after",
        "before",
        "since",
        "during",
        "among",
        "against",
        "beyond",
        "toward",
        "towards",
        "about",
        "like",
    ]
)


@lru_cache(maxsize=4096)
def key_phrase(sentence: str, preferred: tuple[str, ...] = ()) -> str:
    """The sentence's own key phrase for a question, or "" when none reads naturally.

    First a phrase of ``preferred`` (the catalogue's keywords) written in the sentence in
    lower case; else the best YAKE phrase that reads as a noun phrase: one to three lower-
    case words, no verb, pronoun, adverb or preposition, standing after a determiner or a
    preposition and before punctuation, a verb or a preposition.
    """
    for phrase in sorted(preferred, key=len, reverse=True):
        if " " in phrase or len(phrase) >= 6:
            found = re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", sentence)
            if found and phrase.islower() and _reads_as_noun_phrase(sentence, found):
                return _named(found.group(), sentence, found)
    try:
        ranked = _extractor().extract_keywords(sentence)
    except (ValueError, ZeroDivisionError, IndexError):  # pragma: no cover - YAKE edge cases
        return ""
    for phrase, _score in ranked:
        words = phrase.split()
        if not 1 <= len(words) <= 3:
            continue
        if any(
            w in _NOT_IN_PHRASE
            or w in _PHRASE_BEFORE
            or not re.fullmatch(r"[a-z][a-z\-]+", w)
            or w.endswith(("ed", "ly"))
            or (w.endswith("ing") and w not in ("meeting", "meetings", "building"))
            for w in words
        ):
            continue
        if len(words) == 1 or "question" in phrase:
            continue  # one word alone rarely reads as a subject ("decade", "explain")
        found = re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", sentence)
        if found is None or not _reads_as_noun_phrase(sentence, found):
            continue
        if not _is_noun_phrase(words) or _negated(sentence, found) or _verb_last(sentence, found):
            continue
        return _named(phrase, sentence, found)
    return ""


#: Head nouns too general to name what a passage is about ("natural reasons", "a lot").
_GENERIC_HEADS = frozenset(
    [
        "reason",
        "thing",
        "way",
        "time",
        "lot",
        "part",
        "number",
        "kind",
        "sort",
        "fact",
        "case",
        "point",
        "set",
        "half",
        "form",
        "bit",
        "piece",
        "side",
        "end",
        "place",
        "area",
        "amount",
        "level",
        "type",
        "example",
        "matter",
        "result",
        "instance",
        "moment",
        "day",
        "week",
        "month",
        "year",
        "group",
        "people",
        "person",
        "issue",
        "situation",
        "problem",
    ]
)


def _is_noun_phrase(words: Sequence[str]) -> bool:
    """Whether words read as a noun phrase, by their dictionary readings (lemminflect's
    English lexicon): every word may be a noun or an adjective, the last one a noun and not
    a general one; no comparative or superlative ("the lower quality") and no word that
    can only be a verb or an adverb ("the cell meant", "the prince went ahead"). Words the
    lexicon does not know (compounds, rare terms) are accepted."""
    from lemminflect import getAllLemmas

    if any(word in _FUNCTION_WORDS for word in words):
        return False
    for position, word in enumerate(words):
        readings = getAllLemmas(word)
        if not readings:
            continue
        last = position == len(words) - 1
        if last and ("NOUN" not in readings or readings["NOUN"][0] in _GENERIC_HEADS):
            return False
        if not ({"NOUN", "ADJ"} & readings.keys()):
            return False
        degree = [readings[pos][0] for pos in ("ADJ", "ADV") if pos in readings]
        if any(lemma != word for lemma in degree) and word.endswith(("er", "est")):
            return False  # "lower", "closer", "greatest": a degree, not a thing
    return True


#: Prepositions and conjunctions the lexicon does not list: never inside a key phrase.
_FUNCTION_WORDS = frozenset(
    [
        "despite",
        "during",
        "via",
        "amid",
        "amidst",
        "amongst",
        "per",
        "upon",
        "unlike",
        "versus",
        "toward",
        "towards",
        "onto",
        "beside",
        "besides",
        "whether",
        "if",
        "because",
        "although",
        "though",
        "while",
        "unless",
        "until",
        "since",
        "than",
        "whereas",
    ]
)
#: Words after which a last word that may be a verb is one ("the case highlights that…").
_OBJECT_START = frozenset(["that", "the", "a", "an", "how", "why", "what", "whether", "to"])


def _verb_last(sentence: str, found: re.Match[str]) -> bool:
    """Whether the phrase's last word is, here, a verb: it can be one and what follows it
    opens its object or clause."""
    from lemminflect import getAllLemmas

    following = sentence[found.end() :].split()[:1]
    last = found.group().split()[-1]
    return (
        bool(following) and following[0].lower() in _OBJECT_START and ("VERB" in getAllLemmas(last))
    )


_NEGATION_BEFORE = re.compile(r"\b(?:not|no|never|nor|without)\s+(?:(?:a|an|the)\s+)?$", re.I)


def _negated(sentence: str, found: re.Match[str]) -> bool:
    """Whether the sentence denies the phrase ("not a car crash, but…"): a question about
    it would ask about what the author says it is not."""
    return bool(_NEGATION_BEFORE.search(sentence[: found.start()]))


def _named(phrase: str, sentence: str, found: re.Match[str]) -> str:
    """The phrase as a question names it: with "the" where the sentence had an article,
    or where a compound singular noun needs one ("the buffer zone"); plurals and single
    words as they are ("crossing points", "recognition")."""
    before = sentence[: found.start()].split()
    previous = before[-1].lower() if before else ""
    words = phrase.split()
    if words[0].lower() in ("the", "a", "an"):
        return phrase
    if previous in ("the", "a", "an"):
        return f"the {phrase}"
    last = words[-1]
    if len(words) == 1 or (last.endswith("s") and not last.endswith("ss")) or " and " in phrase:
        return phrase
    return f"the {phrase}"


def _reads_as_noun_phrase(sentence: str, found: re.Match[str]) -> bool:
    before = sentence[: found.start()].rstrip()
    after = sentence[found.end() :].lstrip()
    previous = before.split()[-1].lower().strip("“”\"'(") if before.split() else ""
    following = after.split()[0].lower() if after.split() else ""
    starts = (
        not before
        or before[-1] in ',;:(“"—–'
        or previous in _PHRASE_BEFORE
        or (previous.endswith(("al", "ic", "ive", "ous", "ful", "ern", "ish")))
    )
    ends = not after or after[0] in ',;:.)!?”"—–' or following in _PHRASE_AFTER
    return starts and ends


def _catalogue_phrases(catalogue: Sequence[TopicData]) -> tuple[str, ...]:
    """The catalogue's keyword phrases in lower case (names and acronyms left out)."""
    phrases = []
    for topic in catalogue:
        for keyword in topic.keywords:
            keyword = keyword.strip()
            if keyword and not keyword.startswith("~") and keyword == keyword.lower():
                phrases.append(keyword)
    return tuple(dict.fromkeys(phrases))


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
