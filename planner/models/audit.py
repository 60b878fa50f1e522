"""Audit events: who did what to which record, and when — never the content of notes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from planner.extensions import db
from planner.models._columns import utcnow


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_at", "at"),
        Index("ix_audit_events_workshop", "workshop_uid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # A label that survives the account (e.g. "facilitator #3"), pseudonymised on erasure.
    actor_label: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(64), index=True)
    record_type: Mapped[str] = mapped_column(String(40))
    record_uid: Mapped[str] = mapped_column(String(40), default="")
    workshop_uid: Mapped[str | None] = mapped_column(String(24))
    # Names of changed fields and similar metadata; never the text of notes.
    details: Mapped[dict] = mapped_column(JSON, default=dict)
