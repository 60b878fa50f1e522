"""Protecting participants (issue 20): preparation records, the retention period, and the
anonymous counts that outlive a workshop's personal data."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.extensions import db
from planner.models._columns import checked_enum, utcnow
from planner.vocabulary import Community

if TYPE_CHECKING:
    from planner.models.workshops import Invitation


class Preparation(db.Model):
    """How one invited person was prepared for the workshop (facilitator-only).

    At most one per invitation; no row means nobody recorded any preparation.
    """

    __tablename__ = "preparations"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), unique=True
    )
    # The pre-workshop conversation: when, and who held it (a name as written).
    conversation_on: Mapped[date | None] = mapped_column(Date)
    conversation_by: Mapped[str] = mapped_column(String(200), default="", server_default="")
    risk_assessed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # When the person was asked whether they agree to be listed to the other participants.
    consent_asked_on: Mapped[date | None] = mapped_column(Date)
    travel_arranged: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    visa_arranged: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    invitation: Mapped[Invitation] = relationship(back_populates="preparation")

    @property
    def conversation_held(self) -> bool:
        return self.conversation_on is not None


class RetentionPolicy(db.Model):
    """The organiser's retention period: one row (id 1), or none when never set."""

    __tablename__ = "retention_policy"
    __table_args__ = (CheckConstraint("days IS NULL OR days >= 0", name="days_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Days after a workshop ends before its personal data is removed; None: kept.
    days: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RetainedCount(db.Model):
    """How many confirmed participants of one community and segment a workshop had, kept
    when retention removes who they were (for reports)."""

    __tablename__ = "retained_counts"
    __table_args__ = (
        UniqueConstraint("workshop_id", "community", "segment", name="uq_retained_counts_cell"),
        CheckConstraint("count >= 0", name="count_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    community: Mapped[Community] = mapped_column(checked_enum(Community, "retained_community"))
    # The segment's name at the time (segments can be renamed or removed later); "" for none.
    segment: Mapped[str] = mapped_column(String(120), default="")
    count: Mapped[int] = mapped_column(Integer)
