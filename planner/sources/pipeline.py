"""The import pipeline: text in, classified and tagged passages and candidate prompts out.

``analyse`` runs segmentation (:mod:`.segmentation`), tagging (:mod:`.tagging`) and
derivation (:mod:`.derivation`) over already-decoded text; ``analyse_upload`` and
``analyse_paste`` decode and check the input first (:mod:`.decoding`). The results are
immutable dataclasses; ``analysis_to_dict`` and ``summary_text`` render them for the CLI
and for JSON.

Passage indexes are 0-based positions in ``Analysis.passages``.

Pure: no Flask, no database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from planner.i18n import gettext as _
from planner.sources.decoding import (
    DecodedDocument,
    ImportRefused,
    check_text,
    decode_paste,
    decode_upload,
)
from planner.sources.derivation import Candidate, derive_candidates
from planner.sources.segmentation import Block, interview_turns, join_names, segment_document
from planner.sources.tagging import Claim, find_claims, split_sentences, topic_keys_for
from planner.vocabulary import PassageKind, Phase
from planner.workshop_data import CitationData, TopicData

#: Column sizes of the ``sources`` table; longer values are shortened.
TITLE_MAX = 500
NAME_MAX = 200

#: Kinds whose text is the article's own and is therefore tagged with topics.
TAGGED_KINDS = frozenset(
    {PassageKind.TITLE, PassageKind.LEAD, PassageKind.BODY, PassageKind.CAPTION}
)
#: Kinds whose sentences are searched for claims (and from which prompts are derived).
ARGUMENT_KINDS = frozenset({PassageKind.LEAD, PassageKind.BODY})


@dataclass(frozen=True)
class Passage:
    """One numbered passage of an imported document."""

    index: int
    kind: PassageKind
    text: str
    topic_keys: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class Analysis:
    """Everything derived from one document; nothing is saved."""

    title: str
    authors: tuple[str, ...]
    outlet: str
    attribution: str
    passages: tuple[Passage, ...]
    candidates: tuple[Candidate, ...]
    is_interview: bool = False
    published: date | None = None

    @property
    def author(self) -> str:
        """The authors for display: "A", "A and B"."""
        return join_names(self.authors)

    def passages_of(self, *kinds: PassageKind) -> list[Passage]:
        """The passages of the given kinds, in document order."""
        return [p for p in self.passages if p.kind in kinds]

    def candidates_for(self, phase: Phase) -> list[Candidate]:
        """The candidates proposed for ``phase``."""
        return [c for c in self.candidates if c.phase == phase]

    @property
    def topic_keys(self) -> tuple[str, ...]:
        """Keys of all topics tagged on any passage, in order of first appearance."""
        return tuple(dict.fromkeys(k for p in self.passages for k in p.topic_keys))

    def citation(self, candidate: Candidate) -> CitationData:
        """The citation of a candidate, for a :class:`~planner.workshop_data.PromptData`."""
        passage = self.passages[candidate.passage_index]
        return CitationData(
            source_title=self.title,
            author=self.author,
            outlet=self.outlet,
            passage_index=passage.index,
            passage_kind=passage.kind,
            passage_text=passage.text,
            quote=candidate.quote,
        )


def analyse(
    text_or_html: str,
    *,
    is_html: bool,
    catalogue: Sequence[TopicData] = (),
    avoid_questions: Collection[str] = (),
) -> Analysis:
    """Segment, tag and derive prompts from a document's text.

    Raises :class:`ImportRefused` for text that :func:`check_text` refuses or in which no
    passage can be found (e.g. an HTML page that is all script).
    """
    text = check_text(text_or_html)
    segmentation = segment_document(text, is_html=is_html)
    if not segmentation.segments:
        raise ImportRefused(_("No readable text was found in the document."))
    passages = analyse_passages([(seg.kind, seg.text) for seg in segmentation.segments], catalogue)
    return Analysis(
        title=_shorten(segmentation.title, TITLE_MAX) or "Untitled source",
        authors=tuple(_shorten(a, NAME_MAX) for a in segmentation.authors),
        outlet=_shorten(segmentation.outlet, NAME_MAX),
        attribution=segmentation.attribution,
        passages=tuple(passages),
        candidates=tuple(
            derive_candidates(
                passages,
                catalogue,
                interview=segmentation.is_interview,
                plural=len(segmentation.authors) > 1,
                avoid_questions=avoid_questions,
                interviewers=segmentation.authors,
            )
        ),
        is_interview=segmentation.is_interview,
        published=segmentation.published,
    )


def analyse_passages(
    stored: Sequence[tuple[PassageKind, str]], catalogue: Sequence[TopicData] = ()
) -> list[Passage]:
    """Tag passages of the given kinds and texts and find their claims, in order."""
    passages: list[Passage] = []
    for index, (kind, text) in enumerate(stored):
        kind = PassageKind(kind)
        topics = topic_keys_for(text, catalogue) if kind in TAGGED_KINDS else ()
        claims: tuple[Claim, ...] = ()
        if kind in ARGUMENT_KINDS:
            claims = find_claims(text, split_sentences(text))
        passages.append(Passage(index, kind, text, topics, claims))
    return passages


def reanalyse(
    *,
    title: str,
    authors: Sequence[str],
    outlet: str,
    attribution: str,
    stored: Sequence[tuple[PassageKind, str]],
    catalogue: Sequence[TopicData] = (),
    published: date | None = None,
    is_interview: bool | None = None,
    avoid_questions: Collection[str] = (),
) -> Analysis:
    """The analysis of a stored (possibly corrected) source: its candidates are derived
    from the passages as they now are, not from the text as first imported."""
    passages = analyse_passages(stored, catalogue)
    if is_interview is None:
        is_interview = looks_like_interview([text for _, text in stored])
    return Analysis(
        title=title,
        authors=tuple(authors),
        outlet=outlet,
        attribution=attribution,
        passages=tuple(passages),
        candidates=tuple(
            derive_candidates(
                passages,
                catalogue,
                interview=is_interview,
                plural=len(authors) > 1,
                avoid_questions=avoid_questions,
                interviewers=authors,
            )
        ),
        is_interview=is_interview,
        published=published,
    )


def looks_like_interview(texts: Sequence[str]) -> bool:
    """Whether passages are the turns of an interview ("Q: …", "A: …")."""
    return bool(interview_turns([Block(t) for t in texts]))


def analyse_upload(
    data: bytes, filename: str, *, catalogue: Sequence[TopicData] = ()
) -> tuple[DecodedDocument, Analysis]:
    """Decode an uploaded file and analyse it; the decoded text is what to store as raw text."""
    document = decode_upload(data, filename)
    return document, analyse(document.text, is_html=document.is_html, catalogue=catalogue)


def analyse_paste(
    text: str, *, catalogue: Sequence[TopicData] = (), is_html: bool | None = None
) -> tuple[DecodedDocument, Analysis]:
    """Check pasted text (HTML guessed unless ``is_html`` is given) and analyse it."""
    document = decode_paste(text, is_html=is_html)
    return document, analyse(document.text, is_html=document.is_html, catalogue=catalogue)


def _shorten(value: str, limit: int) -> str:
    value = value.strip()
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def analysis_to_dict(analysis: Analysis) -> dict[str, Any]:
    """A JSON-serialisable view: source, passages (with topic keys) and candidates."""
    return {
        "source": {
            "title": analysis.title,
            "author": analysis.author,
            "authors": list(analysis.authors),
            "published": analysis.published.isoformat() if analysis.published else None,
            "outlet": analysis.outlet,
            "attribution": analysis.attribution,
        },
        "passages": [
            {
                "index": p.index,
                "kind": p.kind.value,
                "text": p.text,
                "topics": list(p.topic_keys),
            }
            for p in analysis.passages
        ],
        "candidates": [
            {
                "phase": c.phase.value,
                "text": c.text,
                "quote": c.quote,
                "passage_index": c.passage_index,
            }
            for c in analysis.candidates
        ],
    }


def summary_text(analysis: Analysis) -> str:
    """A human-readable report: passages by kind, topics tagged, candidates by phase."""
    # Labels in the reader's language (English from the command line), padded to one column;
    # kinds, phases' keys and topics' keys stay as the JSON output names them.
    unknown = _("(unknown)")
    lines = [f"{_('Title:'):<9}{analysis.title}"]
    lines.append(f"{_('Author:'):<9}{analysis.author or unknown}")
    lines.append(f"{_('Outlet:'):<9}{analysis.outlet or unknown}")
    if analysis.published:
        lines.append(f"{_('Date:'):<9}{analysis.published.isoformat()}")
    if analysis.attribution:
        lines.append(f"{_('Attribution:')} {analysis.attribution}")
    kinds = Counter(p.kind for p in analysis.passages)
    by_kind = ", ".join(f"{kind.value} {kinds[kind]}" for kind in PassageKind if kinds[kind])
    lines.append(f"{_('Passages:')} {len(analysis.passages)} ({by_kind})")
    topics = Counter(k for p in analysis.passages for k in p.topic_keys)
    if topics:
        tagged = ", ".join(f"{key} ({n})" for key, n in topics.items())
        lines.append(f"{_('Topics tagged (passages):')} {tagged}")
    else:
        lines.append(_("Topics tagged: none"))
    phases = Counter(c.phase for c in analysis.candidates)
    by_phase = ", ".join(f"{phase.value} {phases[phase]}" for phase in Phase)
    lines.append(f"{_('Candidates:')} {len(analysis.candidates)} ({by_phase})")
    for phase in Phase:
        chosen = analysis.candidates_for(phase)
        if not chosen:
            continue
        lines.append("")
        lines.append(f"[{_(phase.label)}]")
        for candidate in chosen:
            passage = _("(passage %(num)d)", num=candidate.passage_index)
            lines.append(f"  - {passage} {candidate.text}")
    return "\n".join(lines) + "\n"
