"""Queries of the prompt library."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload, selectinload

from planner.models import Prompt, Segment, SensitiveTopic
from planner.models.sources import Passage
from planner.vocabulary import Phase, PromptStatus


@dataclass(frozen=True)
class PromptFilter:
    phase: str = ""
    topic: str = ""
    segment: str = ""
    text: str = ""
    include_retired: bool = False


def library_query(f: PromptFilter) -> Select:
    query = select(Prompt).options(
        selectinload(Prompt.topics),
        selectinload(Prompt.segments),
        joinedload(Prompt.passage).joinedload(Passage.source),
    )
    if not f.include_retired:
        query = query.where(Prompt.status == PromptStatus.ACTIVE)
    if f.phase in {p.value for p in Phase}:
        query = query.where(Prompt.phase == Phase(f.phase))
    if f.topic:
        query = query.where(Prompt.topics.any(SensitiveTopic.key == f.topic))
    if f.segment:
        query = query.where(Prompt.segments.any(Segment.key == f.segment))
    if f.text.strip():
        needle = f"%{f.text.strip()}%"
        query = query.where(or_(Prompt.text.ilike(needle), Prompt.quote.ilike(needle)))
    return query.order_by(Prompt.phase, Prompt.id)


def quote_in_context(passage_text: str, quote: str) -> tuple[str, str, str]:
    """Split a passage around its quoted span: (before, quote, after) for highlighting."""
    at = passage_text.find(quote) if quote else -1
    if at < 0:
        return passage_text, "", ""
    return passage_text[:at], quote, passage_text[at + len(quote) :]
