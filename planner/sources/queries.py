"""Queries of the sources pages: each page loads what it shows in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from planner.extensions import db
from planner.models import CandidateReview, Prompt, SensitiveTopic, Source
from planner.models.sources import Passage
from planner.vocabulary import CandidateDecision, PassageKind, PromptOrigin

#: Kinds that are the article's own text (the rest is page furniture and disclaimers).
ARTICLE_KINDS = (
    PassageKind.TITLE,
    PassageKind.LEAD,
    PassageKind.BODY,
    PassageKind.ATTRIBUTION,
    PassageKind.CAPTION,
)


@dataclass(frozen=True)
class SourceRow:
    """One line of the sources list."""

    source: Source
    passages: int
    body_passages: int
    derived_prompts: int
    rejected: int


def source_rows() -> list[SourceRow]:
    """Every imported source, newest first, with its counts (three queries)."""
    sources = db.session.scalars(
        select(Source)
        .options(selectinload(Source.imported_by))
        .order_by(Source.imported_at.desc(), Source.id.desc())
    ).all()
    passage_counts = {
        source_id: (total, body or 0)
        for source_id, total, body in db.session.execute(
            select(
                Passage.source_id,
                func.count(Passage.id),
                func.sum(
                    case((Passage.kind.in_([PassageKind.LEAD, PassageKind.BODY]), 1), else_=0)
                ),
            ).group_by(Passage.source_id)
        )
    }
    prompt_counts = dict(
        db.session.execute(
            select(Passage.source_id, func.count(Prompt.id))
            .join(Prompt, Prompt.passage_id == Passage.id)
            .where(Prompt.origin == PromptOrigin.DERIVED)
            .group_by(Passage.source_id)
        ).all()
    )
    rejected_counts = dict(
        db.session.execute(
            select(CandidateReview.source_id, func.count(CandidateReview.id))
            .where(CandidateReview.decision == CandidateDecision.REJECTED)
            .group_by(CandidateReview.source_id)
        ).all()
    )
    return [
        SourceRow(
            source=s,
            passages=passage_counts.get(s.id, (0, 0))[0],
            body_passages=int(passage_counts.get(s.id, (0, 0))[1]),
            derived_prompts=prompt_counts.get(s.id, 0),
            rejected=rejected_counts.get(s.id, 0),
        )
        for s in sources
    ]


def source_with_passages(source_id: int) -> Source | None:
    """A source with its passages loaded."""
    return db.session.scalar(
        select(Source)
        .where(Source.id == source_id)
        .options(selectinload(Source.passages), selectinload(Source.imported_by))
    )


def topic_names() -> dict[str, str]:
    """Catalogue topic names by key, for the topic tags of passages."""
    return dict(db.session.execute(select(SensitiveTopic.key, SensitiveTopic.name)).all())


def decided_keys(source: Source) -> set[str]:
    """Keys of the candidates of ``source`` already accepted or rejected."""
    return set(
        db.session.scalars(
            select(CandidateReview.candidate_key).where(CandidateReview.source_id == source.id)
        )
    )


def derived_prompts(source: Source) -> list[Prompt]:
    """The prompts already derived from ``source``, in the order they were accepted."""
    return list(
        db.session.scalars(
            select(Prompt)
            .join(Passage, Prompt.passage_id == Passage.id)
            .where(Passage.source_id == source.id, Prompt.origin == PromptOrigin.DERIVED)
            .options(selectinload(Prompt.passage))
            .order_by(Prompt.id)
        )
    )


def library_questions(source: Source) -> list[str]:
    """The texts of the library's prompts, except those derived from ``source`` (whose
    candidates must keep their own questions while they are reviewed)."""
    own = select(Passage.id).where(Passage.source_id == source.id)
    return list(
        db.session.scalars(
            select(Prompt.text).where(
                (Prompt.passage_id.is_(None)) | (Prompt.passage_id.not_in(own))
            )
        )
    )


def quoted(source: Source) -> set[str]:
    """The quotes of ``source`` that prompts of the library already cite."""
    return set(
        db.session.scalars(
            select(Prompt.quote)
            .join(Passage, Prompt.passage_id == Passage.id)
            .where(Passage.source_id == source.id)
        )
    )
