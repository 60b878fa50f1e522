"""Imported source documents, their passages, and the context timeline drawn from them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.extensions import db
from planner.models._columns import checked_enum, utcnow
from planner.vocabulary import CandidateDecision, PassageKind

if TYPE_CHECKING:
    from planner.models.accounts import User
    from planner.models.prompts import Prompt


class Source(db.Model):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    # The authors joined for display ("A and B"); ``authors`` keeps each name.
    author: Mapped[str] = mapped_column(String(200), default="")
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    published_on: Mapped[date | None] = mapped_column(Date)
    outlet: Mapped[str] = mapped_column(String(200), default="")
    attribution: Mapped[str] = mapped_column(Text, default="")
    raw_text: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    passages: Mapped[list[Passage]] = relationship(
        back_populates="source",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Passage.index",
    )
    imported_by: Mapped[User | None] = relationship()

    def body_passages(self) -> list[Passage]:
        return [p for p in self.passages if p.kind in (PassageKind.LEAD, PassageKind.BODY)]

    def __repr__(self) -> str:
        return f"<Source {self.key}>"


class Passage(db.Model):
    __tablename__ = "passages"
    __table_args__ = (UniqueConstraint("source_id", "index", name="uq_passages_source_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    index: Mapped[int] = mapped_column(Integer)
    kind: Mapped[PassageKind] = mapped_column(checked_enum(PassageKind, "passage_kind"))
    text: Mapped[str] = mapped_column(Text)
    # Keys of the catalogue topics whose keywords the passage matches.
    topic_keys: Mapped[list[str]] = mapped_column(JSON, default=list)

    source: Mapped[Source] = relationship(back_populates="passages")

    def __repr__(self) -> str:
        return f"<Passage {self.source_id}#{self.index}>"


class ContextEvent(db.Model):
    """A dated entry of a brief's background section, citing its passage."""

    __tablename__ = "context_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    # Sort date; ``when`` is how the source puts it ("the end of 2021").
    sort_date: Mapped[date] = mapped_column(Date, index=True)
    when: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    passage_id: Mapped[int | None] = mapped_column(ForeignKey("passages.id", ondelete="SET NULL"))
    quote: Mapped[str] = mapped_column(Text, default="")

    passage: Mapped[Passage | None] = relationship()


class CandidateReview(db.Model):
    """A facilitator's decision on one prompt candidate of a source.

    Candidates are recomputed from the source's raw text, not stored; a decision is kept
    under the candidate's key (phase, passage index and quote), so a rejected candidate
    stays rejected and an accepted one is not offered again.
    """

    __tablename__ = "candidate_reviews"
    __table_args__ = (
        UniqueConstraint("source_id", "candidate_key", name="uq_candidate_reviews_candidate"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    candidate_key: Mapped[str] = mapped_column(String(64))
    decision: Mapped[CandidateDecision] = mapped_column(
        checked_enum(CandidateDecision, "candidate_decision")
    )
    prompt_id: Mapped[int | None] = mapped_column(ForeignKey("prompts.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    source: Mapped[Source] = relationship()
    prompt: Mapped[Prompt | None] = relationship()
    decided_by: Mapped[User | None] = relationship()
