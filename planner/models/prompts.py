"""The prompt library: discussion questions, each citing the passage it was drawn from."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.extensions import db
from planner.models._columns import checked_enum, utcnow
from planner.vocabulary import Phase, PromptOrigin, PromptStatus

if TYPE_CHECKING:
    from planner.models.accounts import User
    from planner.models.catalogue import Segment, SensitiveTopic
    from planner.models.sources import Passage


prompt_topics = Table(
    "prompt_topics",
    db.metadata,
    Column("prompt_id", ForeignKey("prompts.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("sensitive_topics.id", ondelete="CASCADE"), primary_key=True),
)

prompt_segments = Table(
    "prompt_segments",
    db.metadata,
    Column("prompt_id", ForeignKey("prompts.id", ondelete="CASCADE"), primary_key=True),
    Column("segment_id", ForeignKey("segments.id", ondelete="CASCADE"), primary_key=True),
)


class Prompt(db.Model):
    __tablename__ = "prompts"
    __table_args__ = (Index("ix_prompts_phase_status", "phase", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable key: seed prompts keep theirs across re-seeding; others get a generated one.
    key: Mapped[str] = mapped_column(String(80), unique=True)
    text: Mapped[str] = mapped_column(Text)
    phase: Mapped[Phase] = mapped_column(checked_enum(Phase, "prompt_phase"))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    passage_id: Mapped[int | None] = mapped_column(
        ForeignKey("passages.id", ondelete="SET NULL"), index=True
    )
    # The exact span of the passage the prompt quotes.
    quote: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[PromptOrigin] = mapped_column(checked_enum(PromptOrigin, "prompt_origin"))
    status: Mapped[PromptStatus] = mapped_column(
        checked_enum(PromptStatus, "prompt_status"), default=PromptStatus.ACTIVE
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    passage: Mapped[Passage | None] = relationship()
    topics: Mapped[list[SensitiveTopic]] = relationship(
        secondary=prompt_topics, order_by="SensitiveTopic.id"
    )
    segments: Mapped[list[Segment]] = relationship(secondary=prompt_segments, order_by="Segment.id")
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Prompt {self.key}>"
