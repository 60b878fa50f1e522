"""Prompt neutrality: does a prompt take one side's position for granted? (issue 21, item 10)

PRODUCT §5: a good prompt is an open question that a participant from either community
can answer from their own experience; it invites perspectives and does not lead to one.
A prompt fails that when it names one community as the one that must act or yield
("Why should Armenians finally accept that…", "What must Azerbaijan give up…", "How can
the Armenian side stop…", "Why does Azerbaijan refuse…").

:func:`neutrality_problems` reads one text, sentence by sentence. It finds the names of
the sides of every conflict listed in ``seeds/conflict_sides.yaml`` — countries,
capitals, demonyms, parties ("Karabakh Armenians", "Turkish Cypriots", "Kosovo Serbs",
"Transnistria", "unionists"), the longer name winning where one holds another — and
looks, a few words around each, for obligation and presupposition words
("should", "must", "has to", "finally", "accept that", "admit", "give up", "stop",
"refuse"…). Both sides named together ("Armenians and Azerbaijanis should…") are not one
side singled out, and are left alone. Every side is treated by exactly the same
patterns, so a prompt and its mirror image get the same answer. A long quotation (the
source's author's words in a derived prompt, at least :data:`CITATION_WORDS` words) is
the author's, attributed, and is not read; the prompt's own words are. The same check
warns when a candidate is accepted on the sources page.

:func:`prompt_neutrality` is readiness rule R21 over a workshop's attached prompts.
Pure: no Flask, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from planner.i18n import gettext as _
from planner.readiness.findings import Finding, FindingSeverity
from planner.readiness.wording import N_
from planner.sources.tagging import split_sentences
from planner.workshop_data import PromptData, WorkshopData

_APOSTROPHE = "['\u2019]"
_POSSESSIVE = rf"(?:{_APOSTROPHE}s?)?"

#: The sides of every conflict the check knows, and how each is named: data, not code.
SIDES_FILE = Path(__file__).resolve().parents[2] / "seeds" / "conflict_sides.yaml"


@dataclass(frozen=True)
class Side:
    """One side of a conflict: its key, how a warning names it, and the names that
    single it out (countries, capitals, demonyms, parties)."""

    key: str
    label: str
    names: tuple[str, ...]
    conflict: str = ""


def load_sides(path: Path = SIDES_FILE) -> tuple[Side, ...]:
    """The sides listed in ``seeds/conflict_sides.yaml`` (see the file's comments)."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    sides = []
    for entry in entries:
        for side in entry["sides"]:
            names = tuple(" ".join(str(n).split()) for n in side["names"] if str(n).strip())
            sides.append(Side(side["key"], side["label"], names, entry.get("conflict", "")))
    return tuple(sides)


def _name_source(name: str) -> str:
    """A pattern source for one name over lower-cased text: any spaces or hyphens between
    its words, a plural and a possessive."""
    words = [re.escape(w) for w in re.split(r"[\s\-]+", name.lower()) if w]
    return r"[\s\-]+".join(words) + rf"(?:e?s)?{_POSSESSIVE}"


def _side_pattern(sides: tuple[Side, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every name of every side, longest first (so that "Kosovo Serbs"
    is the Serbian side, not Kosovo), and the side of each named group."""
    named = sorted(
        ((name, side.key) for side in sides for name in side.names),
        key=lambda pair: -len(pair[0]),
    )
    groups = {f"n{i}": key for i, (_, key) in enumerate(named)}
    source = "|".join(f"(?P<n{i}>{_name_source(name)})" for i, (name, _) in enumerate(named))
    return re.compile(rf"(?<!\w)(?:{source})(?!\w)"), groups


SIDES: tuple[Side, ...] = load_sides()
_SIDE_PATTERN, _SIDE_OF_GROUP = _side_pattern(SIDES)
_LABELS = {side.key: side.label for side in SIDES}
# The labels the catalogue already translates (others are shown as the YAML has them).
_TRANSLATED_LABELS = (N_("the Armenian side"), N_("the Azerbaijani side"))

#: Obligation and presupposition cues, as (what the reason says, pattern source).
CUES: tuple[tuple[str, str], ...] = (
    ("should", r"should"),
    ("must", r"must"),
    ("has to", r"(?:has|have|had)\s+to"),
    ("needs to", r"needs?\s+to"),
    ("ought to", r"ought\s+to"),
    ("finally", r"finally"),
    ("accept that", r"accept(?:s|ed|ing)?\s+that"),
    ("admit", r"admit(?:s|ted|ting)?"),
    ("give up", r"(?:give|gives|giving|gave|given)\s+up"),
    ("stop", r"stop(?:s|ped|ping)?"),
    ("refuse", r"refus(?:e|es|ed|ing)"),
    ("concede", r"conced(?:e|es|ed|ing)"),
    ("apologise", r"apologi[sz](?:e|es|ed|ing)"),
    ("back down", r"back(?:s|ed|ing)?\s+down"),
    ("owe", r"owe(?:s|d)?"),
)
_CUE_PATTERNS = tuple((label, re.compile(rf"(?<!\w)(?:{source})(?!\w)")) for label, source in CUES)
#: How far from a side's name a cue counts, in words: before (question word order,
#: "Why should Armenians…") and after ("Azerbaijan must…", "the Armenian side stop…").
WORDS_BEFORE = 3
WORDS_AFTER = 5
#: Words that join the two sides' names into one joint subject ("Armenians and
#: Azerbaijanis", "both Armenia and Azerbaijan").
_JOINERS = frozenset({"and", "or", "nor", "both", "the", "&", ",", "as", "well"})
_WORD = re.compile(r"[\w'\u2019\-]+|[,&]")


@dataclass(frozen=True)
class NeutralityProblem:
    """One place where a text singles out one side: which side, the cue, the words naming
    the side (``named``, as the text has them), and the reason in the reader's language."""

    side: str
    cue: str
    excerpt: str
    named: str

    @property
    def reason(self) -> str:
        # Worded when read, not when found: problems are remembered per text, for every
        # reader whatever their language.
        return _(
            "it names %(side)s as the one that must act or yield (“%(cue)s” beside “%(named)s”)",
            side=_(_LABELS[self.side]),
            cue=self.cue,
            named=self.named,
        )


@dataclass(frozen=True)
class _Mention:
    side: str
    start: int
    end: int


@lru_cache(maxsize=4096)
def neutrality_problems(text: str) -> tuple[NeutralityProblem, ...]:
    """Where ``text`` names one community as the one that must act or yield (see the
    module docstring); empty for a neutral text. Remembered per text: the review reads
    the same prompts on every page view."""
    problems: list[NeutralityProblem] = []
    for sentence in split_sentences(_without_citations(text)):
        problems.extend(_sentence_problems(sentence.text))
    return tuple(dict.fromkeys(problems))


#: A quotation of at least this many words is a citation of the source's author (a derived
#: prompt: 'The author writes: “…” How…?'): the author's words, attributed, are not the
#: prompt taking a side. Shorter quoted words ("finally “accept”") are still read.
CITATION_WORDS = 6
_QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"|«[^«»]*»|„[^„“”]*[“”]")


def _without_citations(text: str) -> str:
    """``text`` with long quotations blanked out (same length, so nothing else moves)."""
    return _QUOTED.sub(
        lambda m: " " * len(m.group()) if len(m.group().split()) >= CITATION_WORDS else m.group(),
        text,
    )


def is_neutral(text: str) -> bool:
    """Whether ``text`` singles out neither side."""
    return not neutrality_problems(text)


def _sentence_problems(sentence: str) -> list[NeutralityProblem]:
    low = sentence.lower()
    mentions = [
        _Mention(_SIDE_OF_GROUP[m.lastgroup or ""], m.start(), m.end())
        for m in _SIDE_PATTERN.finditer(low)
    ]
    if not mentions:
        return []
    words = [(m.start(), m.end()) for m in _WORD.finditer(low)]
    found = []
    for index, mention in enumerate(mentions):
        if _joint(mention, mentions, index, low):
            continue
        first = next(i for i, (_, end) in enumerate(words) if end > mention.start)
        last = max(i for i, (start, _) in enumerate(words) if start < mention.end)
        before = low[words[max(0, first - WORDS_BEFORE)][0] : mention.start]
        after = low[mention.end : words[min(len(words) - 1, last + WORDS_AFTER)][1]]
        for label, pattern in _CUE_PATTERNS:
            if pattern.search(before) or pattern.search(after):
                lo = words[max(0, first - WORDS_BEFORE)][0]
                hi = words[min(len(words) - 1, last + WORDS_AFTER)][1]
                excerpt = " ".join(sentence[lo:hi].split())
                found.append(
                    NeutralityProblem(
                        side=mention.side,
                        cue=label,
                        excerpt=excerpt,
                        named=sentence[mention.start : mention.end],
                    )
                )
                break
    return found


def _joint(mention: _Mention, mentions: list[_Mention], index: int, low: str) -> bool:
    """Whether ``mention`` is joined to a name of the other side by "and", "or", ","…"""
    neighbours = mentions[max(0, index - 1) : index] + mentions[index + 1 : index + 2]
    for other in neighbours:
        if other.side == mention.side:
            continue
        between = low[min(mention.end, other.end) : max(mention.start, other.start)]
        if all(token in _JOINERS for token in _WORD.findall(between)):
            return True
    return False


def prompt_neutrality(workshop: WorkshopData) -> list[Finding]:
    """R21 prompt neutrality: a prompt must not take one side's position for granted.

    Warning, one per attached prompt (in agenda order of its first session), when the
    prompt's text names one community as the one that must act or yield — "Why should
    Armenians finally accept that…", "What must Azerbaijan give up…" (see
    :func:`neutrality_problems`). The finding names the sessions that use it.

    Why (PRODUCT §5, what a good prompt is): a prompt is an open question that a
    participant from either community can answer from their own experience; it invites
    perspectives and does not lead to one. A prompt that puts one community in the dock
    tells that community the workshop has already taken the other side.
    """
    sessions_of: dict[str, list[str]] = {}
    prompts: dict[str, tuple[PromptData, list[str]]] = {}
    for session in workshop.sessions_in_order:
        for prompt in session.prompts:
            entry = prompts.setdefault(prompt.key, (prompt, []))
            if session.uid not in entry[1]:
                entry[1].append(session.uid)
            sessions_of.setdefault(prompt.key, []).append(session.title)
    findings = []
    for key, (prompt, session_uids) in prompts.items():
        problems = neutrality_problems(prompt.text)
        if not problems:
            continue
        titles = ", ".join(f"“{t}”" for t in dict.fromkeys(sessions_of[key]))
        findings.append(
            Finding(
                rule_id="R21",
                severity=FindingSeverity.WARNING,
                title=_("Prompt takes a side"),
                message=_(
                    "The prompt “%(prompt)s” (in %(sessions)s) is not neutral: %(reasons)s. Ask "
                    "the question of both communities, or of each participant.",
                    prompt=_shorten(prompt.text),
                    sessions=titles,
                    reasons="; ".join(p.reason for p in problems),
                ),
                why=_(
                    "A good prompt is an open question that a participant from either "
                    "community can answer from their own experience; it invites perspectives "
                    "and does not lead to one (PRODUCT §5). A prompt that names one community "
                    "as the one that must act tells that community the workshop has taken the "
                    "other side."
                ),
                session_uids=tuple(session_uids),
            )
        )
    return findings


def _shorten(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
