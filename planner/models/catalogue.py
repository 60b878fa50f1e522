"""The organiser's catalogues: segments of society, venues and sensitive topics."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, CheckConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planner.extensions import db
from planner.models._columns import checked_enum
from planner.vocabulary import Severity


class Segment(db.Model):
    """A part of society a participant represents: experts, journalists, business, youth…"""

    __tablename__ = "segments"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")

    def __repr__(self) -> str:
        return f"<Segment {self.key}>"


class Venue(db.Model):
    __tablename__ = "venues"
    __table_args__ = (
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(120))
    # ISO 3166-1 alpha-2 code, e.g. "GE", "IT", "AM", "AZ".
    country: Mapped[str] = mapped_column(String(2))
    timezone: Mapped[str] = mapped_column(String(64))
    neutral_ground: Mapped[bool] = mapped_column(Boolean, default=True)
    capacity: Mapped[int | None] = mapped_column(Integer)
    accessibility_notes: Mapped[str] = mapped_column(Text, default="")

    def __repr__(self) -> str:
        return f"<Venue {self.key}>"


class SensitiveTopic(db.Model):
    """A catalogue entry facilitators flag sessions and prompts with."""

    __tablename__ = "sensitive_topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    severity: Mapped[Severity] = mapped_column(checked_enum(Severity, "topic_severity"))
    description: Mapped[str] = mapped_column(Text, default="")
    # Facilitator-only: never rendered for the participant audience.
    handling_guidance: Mapped[str] = mapped_column(Text, default="")
    participant_note: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)

    def __repr__(self) -> str:
        return f"<SensitiveTopic {self.key}>"
