"""Workshops, their facilitation team and their invitations."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.crypto import EncryptedText
from planner.extensions import db
from planner.models._columns import checked_enum, public_id_column, utcnow
from planner.models.agenda import AGENDA_ORDER
from planner.vocabulary import (
    SIDES,
    Confidentiality,
    InvitationRole,
    InvitationStatus,
    Track,
    WorkshopFormat,
    WorkshopStatus,
)

if TYPE_CHECKING:
    from planner.models.accounts import User
    from planner.models.agenda import AgendaPublication, Session
    from planner.models.catalogue import Segment, Venue
    from planner.models.people import Person
    from planner.models.protection import Preparation


workshop_co_facilitators = Table(
    "workshop_co_facilitators",
    db.metadata,
    Column("workshop_id", ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)

workshop_target_segments = Table(
    "workshop_target_segments",
    db.metadata,
    Column("workshop_id", ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    Column("segment_id", ForeignKey("segments.id", ondelete="CASCADE"), primary_key=True),
)


class Workshop(db.Model):
    __tablename__ = "workshops"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates_ordered"),
        Index("ix_workshops_start_date", "start_date"),
        CheckConstraint(
            "women_target_percent >= 0 AND women_target_percent <= 100",
            name="women_target_percent_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = public_id_column()
    title: Mapped[str] = mapped_column(String(300))
    # Participant-facing.
    objectives: Mapped[str] = mapped_column(Text, default="")
    # Facilitator-only; encrypted at rest (planner.crypto).
    context_notes: Mapped[str] = mapped_column(EncryptedText, default="")
    venue_id: Mapped[int | None] = mapped_column(
        ForeignKey("venues.id", ondelete="SET NULL"), index=True
    )
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64))
    track: Mapped[Track] = mapped_column(
        checked_enum(Track, "workshop_track"), default=Track.TRACK_TWO
    )
    confidentiality: Mapped[Confidentiality] = mapped_column(
        checked_enum(Confidentiality, "workshop_confidentiality"),
        default=Confidentiality.CHATHAM_HOUSE,
    )
    status: Mapped[WorkshopStatus] = mapped_column(
        checked_enum(WorkshopStatus, "workshop_status"), default=WorkshopStatus.DRAFT
    )
    # The size and length the workshop is designed for (readiness R19). "Open" declares
    # nothing, so no workshop is judged against a format nobody chose for it.
    format: Mapped[WorkshopFormat] = mapped_column(
        checked_enum(WorkshopFormat, "workshop_format"),
        default=WorkshopFormat.OPEN,
        server_default=WorkshopFormat.OPEN.value,
    )
    # The organiser's target share of women among confirmed participants, in per cent
    # (UN Security Council resolution 1325); None: no target.
    women_target_percent: Mapped[int | None] = mapped_column(Integer)
    # The communities whose numbers must balance (readiness R1, R2, R18, R20, R22), as
    # Community values; international participants count as a side only when listed.
    parity_sides: Mapped[list[str]] = mapped_column(
        JSON,
        default=lambda: [side.value for side in SIDES],
        server_default=text('\'["armenian", "azerbaijani"]\''),
    )
    # Whether a participant's own files (PDF, DOCX, Markdown, JSON, ICS) and e-mails may name
    # other participants (issue 20): off unless the facilitator turns it on, and even then
    # never off the record, never a high- or elevated-risk person (planner.redaction).
    names_in_files: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # When ``flask retention apply`` removed this workshop's contact details, notes and links
    # (planner.protection.retention); None: not yet.
    retention_applied_at: Mapped[datetime | None] = mapped_column()
    # ISO 639-1 codes.
    working_languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Participant-facing translations of the title and objectives (issue 19, item 4):
    # {"title": {"hy": "…"}, "objectives": {"ru": "…"}}; planner.content_translations.
    translations: Mapped[dict] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    # Optimistic locking: every UPDATE checks and raises this (PRODUCT: no lost update).
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}

    venue: Mapped[Venue | None] = relationship()
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    # Every collection has an order (the same on SQLite and PostgreSQL).
    co_facilitators: Mapped[list[User]] = relationship(
        secondary=workshop_co_facilitators, order_by="User.id"
    )
    target_segments: Mapped[list[Segment]] = relationship(
        secondary=workshop_target_segments, order_by="Segment.id"
    )
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="workshop",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Invitation.id",
    )
    sessions: Mapped[list[Session]] = relationship(
        back_populates="workshop",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by=AGENDA_ORDER,
    )
    publications: Mapped[list[AgendaPublication]] = relationship(
        back_populates="workshop",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="AgendaPublication.number",
    )

    @property
    def days(self) -> list[date]:
        from planner.workshops.dates import workshop_days

        return workshop_days(self.start_date, self.end_date)

    def __repr__(self) -> str:
        return f"<Workshop {self.uid}>"


class Invitation(db.Model):
    """A person's place in one workshop, and their private-link tokens (stored hashed)."""

    __tablename__ = "invitations"
    __table_args__ = (
        UniqueConstraint("workshop_id", "person_id", name="uq_invitations_workshop_person"),
        CheckConstraint("per_diem >= 0", name="per_diem_not_negative"),
        CheckConstraint("travel_support >= 0", name="travel_support_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = public_id_column()
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[InvitationRole] = mapped_column(
        checked_enum(InvitationRole, "invitation_role"), default=InvitationRole.PARTICIPANT
    )
    status: Mapped[InvitationStatus] = mapped_column(
        checked_enum(InvitationStatus, "invitation_status"), default=InvitationStatus.INVITED
    )
    # SHA-256 of the private agenda-link and calendar-feed tokens; the tokens themselves are
    # shown once and never stored.
    agenda_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The publication number the participant last looked at, to show what changed since.
    last_seen_publication: Mapped[int | None] = mapped_column(Integer)
    # What the person receives (Do No Harm's "resource transfers"), facilitator-only: the
    # per diem (a day, in the workshop's currency), travel support (in all), and whether a
    # room is provided. None: not recorded.
    per_diem: Mapped[int | None] = mapped_column(Integer)
    travel_support: Mapped[int | None] = mapped_column(Integer)
    room: Mapped[bool | None] = mapped_column(Boolean)
    # Optimistic locking of role and status: a plain column raised explicitly when they change
    # (not ``version_id_col``: ``mark_seen`` writes this row on every agenda view, and that
    # must not invalidate a facilitator's open form).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    workshop: Mapped[Workshop] = relationship(back_populates="invitations")
    person: Mapped[Person] = relationship(back_populates="invitations")
    preparation: Mapped[Preparation | None] = relationship(
        back_populates="invitation", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<Invitation {self.uid}>"
