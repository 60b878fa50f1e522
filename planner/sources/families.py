"""The question families of derived prompts, read from ``seeds/question_families.yaml``.

Each family is a kind of claim an article makes (contrast and concession, responsibility
and blame, expectations, realism, humanitarian need, status and sovereignty, perception of
the other side, future and joint action, dialogue and contact): the words that show it,
the phase its prompts belong to, and the open questions written for it. A facilitator
edits the YAML file; it is read once, at import, like ``seeds/session_formats.yaml``.
:func:`classify` says which kinds one sentence shows, by lemma.

Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from planner.sources.tagging import lemma, lemma_tokens
from planner.vocabulary import Phase

FAMILIES_FILE = Path(__file__).resolve().parents[2] / "seeds" / "question_families.yaml"
#: A family whose phase is taken from the other kind found in the same sentence.
CONTEXT = "context"
PHRASE_SLOT = "{phrase}"


class QuestionFamiliesError(ValueError):
    """The question families file is malformed; the message says where."""


@dataclass(frozen=True)
class QuestionFamily:
    """One kind of claim and the questions written for it."""

    key: str
    name: str
    phase: Phase | None  # None: from context
    fallback: Phase
    markers: tuple[tuple[str, ...], ...]  # each marker as its lemmas
    strength: int
    questions: tuple[str, ...]


@dataclass(frozen=True)
class KindFound:
    """A kind of claim one sentence shows, and how strongly."""

    family: QuestionFamily
    score: int
    markers: tuple[str, ...]


def load_families(path: Path = FAMILIES_FILE) -> tuple[QuestionFamily, ...]:
    """Read and check the families file; raises :class:`QuestionFamiliesError`."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as error:
        raise QuestionFamiliesError(f"{path} cannot be read: {error}") from None
    if not isinstance(entries, list):
        raise QuestionFamiliesError(f"{path} must be a list of families.")
    phases = {p.value: p for p in Phase}
    families: list[QuestionFamily] = []
    for position, entry in enumerate(entries, start=1):
        where = f"{path.name}, family {position}"
        if not isinstance(entry, dict) or not entry.get("key"):
            raise QuestionFamiliesError(f"{where}: each family needs a key.")
        key = str(entry["key"])
        phase_value = str(entry.get("phase", ""))
        if phase_value != CONTEXT and phase_value not in phases:
            raise QuestionFamiliesError(
                f"{where} ({key}): phase must be one of {', '.join(phases)} or {CONTEXT}."
            )
        fallback_value = str(entry.get("fallback", phase_value))
        if fallback_value not in phases:
            raise QuestionFamiliesError(
                f"{where} ({key}): a context family needs a fallback phase."
            )
        markers = entry.get("markers") or []
        questions = entry.get("questions") or []
        if not markers or not questions:
            raise QuestionFamiliesError(f"{where} ({key}): markers and questions are needed.")
        for question in questions:
            text = str(question).strip()
            if not text.endswith("?"):
                raise QuestionFamiliesError(f"{where} ({key}): “{text}” is not a question.")
            if "{" in text.replace(PHRASE_SLOT, ""):
                raise QuestionFamiliesError(
                    f"{where} ({key}): “{text}” has a slot other than {PHRASE_SLOT}."
                )
        if not any(PHRASE_SLOT not in str(q) for q in questions):
            raise QuestionFamiliesError(
                f"{where} ({key}): at least one question must read without {PHRASE_SLOT}."
            )
        families.append(
            QuestionFamily(
                key=key,
                name=str(entry.get("name", key)),
                phase=None if phase_value == CONTEXT else phases[phase_value],
                fallback=phases[fallback_value],
                markers=tuple(
                    lemmas for m in markers if (lemmas := tuple(lemma(w) for w in str(m).split()))
                ),
                strength=int(entry.get("strength", 1)),
                questions=tuple(" ".join(str(q).split()) for q in questions),
            )
        )
    if len({f.key for f in families}) != len(families):
        raise QuestionFamiliesError(f"{path.name}: two families have the same key.")
    return tuple(families)


FAMILIES: tuple[QuestionFamily, ...] = load_families()


@lru_cache(maxsize=8)
def _index(
    families: tuple[QuestionFamily, ...],
) -> dict[str, list[tuple[QuestionFamily, tuple[str, ...]]]]:
    by_first: dict[str, list[tuple[QuestionFamily, tuple[str, ...]]]] = {}
    for family in families:
        for marker in family.markers:
            by_first.setdefault(marker[0], []).append((family, marker))
    return by_first


def classify(sentence: str, families: Sequence[QuestionFamily] = FAMILIES) -> list[KindFound]:
    """The kinds of claim ``sentence`` shows, strongest first (markers matched by lemma;
    hyphenated words are read whole and in parts)."""
    index = _index(tuple(families))
    tokens = [t[0] for t in lemma_tokens(sentence)]
    words: list[str] = []
    for token in tokens:
        words.append(token)
    found: dict[str, tuple[QuestionFamily, list[str]]] = {}
    for i, word in enumerate(words):
        for family, marker in index.get(word, ()):
            if tuple(words[i : i + len(marker)]) == marker:
                entry = found.setdefault(family.key, (family, []))
                label = " ".join(marker)
                if label not in entry[1]:
                    entry[1].append(label)
    kinds = [
        KindFound(family, min(3, len(markers)) * family.strength, tuple(markers))
        for family, markers in found.values()
    ]
    order = {f.key: n for n, f in enumerate(families)}
    kinds.sort(key=lambda k: (-k.score, order[k.family.key]))
    return kinds


def phase_of(kind: KindFound, others: Sequence[KindFound]) -> Phase:
    """The phase of a claim of ``kind``; a context family takes the strongest other kind's."""
    if kind.family.phase is not None:
        return kind.family.phase
    for other in others:
        if other.family.phase is not None:
            return other.family.phase
    return kind.family.fallback
