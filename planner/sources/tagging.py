"""Finding catalogue topics and discussable claims in a passage (PRODUCT §7, step 3).

This is the one keyword matcher of the app: readiness rule R10 and the session editor use
it too, through :mod:`planner.readiness.keywords`.

Topic keywords match whole words, case-insensitively (Unicode-aware; Azerbaijani dotless
"ı" and "I" are the same letter), across spaces, hyphens or dashes ("echo chamber" finds
“echo-chamber”), with simple inflections: plural and possessive on every word ("line of
contact" finds "lines of contact"), and for a one-word keyword also -ed/-ing, -al, -n for
place names ("Russia" finds "Russian"). Multi-word keywords are names and noun phrases, so
they take no verb endings: "Minsk Group" does not find "Minsk grouping".
Short all-capital keywords ("EU", "US", "OSCE") match case-sensitively so that "US"
does not find "us". Beyond these endings, a keyword also matches by lemma (simplemma):
"negotiation" finds "negotiations", "blockade" finds "blockaded", "woman" finds "women".
"Status quo" is a set phrase, not a matter of status: it never counts as the word
"status".

A topic's keywords are of two kinds (see ``seeds/README.md``). A *phrase* keyword is
enough on its own ("Lachin corridor", "territorial integrity"). A *cue*, written with a
leading "~" ("~status", "~expectations"), is a generic word that names the topic only
beside a second, independent cue of the same topic: a different cue found at another
place in the text ("the status of the 1988 borders" with the cues "~status" and
"~borders"). "status" alone, or "status" twice, suggests nothing. One cue that is an
inflection of another ("~supply", "~supplies") does not count twice for one word. A cue
written with a capital is a place name ("~Lachin", "~Aghdam"): places never name a topic
on their own, so two of them together do not either — a place needs a cue that is not a
name beside it ("supplies via Aghdam").

Claims are sentences flagged by contrast and concession markers ("However", "but", "At
the same time", "does not mean", "Of course", "while", "despite", "contrary to",
"instead", "myth"…) or by words about expectations, responsibility, necessity ("must",
"should") and realism ("only", "no miracles"). Each keeps its exact span in the passage.
Sentences are split by pysbd, a rule-based sentence boundary library (abbreviations,
initials, quotations and ellipses), not by a regular expression of our own.

Pure: no Flask, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import pysbd
import simplemma

from planner.workshop_data import TopicData

_SEPARATOR = r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2015]+"
_APOSTROPHES = "'\u2019"
_VOWELS = "aeiou"
_DOTLESS_I = "\u0131"


def _fold(lowered: str) -> str:
    """Lower-cased text with the dotless "ı" read as "i".

    ``"I".lower()`` is "i", so an Azerbaijani keyword spelled with "ı" would otherwise
    never match upper-case text ("DAĞLIQ"). The length is unchanged, so spans still hold.
    """
    return lowered.replace(_DOTLESS_I, "i") if _DOTLESS_I in lowered else lowered


@dataclass(frozen=True)
class Claim:
    """A sentence worth discussing: its exact span in the passage and what flagged it."""

    start: int
    end: int
    text: str
    markers: tuple[str, ...]


@dataclass(frozen=True)
class Sentence:
    """A sentence of a passage; ``text == passage_text[start:end]``."""

    start: int
    end: int
    text: str


class KeywordMatcher:
    """Finds any of several keywords in a text, in one scan.

    Ordinary keywords are searched in the lower-cased text with a case-sensitive pattern
    and the word boundary before a match is checked by hand: Python's regular expressions
    are several times faster that way than with ``IGNORECASE`` and a look-behind.
    Acronyms are searched, case-sensitively, in the original text.
    """

    def __init__(self, keywords: Iterable[str]) -> None:
        plain: list[str] = []
        acronyms: list[str] = []
        for keyword in dict.fromkeys(keywords):
            if _is_acronym(keyword.strip()):
                source = _keyword_source(keyword)
                if source is not None:
                    acronyms.append(source)
            else:
                source = _keyword_source(_fold(keyword.lower()))
                if source is not None:
                    plain.append(source)
        # Longest first, so that "2020 war" wins over "war" at the same position.
        plain.sort(key=len, reverse=True)
        self._lower = re.compile("(?:" + "|".join(plain) + r")(?!\w)") if plain else None
        self._folded = (
            re.compile(r"(?<!\w)(?:" + "|".join(plain) + r")(?!\w)", re.IGNORECASE)
            if plain
            else None
        )
        self._exact = (
            re.compile(r"(?<!\w)(?:" + "|".join(acronyms) + r")(?!\w)") if acronyms else None
        )

    @property
    def empty(self) -> bool:
        """Whether there is no keyword to look for."""
        return self._lower is None and self._exact is None

    def spans(self, text: str, lowered: str | None = None) -> list[tuple[int, int]]:
        """``(start, end)`` of every match, in order; ``lowered`` may be ``text.lower()``."""
        found: list[tuple[int, int]] = []
        if self._lower is not None:
            low = _fold(text.lower() if lowered is None else lowered)
            if len(low) == len(text):
                found.extend(self._word_starts(low))
            elif self._folded is not None:  # lower() changed the length: spans would shift
                found.extend(m.span() for m in self._folded.finditer(text))
        if self._exact is not None:
            found.extend(m.span() for m in self._exact.finditer(text))
            found.sort()
        return found

    def search(self, text: str, lowered: str | None = None) -> bool:
        """Whether any keyword occurs in ``text``."""
        if self._exact is not None and self._exact.search(text):
            return True
        if self._lower is None:
            return False
        low = _fold(text.lower() if lowered is None else lowered)
        if len(low) != len(text):
            return self._folded is not None and self._folded.search(text) is not None
        return next(self._word_starts(low), None) is not None

    def _word_starts(self, low: str) -> Iterator[tuple[int, int]]:
        """Spans of matches that begin a word. A match glued to a preceding letter is
        skipped by one character only, so an overlapping later match is still found
        ("e e" in "the e e")."""
        assert self._lower is not None
        pos = 0
        while (match := self._lower.search(low, pos)) is not None:
            begin = match.start()
            if begin == 0 or not (low[begin - 1].isalnum() or low[begin - 1] == "_"):
                yield match.span()
                pos = max(match.end(), begin + 1)
            else:
                pos = begin + 1


@lru_cache(maxsize=4096)
def _matcher(keywords: tuple[str, ...]) -> KeywordMatcher:
    return KeywordMatcher(keywords)


def keyword_matcher(keywords: Iterable[str]) -> KeywordMatcher:
    """A (cached) :class:`KeywordMatcher` for ``keywords``."""
    return _matcher(tuple(dict.fromkeys(keywords)))


def matches(keyword: str, text: str) -> bool:
    """Whether ``keyword`` occurs in ``text`` as whole words (see the module docstring)."""
    return _matcher((keyword,)).search(text)


def find_matches(keyword: str, text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of every occurrence of ``keyword`` in ``text``."""
    return _matcher((keyword,)).spans(text)


def find_any(keywords: Iterable[str], text: str) -> list[tuple[int, int]]:
    """Spans in ``text`` where any of ``keywords`` occurs (one scan of the text)."""
    return keyword_matcher(keywords).spans(text)


def first_match(keywords: Iterable[str], text: str) -> str | None:
    """The first of ``keywords`` (in their order) found in ``text``, or ``None``."""
    return _first_match(tuple(keywords), text)


@lru_cache(maxsize=8192)
def _first_match(keywords: tuple[str, ...], text: str) -> str | None:
    # Memoised: the readiness review asks again about the same texts on every page view.
    # One scan for the usual case, no match at all; only then find which keyword it was.
    if not keyword_matcher(keywords).search(text):
        return None
    for keyword in keywords:
        if matches(keyword, text):
            return keyword
    return None


def matching_topics(text: str, catalogue: Iterable[TopicData]) -> list[TopicData]:
    """The catalogue topics with a keyword found in ``text``, in catalogue order."""
    if not text:
        return []
    return list(topic_scanner(tuple(catalogue)).topics(text))


#: Marks a keyword as a weak cue (see the module docstring).
CUE_MARK = "~"
#: How many independent cues of one topic it takes to name the topic.
CUES_NEEDED = 2


def split_keywords(keywords: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A topic's keywords as ``(phrases, cues)``; cues without their "~" mark."""
    phrases: list[str] = []
    cues: list[str] = []
    for keyword in keywords:
        keyword = keyword.strip()
        if keyword.startswith(CUE_MARK):
            keyword = keyword.removeprefix(CUE_MARK).strip()
            if keyword:
                cues.append(keyword)
        elif keyword:
            phrases.append(keyword)
    return tuple(dict.fromkeys(phrases)), tuple(dict.fromkeys(cues))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


#: Set phrases whose words must not count as keywords on their own ("status quo" is not
#: about status). Replaced by spaces before matching, so spans still hold.
SET_PHRASES = re.compile(r"(?<!\w)status[\s\-]+quo(?!\w)|(?<!\w)ante\b", re.IGNORECASE)


def _mask(text: str) -> str:
    if "quo" not in text and "Quo" not in text and "QUO" not in text:
        return text
    return SET_PHRASES.sub(lambda m: " " * len(m.group()), text)


_LEMMA_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The lower-cased English lemma of ``word`` (simplemma), or the word itself."""
    low = _fold(word.lower())
    try:
        found = simplemma.lemmatize(low, lang="en")
    except ValueError:  # pragma: no cover - simplemma refuses odd tokens
        return low
    return _fold(found.lower())


@lru_cache(maxsize=8192)
def lemma_tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    """``(lemma, start, end)`` of every word of ``text``."""
    return tuple((lemma(m.group()), m.start(), m.end()) for m in _LEMMA_WORD.finditer(text))


def _keyword_lemmas(keyword: str) -> tuple[str, ...]:
    return tuple(lemma(m.group()) for m in _LEMMA_WORD.finditer(keyword))


def lemma_spans(keyword_lemmas: tuple[str, ...], text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` whose words' lemmas are ``keyword_lemmas``, in order."""
    if not keyword_lemmas:
        return []
    tokens = lemma_tokens(text)
    n = len(keyword_lemmas)
    first = keyword_lemmas[0]
    found = []
    for i, (word, start, _) in enumerate(tokens):
        if word == first and tuple(t[0] for t in tokens[i : i + n]) == keyword_lemmas:
            found.append((start, tokens[i + n - 1][2]))
    return found


class TopicMatcher:
    """Whether one topic's keywords name it in a text: a phrase, or two independent cues.

    Each keyword is matched by its inflections (:class:`KeywordMatcher`) and by lemma."""

    def __init__(self, keywords: Iterable[str]) -> None:
        self.phrases, self.cues = split_keywords(keywords)
        self._phrases = _matcher(self.phrases)
        self._any_cue = _matcher(self.cues)
        self._each_cue = tuple(_matcher((cue,)) for cue in self.cues)
        # Lemma forms, for acronyms-free keywords only ("US" is not "us").
        self._phrase_lemmas = tuple(
            (phrase, _keyword_lemmas(phrase)) for phrase in self.phrases if not _is_acronym(phrase)
        )
        self._cue_lemmas = tuple(_keyword_lemmas(cue) for cue in self.cues)
        self._lemma_set = frozenset(
            lemmas[0] for _, lemmas in self._phrase_lemmas if lemmas
        ) | frozenset(lemmas[0] for lemmas in self._cue_lemmas if lemmas)

    @property
    def empty(self) -> bool:
        """Whether no text can ever match (no phrase, fewer cues than needed)."""
        return self._phrases.empty and len(self.cues) < CUES_NEEDED

    def search(self, text: str, lowered: str | None = None) -> bool:
        """Whether the topic is named in ``text``."""
        masked = _mask(text)
        if masked is not text:
            lowered = None
        if self._phrases.search(masked, lowered):
            return True
        if self._lemma_phrase(masked):
            return True
        return bool(self._cue_pair(masked, lowered))

    def evidence(self, text: str) -> tuple[str, ...]:
        """What names the topic in ``text``: ``(phrase,)``, two cues, or ``()``."""
        masked = _mask(text)
        for phrase in self.phrases:
            if matches(phrase, masked):
                return (phrase,)
        found = self._lemma_phrase(masked)
        if found:
            return (found,)
        return self._cue_pair(masked)

    def _lemma_phrase(self, text: str) -> str | None:
        if not self._phrase_lemmas:
            return None
        present = {t[0] for t in lemma_tokens(text)}
        if not present & self._lemma_set:
            return None
        for phrase, lemmas in self._phrase_lemmas:
            if lemmas and lemmas[0] in present and lemma_spans(lemmas, text):
                return phrase
        return None

    def _cue_pair(self, text: str, lowered: str | None = None) -> tuple[str, ...]:
        if len(self.cues) < CUES_NEEDED:
            return ()
        by_lemma = bool({t[0] for t in lemma_tokens(text)} & self._lemma_set)
        # Only when some cue is there at all (the usual answer is no, in one scan).
        if not by_lemma and not self._any_cue.search(text, lowered):
            return ()
        found = []
        for cue, matcher, lemmas in zip(self.cues, self._each_cue, self._cue_lemmas, strict=True):
            spans = matcher.spans(text, lowered)
            if by_lemma:
                spans = sorted(set(spans) | set(lemma_spans(lemmas, text)))
            if spans:
                found.append((cue, spans))
        for i, (cue, spans) in enumerate(found):
            for other, other_spans in found[i + 1 :]:
                if _is_name(cue) and _is_name(other):
                    continue  # two place names are still only places
                if any(not _overlap(a, b) for a in spans for b in other_spans):
                    return (cue, other)
        return ()


@lru_cache(maxsize=4096)
def topic_matcher(keywords: tuple[str, ...]) -> TopicMatcher:
    """The (cached) :class:`TopicMatcher` for one topic's ``keywords``."""
    return TopicMatcher(keywords)


def topic_evidence(keywords: Iterable[str], text: str) -> str | None:
    """In words, what names a topic with ``keywords`` in ``text`` (for a finding), or
    ``None``: "“Lachin corridor”", or "“status” and “borders”"."""
    found = topic_matcher(tuple(keywords)).evidence(text)
    return " and ".join(f"“{word}”" for word in found) if found else None


class TopicScanner:
    """Which topics of one catalogue have a keyword in a text.

    Built once per catalogue (see :func:`topic_scanner`), with each topic's matcher ready;
    answers are remembered per text, since the same session titles and prompt texts are
    read again on every page that reviews the workshop.
    """

    _REMEMBERED = 8192

    def __init__(self, catalogue: tuple[TopicData, ...]) -> None:
        self._matchers = tuple(
            (topic, matcher)
            for topic in catalogue
            if not (matcher := topic_matcher(tuple(topic.keywords))).empty
        )
        self._found: dict[str, tuple[TopicData, ...]] = {}

    def topics(self, text: str) -> tuple[TopicData, ...]:
        """The topics with a keyword in ``text``, in catalogue order."""
        found = self._found.get(text)
        if found is None:
            low = _fold(text.lower())
            found = tuple(topic for topic, matcher in self._matchers if matcher.search(text, low))
            if len(self._found) >= self._REMEMBERED:
                self._found.clear()
            self._found[text] = found
        return found

    def keys(self, text: str) -> set[str]:
        """The keys of :meth:`topics`."""
        return {topic.key for topic in self.topics(text)}


@lru_cache(maxsize=64)
def topic_scanner(catalogue: tuple[TopicData, ...]) -> TopicScanner:
    """The (cached) :class:`TopicScanner` of ``catalogue``."""
    return TopicScanner(catalogue)


def topic_keys_for(
    text: str, catalogue: Sequence[TopicData], lowered: str | None = None
) -> tuple[str, ...]:
    """Keys of the catalogue topics (in catalogue order) with a keyword found in ``text``."""
    keys: list[str] = []
    low = _fold(text.lower() if lowered is None else lowered)
    for topic in catalogue:
        if topic.key not in keys and topic_matcher(tuple(topic.keywords)).search(text, low):
            keys.append(topic.key)
    return tuple(keys)


def _is_name(cue: str) -> bool:
    """A cue written with a capital is a proper name (a place): it names a topic only
    beside a cue that is not a name."""
    return cue[:1].isupper()


def _is_acronym(keyword: str) -> bool:
    letters = [c for c in keyword if c.isalpha()]
    return 0 < len(letters) <= 5 and keyword.isupper() and " " not in keyword


def _keyword_source(keyword: str) -> str | None:
    tokens = [t for t in re.split(r"[\s\-\u2010\u2011]+", keyword.strip()) if t]
    if not tokens:
        return None
    if _is_acronym(keyword.strip()):
        parts = [_token_source(t) for t in tokens]
        parts[-1] += f"(?:[{_APOSTROPHES}]s)?"
        return _SEPARATOR.join(parts)
    # Verb endings only for one-word keywords: multi-word ones are names and noun phrases.
    verbs = len(tokens) == 1
    parts = [_word_source(t, verbs=verbs) for t in tokens[:-1]]
    last = tokens[-1]
    if not last[-1].isalpha():
        parts.append(_token_source(last) + f"(?:[{_APOSTROPHES}]s)?")
    else:
        parts.append(_word_source(last, verbs=verbs))
    return _SEPARATOR.join(parts)


def _word_source(token: str, *, verbs: bool) -> str:
    if not token[-1].isalpha():
        return _token_source(token)
    forms = sorted(_inflections(token.lower(), verbs=verbs), key=len, reverse=True)
    return "(?:" + "|".join(_token_source(f) for f in forms) + ")"


def _token_source(token: str) -> str:
    return "".join(f"[{_APOSTROPHES}]" if c in _APOSTROPHES else re.escape(c) for c in token)


def _inflections(word: str, *, verbs: bool = True) -> set[str]:
    """Simple English inflections of ``word`` (and of its singular, if it is a plural).

    Plural and possessive forms always; with ``verbs``, also -ed/-ing, -al and -n.
    """
    base = word
    if len(word) > 4 and word.endswith("ies"):
        base = word[:-3] + "y"
    elif len(word) > 4 and word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        base = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        base = word[:-1]
    # "word + s" always, so that a plural is never missed, whatever the word ends with.
    forms = {word, base, word + "s"}
    if base.endswith("y") and len(base) > 2 and base[-2] not in _VOWELS:
        stem = base[:-1]
        forms |= {stem + "ies"}
        if verbs:
            forms |= {stem + "ied", base + "ing"}
    elif base.endswith(("s", "x", "z", "ch", "sh")):
        forms |= {base + "es"}
        if verbs:
            forms |= {base + "ed", base + "ing"}
    elif base.endswith("e"):
        forms |= {base + "s"}
        if verbs:
            forms |= {base + "d", base[:-1] + "ing"}
    else:
        forms |= {base + "s"}
        if verbs:
            forms |= {base + "ed", base + "ing"}
    if verbs and base.endswith("ic"):
        forms |= {base + "s", base + "al", base + "ally"}
    if verbs and base.endswith("a") and len(base) > 3:
        forms |= {base + "n", base + "ns"}
    forms |= {f + a + "s" for f in (word, base) for a in _APOSTROPHES}
    forms |= {f + a for f in forms if f.endswith("s") for a in _APOSTROPHES}
    return forms


# --- sentences ---------------------------------------------------------------------------

#: Paragraphs longer than this are split by the simple end-of-sentence pattern below rather
#: than by pysbd, whose cost grows faster than the text (unpunctuated text, a pasted table).
PYSBD_MAX_CHARS = 6000
_SEGMENTER = pysbd.Segmenter(language="en", clean=False)
_SENTENCE_END = re.compile(
    r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9À-ÖØ-Þ])|[.!?…]+[\"'”’»)\]]*$"
)


@lru_cache(maxsize=4096)
def _split(text: str) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    if len(text) <= PYSBD_MAX_CHARS:
        pieces = _SEGMENTER.segment(text)
    else:
        pieces, at = [], 0
        for match in _SENTENCE_END.finditer(text):
            pieces.append(text[at : match.end()])
            at = match.end()
        pieces.append(text[at:])
    cursor = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        start = text.find(piece, cursor)
        if start < 0:  # pysbd changed the text: give the rest as one sentence
            _append_sentence(sentences, text, cursor, len(text))
            cursor = len(text)
            break
        _append_sentence(sentences, text, start, start + len(piece))
        cursor = start + len(piece)
    if cursor < len(text) and text[cursor:].strip():
        _append_sentence(sentences, text, cursor, len(text))
    return tuple(_join_closing_quotes(sentences, text))


def _join_closing_quotes(sentences: list[Sentence], text: str) -> list[Sentence]:
    """A sentence that is only a closing quotation mark or bracket joins the one before."""
    out: list[Sentence] = []
    for sentence in sentences:
        if out and not any(c.isalnum() for c in sentence.text):
            last = out.pop()
            out.append(Sentence(last.start, sentence.end, text[last.start : sentence.end]))
        else:
            out.append(sentence)
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with their exact spans (pysbd)."""
    return list(_split(text))


def _append_sentence(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


# --- claims ------------------------------------------------------------------------------

#: Contrast and concession markers, as (label, pattern source). Order is display order.
CONTRAST_MARKERS: tuple[tuple[str, str], ...] = (
    ("however", r"however"),
    ("nevertheless", r"nevertheless|nonetheless"),
    ("at the same time", r"at the same time"),
    ("does not mean", r"(?:does|do|did)(?: not|n[’']t) mean"),
    ("of course", r"of course"),
    ("while", r"(?:^|(?<=[,;–—] ))(?:while|whilst)|^(?:while|whilst)|whereas"),
    ("instead", r"instead"),
    ("although", r"although|even though|even if"),
    ("but", r"but|^yet|(?<=[,;] )yet"),
    ("on the other hand", r"on the other hand"),
    ("rather than", r"rather than"),
    ("despite", r"despite|in spite of"),
    ("contrary to", r"contrary to|unlike"),
    ("myth", r"myths?|it is a mistake|it would be wrong|is not true"),
)
#: Claims about expectations, responsibility and realism.
STANCE_MARKERS: tuple[tuple[str, str], ...] = (
    ("expectations", r"expect(?:s|ed|ing|ations?)?"),
    ("responsibility", r"responsib(?:le|ility|ilities)|to blame|accountab(?:le|ility)"),
    ("realism", r"realis(?:tic|tically|m|e|ed)|unrealistic|no miracles?|illusions?"),
    ("necessity", r"necess(?:ary|ity)|requires?|must|cannot|can[’']t|should|has to|have to"),
    ("only", r"only"),
)
_MARKER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(rf"(?<!\w)(?:{source})(?!\w)"))
    for label, source in CONTRAST_MARKERS + STANCE_MARKERS
)
_ANY_MARKER = re.compile(
    "|".join(rf"(?<!\w)(?:{source})(?!\w)" for _, source in CONTRAST_MARKERS + STANCE_MARKERS)
)
#: Longer "sentences" (unpunctuated text) are not searched for claims.
MAX_CLAIM_CHARS = 3000


def markers_in(sentence: str) -> tuple[str, ...]:
    """Labels of the claim markers found in one sentence (empty if none)."""
    lowered = sentence.lower()
    if _ANY_MARKER.search(lowered) is None:
        return ()
    return tuple(label for label, pattern in _MARKER_PATTERNS if pattern.search(lowered))


def find_claims(text: str, sentences: Sequence[Sentence] | None = None) -> tuple[Claim, ...]:
    """The sentences of ``text`` flagged by claim markers, as :class:`Claim` s.

    Questions are not claims and are skipped, and so are "sentences" longer than
    :data:`MAX_CLAIM_CHARS` (unpunctuated text).
    """
    found: list[Claim] = []
    for sentence in sentences if sentences is not None else split_sentences(text):
        if len(sentence.text) > MAX_CLAIM_CHARS:
            continue
        if sentence.text.rstrip("\"'”’»)] ").endswith("?"):
            continue
        labels = markers_in(sentence.text)
        if labels:
            found.append(Claim(sentence.start, sentence.end, sentence.text, labels))
    return tuple(found)
